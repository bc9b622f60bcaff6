"""Runs done, rate and time left on the terminal (one line redrawn on a terminal, a line
per update otherwise), like the simulator's own progress bar."""
import sys
import time


class Progress:
    def __init__(self, total, what="runs", quiet=False, stream=sys.stderr):
        self.total, self.what, self.quiet, self.stream = total, what, quiet, stream
        self.done = 0
        self.start = time.monotonic()
        self.tty = stream.isatty()

    def advance(self, n):
        self.done += n
        if self.quiet:
            return
        line = self.line()
        if self.tty:
            self.stream.write("\r" + line)
        else:
            self.stream.write(line + "\n")
        self.stream.flush()

    def line(self):
        elapsed = time.monotonic() - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        left = (self.total - self.done) / rate if rate > 0 else float("nan")
        eta = "?" if left != left else f"{left:.0f} s"
        return (
            f"{self.done}/{self.total} {self.what}, {rate:.2f}/s, "
            f"{elapsed:.0f} s elapsed, eta {eta}"
        )

    def finish(self):
        if self.tty and not self.quiet:
            self.stream.write("\n")
            self.stream.flush()
