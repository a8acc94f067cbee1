"""The progress bar on stderr: articles linted (a file, or a record of a JSONL file)."""

from __future__ import annotations

import time


class Progress:
    """A rich progress bar that appears only once a run has taken more than a second,
    so short runs print nothing extra. ``total`` counts articles: one per file, one
    per record of a JSONL file."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.started = time.monotonic()
        self._bar = None
        self._task = None

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._bar is None:
            if time.monotonic() - self.started > 1.0 and self.done < self.total:
                from rich.console import Console
                from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

                self._bar = Progress(TextColumn("linting"), BarColumn(), MofNCompleteColumn(), TextColumn("articles"),
                                     TimeRemainingColumn(), console=Console(stderr=True), transient=True)
                self._task = self._bar.add_task("", total=self.total, completed=self.done)
                self._bar.start()
        else:
            self._bar.update(self._task, completed=self.done)

    def stop(self) -> None:
        if self._bar is not None:
            self._bar.stop()
