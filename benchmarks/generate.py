"""Write a large, deterministic synthetic congress (SAMPLE data) for the benchmark.

    python benchmarks/generate.py OUT_DIR [--sessions 800] [--rooms 25] [--seed 2024]

It reuses the sample project's congress, formats and workshops, and invents rooms, days and a
timetable: long titles, names with diacritics, short sessions beside long ones.
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

FIRST = [
    "Małgorzata",
    "Paweł",
    "Agnieszka",
    "Łukasz",
    "Şule",
    "Çağrı",
    "Gökhan",
    "Ayşe",
    "Jiří",
    "Kateřina",
    "Tomáš",
    "Zuzana",
    "Eleni",
    "Dimitrios",
    "Γεώργιος",
    "Μαρία",
    "Søren",
    "Åsa",
    "Bjørn",
    "Sigríður",
    "Jüri",
    "Päivi",
    "Mikael",
    "Ingrid",
    "François",
    "Hélène",
    "José",
    "Inês",
    "Nicolò",
    "Zoë",
    "Jörg",
    "Ulrike",
    "Björn",
    "Anaïs",
    "Radu",
    "Ștefan",
    "Ľubomír",
    "Dóra",
    "Ivan",
    "Olha",
]
LAST = [
    "Wiśniewska",
    "Żółtowski",
    "Kowalczyk",
    "Dąbrowski",
    "Yıldırım",
    "Öztürk",
    "Ağaoğlu",
    "Çelik",
    "Dvořák",
    "Novotná",
    "Procházka",
    "Veselá",
    "Papadopoulou",
    "Georgiou",
    "Παπαδόπουλος",
    "Οικονόμου",
    "Jørgensen",
    "Lindström",
    "Østergaard",
    "Þórsdóttir",
    "Tamm",
    "Määttä",
    "Virtanen",
    "Håkansson",
    "Lefèvre",
    "Müller",
    "Gonçalves",
    "Fernández",
    "Fontana",
    "Strauß",
    "Brennan",
    "Ní Bhriain",
    "Nowicki",
    "Horváth",
    "Popescu",
    "Kováč",
    "Szabó",
    "Petrenko",
    "De Luca",
    "van der Berg",
]
TOPICS = [
    "hepatocellular carcinoma",
    "pancreatic cystic lesions",
    "prostate MRI",
    "breast tomosynthesis",
    "cardiac CT angiography",
    "stroke perfusion imaging",
    "pulmonary embolism",
    "interstitial lung disease",
    "musculoskeletal ultrasound",
    "paediatric neuroimaging",
    "rectal cancer staging",
    "renal masses",
    "thyroid nodules",
    "spinal trauma",
    "photon-counting CT",
    "radiomics",
    "dose optimisation",
    "large language models in reporting",
    "head and neck oncology",
    "vascular malformations",
]
ANGLES = [
    "what the radiologist needs to know",
    "pearls and pitfalls",
    "state of the art and future directions",
    "evidence, guidelines and everyday practice",
    "a case-based approach",
    "from acquisition to report",
    "imaging after treatment: expected findings and complications in the emergency setting",
]


def name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def unbooked(session: dict, busy: dict[str, list[tuple[int, int]]], begin: int, end: int) -> None:
    """Gives the session's chairs and speakers who are in another session then (a draw of
    names takes no account of time) the next names that are free, without drawing from the
    random numbers, so that the rest of the congress stays as it was; and books them."""
    everyone = [f"{first} {last}" for first in FIRST for last in LAST]
    lists = [session["chairs"]] + [lecture["speakers"] for lecture in session["lectures"]]
    for names in lists:
        for i, person in enumerate(names):
            at = everyone.index(person)
            while any(b < end and begin < e for b, e in busy[everyone[at]]):
                at = (at + 1) % len(everyone)
            names[i] = everyone[at]
    for person in {person for names in lists for person in names}:
        busy[person].append((begin, end))


def title(rng: random.Random) -> str:
    t = f"{rng.choice(TOPICS).capitalize()}: {rng.choice(ANGLES)}"
    if rng.random() < 0.2:
        t += f", with a focus on {rng.choice(TOPICS)} and {rng.choice(TOPICS)} in daily clinical routine"
    return t


def generate(out: Path, sessions: int, rooms: int, seed: int) -> None:
    rng = random.Random(seed)
    content = out / "content"
    if content.exists():
        shutil.rmtree(content)
    (content / "sessions").mkdir(parents=True)
    for name_ in ("congress.yaml", "formats.yaml", "workshops.yaml"):
        shutil.copy(ROOT / "content" / name_, content / name_)
    # A booklet of this length would be perfect bound; it stays saddle-stitched so that its
    # printer spreads are made, and timed, as the sample's are.
    congress = content / "congress.yaml"
    text = congress.read_text()
    assert "  binding: saddle-stitch\n" in text
    congress.write_text(
        text.replace("  binding: saddle-stitch\n", "  binding: saddle-stitch\n  saddle_stitch_max_pages: 400\n", 1)
    )
    formats = [f["id"] for f in yaml.safe_load((content / "formats.yaml").read_text())["formats"]]
    abbr = {
        f["id"]: f.get("abbreviation") or f["id"][:3].upper()
        for f in yaml.safe_load((content / "formats.yaml").read_text())["formats"]
    }
    room_list = [
        {"id": f"r{i + 1:02d}", "name": f"Room {i + 1}", "level": f"Level {i // 8}", "capacity": 100 + 50 * (i % 9)}
        for i in range(rooms)
    ]
    header = "# SAMPLE data: a synthetic congress generated by benchmarks/generate.py.\n"
    (content / "rooms.yaml").write_text(
        header + yaml.safe_dump({"rooms": room_list}, allow_unicode=True, sort_keys=False)
    )
    start = date(2024, 2, 28)
    days = [start + timedelta(days=i) for i in range(5)]
    (content / "days.yaml").write_text(
        header
        + yaml.safe_dump({"days": [{"date": d, "opens": "08:00", "closes": "20:00"} for d in days]}, sort_keys=False)
    )
    per_day = [sessions // 5 + (1 if i < sessions % 5 else 0) for i in range(5)]
    counter = 0
    for d, count in zip(days, per_day):
        items = []
        room_clock = {r["id"]: 8 * 60 for r in room_list}
        busy: dict[str, list[tuple[int, int]]] = defaultdict(list)  # each person's sessions that day
        for i in range(count):
            room = room_list[i % rooms]["id"]
            length = rng.choice([30, 30, 60, 60, 90])
            begin = room_clock[room]
            if begin + length > 20 * 60:
                begin, length = 20 * 60 - 30, 30
            room_clock[room] = begin + length + rng.choice([0, 0, 15, 30])
            fmt = formats[counter % len(formats)]
            counter += 1
            lectures = [
                {"title": title(rng), "speakers": [name(rng) for _ in range(rng.choice([1, 1, 2]))]}
                for _ in range(rng.choice([2, 3, 4, 4, 5, 6]))
            ]
            items.append(
                {
                    "code": f"{abbr[fmt]} {d.day:02d}{i:03d}",
                    "format": fmt,
                    "title": title(rng),
                    "room": room,
                    "day": d,
                    "start": f"{begin // 60:02d}:{begin % 60:02d}",
                    "end": f"{(begin + length) // 60:02d}:{(begin + length) % 60:02d}",
                    "chairs": [name(rng) for _ in range(rng.choice([1, 2]))],
                    "lectures": lectures,
                }
            )
            unbooked(items[-1], busy, begin, begin + length)
        text = yaml.safe_dump({"sessions": items}, allow_unicode=True, sort_keys=False, width=120)
        (content / "sessions" / f"{d.isoformat()}.yaml").write_text(header + text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path)
    parser.add_argument("--sessions", type=int, default=800)
    parser.add_argument("--rooms", type=int, default=25)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    generate(args.out, args.sessions, args.rooms, args.seed)
    print(f"Wrote a synthetic congress with {args.sessions} sessions in {args.rooms} rooms to {args.out / 'content'}")


if __name__ == "__main__":
    main()
