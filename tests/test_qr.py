"""QR codes: ecrprint's fast mask choice gives exactly the code the qrcode package makes."""

from __future__ import annotations

import random

import pytest
import qrcode
import qrcode.util

from ecrprint import qr

URLS = (
    [f"https://connect.myesr.org/ecr2024/session/{n:05d}-{'x' * (n % 53)}" for n in range(0, 400, 7)]
    + [f"https://ecr.example/{n}" for n in range(12)]
    + ["https://example.org/" + "é" * n for n in (1, 20, 60, 120)]  # up to version 14
    # Long runs of digits and of upper-case letters go in their own, denser modes.
    + ["https://ecr.example/s/" + "20240228" * n for n in (3, 12)]
    + ["HTTPS://ECR.EXAMPLE/" + "SESSION-" * n + "RC 1405" for n in (3, 40)]
    + ["https://ecr.example/?id=" + "0123456789" * 60]  # version 10 and up, where lengths take more bits
    # Just too long for the version that would hold it if lengths took as few bits as below 10.
    + ["https://ecr.example/" + "a" * n for n in (201, 222, 232, 252)]
)


def reference(url: str, level: str) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=qr._LEVELS[level], border=0)
    code.add_data(url)
    code.make(fit=True)
    return [[bool(m) for m in row] for row in code.get_matrix()]


def matrix(url: str, level: str) -> list[list[bool]]:
    size, runs = qr.runs(url, level)
    out = [[False] * size for _ in range(size)]
    for row, first, length in runs:
        out[row][first : first + length] = [True] * length
    return out


@pytest.mark.parametrize("level", "LMQH")
def test_same_modules_as_the_qrcode_package(level: str):
    for url in URLS:
        assert matrix(url, level) == reference(url, level), url


def test_penalty_matches_the_reference_scoring():
    # All light: runs 22 × 9, 2×2 blocks 100 × 3, no finder-like pattern, balance 10 × 10.
    assert qr.penalty([0] * 11, 11) == 198 + 300 + 0 + 100
    rng = random.Random(7)
    for size in (21, 25, 33, 45):
        for _ in range(20):
            rows = [rng.getrandbits(size) for _ in range(size)]
            rows[3] = int("10111010000" + "0" * (size - 11), 2)  # one finder-like pattern at least
            modules = [[bool(row >> (size - 1 - c) & 1) for c in range(size)] for row in rows]
            assert qr.penalty(rows, size) == qrcode.util.lost_point(modules)
