"""A text progress bar for the search commands, fed with how many items were just handled."""

import sys
import time


class ProgressBar:
    def __init__(self, label: str, total: int, out=None, width: int = 30):
        self.label, self.total, self.width = label, max(total, 0), width
        self.out = out or sys.stderr
        self.done = 0
        self.started = time.monotonic()
        self.draw()

    def advance(self, count: int) -> None:
        self.done += count
        self.draw()

    def draw(self) -> None:
        filled = self.width * min(self.done, self.total) // max(self.total, 1)
        rate = self.done / max(time.monotonic() - self.started, 1e-6)
        self.out.write(
            f"\r{self.label:<10} [{'#' * filled}{'.' * (self.width - filled)}] "
            f"{self.done}/{self.total} ({rate:,.0f}/s)"
        )
        self.out.flush()

    def close(self) -> None:
        self.out.write("\n")
        self.out.flush()
