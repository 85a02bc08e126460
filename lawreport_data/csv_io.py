"""Reading CSV files from counties: decode (UTF-8, UTF-8 with BOM, GBK/GB18030, UTF-16), find
the header row, and hand the cells over as string chunks with their Excel row numbers.

The reader takes a binary file-like object (an upload or an open file); nothing here knows
what the columns mean: ``is_header`` (given by the importer) says whether a row is a header.

>>> data = "标题行\\n地区,指标,期间,数值\\n灌云县,事故起数,2022-11,3\\n".encode("gbk")
>>> table = read_csv(io.BytesIO(data), lambda cells: "地区" in cells)
>>> table.encoding, table.header, table.header_row
('gbk', ['地区', '指标', '期间', '数值'], 2)
>>> next(table.chunks).to_dict("records")
[{0: '灌云县', 1: '事故起数', 2: '2022-11', 3: '3', 'row': 3}]
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pandas as pd

from .import_errors import ImportError_

CHUNK_ROWS = 200_000
HEADER_SEARCH_ROWS = 20  # title lines above the header are allowed (a 统计报表 often has them)
_BLOCK = 1 << 20


@dataclass
class RawTable:
    """A table as read: header cells, the header's Excel row, string chunks with a ``row`` column."""

    header: list[str]
    header_row: int
    chunks: Iterator[pd.DataFrame]
    encoding: str


def _decodes(fileobj, encoding: str) -> bool:
    """Whether the whole stream decodes as ``encoding`` (read in blocks, nothing kept)."""
    fileobj.seek(0)
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        while block := fileobj.read(_BLOCK):
            decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def detect_encoding(fileobj) -> str:
    """``utf-8-sig``, ``utf-16``, ``utf-8``, ``gbk`` or ``gb18030``: the first that decodes the whole file.

    >>> detect_encoding(io.BytesIO("地区".encode("gbk"))), detect_encoding(io.BytesIO(b"region"))
    ('gbk', 'utf-8')
    """
    fileobj.seek(0)
    head = fileobj.read(8192)
    if not head:
        raise ImportError_("empty")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportError_("xls")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        if _decodes(fileobj, "utf-16"):
            return "utf-16"
        raise ImportError_("encoding")
    if b"\x00" in head:
        raise ImportError_("binary")
    if head.startswith(codecs.BOM_UTF8):
        if _decodes(fileobj, "utf-8-sig"):
            return "utf-8-sig"
        raise ImportError_("encoding")
    # gb18030 decodes almost anything: the caller checks the header row before trusting it.
    for encoding in ("utf-8", "gbk", "gb18030"):
        if _decodes(fileobj, encoding):
            return encoding
    raise ImportError_("encoding")


def _split(line: str) -> list[str]:
    """Cells of one line, comma- or tab-separated (whichever gives more cells)."""
    line = line.rstrip("\r\n")
    best: list[str] = []
    for delimiter in (",", "\t"):
        cells = next(csv.reader([line], delimiter=delimiter), [])
        if len(cells) > len(best):
            best = cells
    return [c.strip() for c in best]


class _Utf8Reader:
    """The decoded text as UTF-8 bytes for pandas' C parser, read in bounded pieces (pandas' own
    wrapper for text streams keeps a growing overflow buffer: quadratic on Chinese text)."""

    def __init__(self, text: io.TextIOBase):
        self.text = text
        self.pending = b""

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            data, self.pending = self.pending + self.text.read().encode("utf-8"), b""
            return data
        while len(self.pending) < n:
            piece = self.text.read(n)
            if not piece:
                break
            self.pending += piece.encode("utf-8")
        data, self.pending = self.pending[:n], self.pending[n:]
        return data


_RAGGED = re.compile(r"Expected \d+ fields in line (\d+)")


def read_csv(fileobj, is_header: Callable[[list[str]], bool], *, chunk_rows: int = CHUNK_ROWS) -> RawTable:
    """Decode, find the header among the first rows, and stream the rest as string chunks."""
    encoding = detect_encoding(fileobj)
    fileobj.seek(0)
    text = io.TextIOWrapper(fileobj, encoding=encoding, newline="")
    header: list[str] | None = None
    header_row = 0
    delimiter = ","
    for number in range(1, HEADER_SEARCH_ROWS + 1):
        line = text.readline()
        if not line:
            break
        cells = _split(line)
        if is_header(cells):
            header, header_row = cells, number
            delimiter = "\t" if "\t" in line and len(next(csv.reader([line]), [])) < len(cells) else ","
            break
    if header is None:
        text.detach()
        raise ImportError_("no_header")
    raw_width = len(header)
    while header and not header[-1]:  # trailing empty cells (Excel writes ",,,")
        header.pop()
    width = len(header)

    def chunks() -> Iterator[pd.DataFrame]:
        first_row = header_row + 1
        try:
            # One spare column: a row with cells beyond the header is named, not silently cut.
            reader = pd.read_csv(
                _Utf8Reader(text),
                encoding="utf-8",
                sep=delimiter,
                header=None,
                names=list(range(raw_width + 1)),
                dtype=object,
                na_filter=False,
                keep_default_na=False,
                skip_blank_lines=False,
                index_col=False,
                chunksize=chunk_rows,
                engine="c",
            )
            iterator = iter(reader)
            while True:
                with warnings.catch_warnings():
                    # pandas only warns when the first row is too long; make it an error
                    warnings.simplefilter("error", pd.errors.ParserWarning)
                    try:
                        chunk = next(iterator, None)
                    except pd.errors.ParserWarning:
                        raise ImportError_("ragged", row=first_row) from None
                if chunk is None:
                    break
                extra = chunk.iloc[:, width:]
                if extra.shape[1]:
                    over = (extra != "").any(axis=1).to_numpy()
                    if over.any():
                        raise ImportError_("ragged", row=first_row + int(over.argmax()))
                    chunk = chunk.iloc[:, :width].copy()
                chunk["row"] = range(first_row, first_row + len(chunk))
                first_row += len(chunk)
                yield chunk
        except ImportError_:
            raise
        except pd.errors.ParserError as exc:
            m = _RAGGED.search(str(exc))
            raise ImportError_("ragged", row=header_row + int(m[1]) if m else "?") from None
        except (UnicodeDecodeError, csv.Error, ValueError):
            raise ImportError_("binary") from None
        finally:
            text.detach()

    return RawTable(header=header, header_row=header_row, chunks=chunks(), encoding=encoding)
