"""A progress bar over rendered parts on a terminal, and nothing when output is not one."""

from __future__ import annotations

import sys


class Progress:
    """Context manager handing out progress tasks; silent unless stderr is a terminal."""

    def __init__(self, enabled: bool | None = None):
        self.enabled = sys.stderr.isatty() if enabled is None else enabled
        self._bar = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
            from rich.progress import Progress as RichProgress

            self._bar = RichProgress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                transient=True,
            )
            self._bar.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)

    def start(self, label: str, total: int):
        if self._bar is None:
            return None
        return self._bar.add_task(label or "rendering", total=total)

    def advance(self, task) -> None:
        if self._bar is not None and task is not None:
            self._bar.advance(task)
