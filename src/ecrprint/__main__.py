"""Run ecrprint as `python -m ecrprint`."""

import sys

from .cli import main

sys.exit(main())
