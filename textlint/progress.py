"""A one-line progress bar on a terminal: records done, MB/s, time left.

Written with the standard library rather than tqdm: one line redrawn with
``\\r`` is all corpus mode needs, and a dependency for it would be imported
by every run.  The bar appears only on a terminal, only once a run has taken
a few seconds (a short run shows nothing), and is wiped before anything
else is printed to the terminal and when the run ends.
"""
from __future__ import annotations

import os
import time

DELAY = 2.0  # seconds before the bar first appears
INTERVAL = 0.25  # seconds between redraws


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


def render(records: int, done: int, total: int, elapsed: float, width: int, label: str = "") -> str:
    """The bar for ``done`` of ``total`` bytes read in ``elapsed`` seconds,
    at most ``width`` characters; without a total, no share and no ETA."""
    rate = done / elapsed if elapsed > 0 else 0.0
    words = [f"{records:,} records", f"{rate / 1e6:.1f} MB/s"]
    share = None
    if total > 0:
        share = min(1.0, done / total)
        if rate > 0:
            words.append(f"ETA {_duration(max(0, total - done) / rate)}")
    text = " ".join(words)
    head = f"textlint{' ' + label if label else ''}:"
    if share is not None:
        head += f" {share * 100:3.0f}%"
        room = width - len(head) - len(text) - 4  # spaces and brackets
        if room >= 10:
            filled = int(room * share)
            head += f" [{'#' * filled}{'.' * (room - filled)}]"
    return f"{head} {text}"[:width]


class Progress:
    """Counts what a run has done and redraws the bar now and then."""

    def __init__(self, stream, total: int = 0, clock=time.monotonic, shares_screen: bool = True) -> None:
        self.stream = stream
        #: whether what the run prints goes to the same terminal (stdout not redirected)
        self.shares_screen = shares_screen
        self.clock = clock
        self.began = clock()
        self.shown = 0  # characters of the bar on the screen
        self.last_draw = 0.0
        self.start(total)

    @classmethod
    def for_stream(cls, stream, quiet: bool, output=None) -> "Progress | None":
        """A bar on ``stream`` if it is a terminal and the run is not quiet;
        ``output`` is where the report goes."""
        if quiet or not _is_terminal(stream):
            return None
        return cls(stream, shares_screen=output is None or _is_terminal(output))

    def start(self, total: int, label: str = "") -> None:
        """Count a new pass over ``total`` bytes (the cross-document rules read twice)."""
        self.total, self.label = total, label
        self.records = self.done = 0
        self.pass_began = self.clock()

    def update(self, records: int = 0, done: int = 0) -> None:
        self.records += records
        self.done += done
        now = self.clock()
        if now - self.began >= DELAY and now - self.last_draw >= INTERVAL:
            self.last_draw = now
            self._draw(render(self.records, self.done, self.total, now - self.pass_began, self._width(), self.label))

    def _width(self) -> int:
        try:
            columns = os.get_terminal_size(self.stream.fileno()).columns
        except (AttributeError, OSError, ValueError):
            columns = 0
        return columns - 1 if columns > 20 else 79  # a terminal that gives no size says 0

    def _draw(self, line: str) -> None:
        # padded, not erased with an escape sequence: every terminal understands spaces
        self.stream.write("\r" + line.ljust(self.shown))
        self.stream.flush()
        self.shown = len(line)

    def make_room(self) -> None:
        """Before the run prints: wipe the bar if the print would land on it."""
        if self.shares_screen:
            self.clear()

    def clear(self) -> None:
        """Wipe the bar, so that what is printed next starts on a clean line."""
        if self.shown:
            self.stream.write("\r" + " " * self.shown + "\r")
            self.stream.flush()
            self.shown = 0

    def close(self) -> None:
        self.clear()


def _is_terminal(stream) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
