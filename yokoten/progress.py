"""Progress of a long management command: a line per step or batch, with the time
since the command started, as it happens (not all at the end); nothing under
``-v0``. ``progress = Progress(self.stdout, options["verbosity"])``, then
``progress("12 of 40 written")`` or ``with progress.step("Case studies"): …``.
Services that do the work take the progress as a plain callable (``report``), or
as the stdout they write to (it has ``write``)."""

import io
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


class Progress:
    def __init__(self, stdout, verbosity: int = 1, *, clock: Callable[[], float] = time.monotonic):
        self.quiet = int(verbosity) < 1
        # What the steps themselves write goes to ``out``: the command's stdout, or
        # nowhere under -v0.
        self.out = io.StringIO() if self.quiet else stdout
        self.clock = clock
        self.started = clock()

    def elapsed(self) -> float:
        return self.clock() - self.started

    def __call__(self, message: str) -> None:
        if not self.quiet:
            self.out.write(f"[{self.elapsed():6.1f} s] {message}")
            flush = getattr(self.out, "flush", None)
            if flush is not None:
                flush()

    def write(self, message: str) -> None:
        """So a step that writes to a stdout writes progress lines (with the time)."""
        self(message.rstrip("\n"))

    @contextmanager
    def step(self, label: str, *, number: int = 0, total: int = 0) -> Iterator[None]:
        """``(3/12) label …`` before the step, ``(3/12) label: done in 2.1 s`` after it."""
        counter = f"({number}/{total}) " if total else ""
        self(f"{counter}{label} …")
        started = self.clock()
        yield
        self(f"{counter}{label}: done in {self.clock() - started:.1f} s")
