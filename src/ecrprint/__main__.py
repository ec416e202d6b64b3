"""Run ecrprint as `python -m ecrprint`."""

from .cli import run

run()
