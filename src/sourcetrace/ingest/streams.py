"""Bounded streams for the streamed readers: gzip decompressed chunk by chunk, with caps.

A gzip bomb (a few hundred kilobytes that inflate to gigabytes) must cost neither memory
nor time, so compressed input is never inflated whole: :class:`BoundedReader` hands out
at most the bytes asked for, stops with :class:`OverCap` once the output passes its cap,
and stops with :class:`LineTooLong` on a run of bytes without a line break longer than a
record could be (readers that parse line by line would otherwise gather it in memory).
"""

from __future__ import annotations

import io
import zlib
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 16


class OverCap(Exception):
    """The decompressed output passed the cap."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"decompressed data passed {limit} bytes")
        self.limit = limit


class LineTooLong(Exception):
    """A run of bytes without a line break passed the line cap."""


class GzipCut(Exception):
    """The last gzip member has no end: the file was cut."""


class BoundedReader(io.RawIOBase):
    """Read ``raw``, gunzipped when it starts with the gzip magic, under two caps.

    ``output_cap`` bounds the decompressed bytes (None: no cap; plain input is never capped,
    its size is the file's); ``line_cap`` bounds a run without b"\\n" (None: no cap).
    """

    def __init__(self, raw: BinaryIO, output_cap: int | None = None, line_cap: int | None = None) -> None:
        super().__init__()
        self._raw = raw
        head = raw.read(2)
        self.compressed = head == GZIP_MAGIC
        self._pending = b"" if self.compressed else head
        self._decomp = zlib.decompressobj(wbits=31)
        self._output_cap = output_cap if self.compressed else None
        self._line_cap = line_cap
        self._feed = head if self.compressed else b""
        self._out = 0
        self._run = 0

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._out

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            size = _CHUNK  # never a whole read: callers loop until b""
        chunk = self._next(size)
        self._count(chunk)
        return chunk

    def readinto(self, buffer) -> int:  # type: ignore[override]
        chunk = self.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def _next(self, size: int) -> bytes:
        if not self.compressed:
            if self._pending:
                chunk, self._pending = self._pending[:size], self._pending[size:]
                return chunk
            return self._raw.read(size)
        while True:
            if self._decomp.eof:  # a member ended: the next one, or the end of the file
                rest = self._decomp.unused_data or self._raw.read(_CHUNK)
                if not rest:
                    return b""
                self._decomp = zlib.decompressobj(wbits=31)
                self._feed = rest
            if not self._feed:
                self._feed = self._raw.read(_CHUNK)
                if not self._feed:
                    raise GzipCut("gzip stream ends inside a member")
            # max_length: at most `size` bytes out, the rest of the input kept for later
            out = self._decomp.decompress(self._feed, size)
            self._feed = self._decomp.unconsumed_tail
            if out:
                return out

    def _count(self, chunk: bytes) -> None:
        self._out += len(chunk)
        if self._output_cap is not None and self._out > self._output_cap:
            raise OverCap(self._output_cap)
        if self._line_cap is None or not chunk:
            return
        last = chunk.rfind(b"\n")
        self._run = self._run + len(chunk) if last < 0 else len(chunk) - last - 1
        if self._run > self._line_cap:
            raise LineTooLong(f"more than {self._line_cap} bytes without a line break")
