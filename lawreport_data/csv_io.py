"""Reading CSV files from counties: decode (UTF-8, UTF-8 with BOM, GBK/GB18030, UTF-16), find
the header row, and hand the cells over as string chunks with their Excel row numbers.

Rectangular files (every row as wide as the header) are parsed by pyarrow's streaming CSV
reader, and each chunk's columns arrive as categoricals (distinct texts and a code per cell:
no Python string per cell), or, when the caller asks (``plain_share``, a ledger's), a column of
texts that hardly repeat as pandas' "str" dtype over the Arrow array. Anything else (short or long rows, blank lines) is read by
pandas' C parser, which pads short rows and names the row of a long one.

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

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from .import_errors import ImportError_

CHUNK_ROWS = 200_000
HEADER_SEARCH_ROWS = 20  # title lines above the header are allowed (a 统计报表 often has them)
_BLOCK = 1 << 20
# pyarrow parses this much text at a time (memory stays bounded; a block that fits the CPU's
# caches parses about twice as fast as 16 MB); its batches are put together into chunks of
# ``chunk_rows``. A row longer than a block goes the pandas way.
ARROW_BLOCK_BYTES = 2 << 20

# Excel's own limits, and ours: a file past one is refused with a sentence naming it and where.
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384
MAX_CELL_CHARS = 32_767  # Excel's limit for the text of one cell
MAX_ROWS = EXCEL_MAX_ROWS  # rows of one file, header and title lines included
MAX_COLUMNS = 1_000  # columns that carry data (empty trailing columns are free)
MAX_LINE_CHARS = 1 << 20  # a line above or at the header (title lines, the header itself)
# Before anything is parsed, a run of more than this many bytes without a delimiter or a line
# break is a cell over MAX_CELL_CHARS whatever the encoding (at most 4 bytes a character).
_MAX_RUN_BYTES = 4 * MAX_CELL_CHARS
ARROW_EXTRA_COLUMNS = 64  # empty trailing columns pyarrow is given (more go the stripping way)
_SEPARATORS = (ord(","), ord("\t"), ord("\n"), ord("\r"))


@dataclass
class RawTable:
    """A table as read: header cells, the header's Excel row, string chunks with a ``row`` column."""

    header: list[str]
    header_row: int
    chunks: Iterator[pd.DataFrame]
    encoding: str


def _utf8_cut(data: bytes) -> int:
    """Where the last whole character of ``data`` ends: before a lead byte whose continuation
    bytes have not all arrived (what follows belongs to the next block)."""
    for back in range(1, min(4, len(data)) + 1):
        byte = data[-back]
        if byte < 0x80:
            return len(data)
        if byte >= 0xC0:  # a lead byte: 2, 3 or 4 bytes long
            needed = 2 if byte < 0xE0 else 3 if byte < 0xF0 else 4
            return len(data) if back >= needed else len(data) - back
    return len(data)  # continuation bytes only: invalid, the check says so


def _utf8_valid(fileobj, skip: int = 0) -> bool:
    """Whether the stream from byte ``skip`` on is valid UTF-8 as Python's strict codec has it (no
    surrogates, no overlong forms): Arrow validates each block, no text is made.

    >>> [_utf8_valid(io.BytesIO(b)) for b in ("地区".encode(), "地区".encode()[:-1], b"\\xed\\xa0\\x80", b"\\xc0\\x80")]
    [True, False, False, False]
    """
    fileobj.seek(skip)
    carry = b""
    while block := fileobj.read(_BLOCK):
        data = carry + block
        cut = _utf8_cut(data)
        offsets = pa.py_buffer(np.array([0, cut], dtype=np.int32))
        text = pa.Array.from_buffers(pa.string(), 1, [None, offsets, pa.py_buffer(data)])  # no copy
        try:
            text.validate(full=True)
        except pa.ArrowInvalid:
            return False
        carry = data[cut:]
    return not carry


def _decodes(fileobj, encoding: str) -> bool:
    """Whether the whole stream decodes as ``encoding`` (read in blocks, nothing kept)."""
    if encoding in ("utf-8", "utf-8-sig"):
        skip = len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0
        return _utf8_valid(fileobj, skip)
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


_WINDOW = (_MAX_RUN_BYTES + 1) // 2  # a run over _MAX_RUN_BYTES holds a whole aligned window this long


def _runs_short(block: bytes, run: int) -> bool:
    """True when no run of ``block`` without a separator is longer than ``_MAX_RUN_BYTES`` (the
    first counted on from the ``run`` bytes before it), and the block holds a separator: each
    aligned window of ``_WINDOW`` bytes holds a separator (memchr, no per-byte work). False
    says only "look closely".

    >>> _runs_short(b"ab,cd\\n" * 100_000, 0), _runs_short(b"a," + b"x" * 140_000 + b",b", 0)
    (True, False)
    >>> _runs_short(b"x" * 60_000 + b",y", 0), _runs_short(b"x" * 60_000 + b",y", 80_000)
    (True, False)
    """
    seps = [bytes([sep]) for sep in _SEPARATORS]
    first = min((i for i in (block.find(sep) for sep in seps) if i >= 0), default=-1)
    if first < 0 or run + first > _MAX_RUN_BYTES:
        return False
    for start in range(0, len(block) - _WINDOW + 1, _WINDOW):
        if all(block.find(sep, start, start + _WINDOW) < 0 for sep in seps):
            return False
    last = max(block.rfind(sep) for sep in seps)
    return len(block) - 1 - last <= _MAX_RUN_BYTES


def scan_bytes(fileobj, encoding: str) -> None:
    """Refuse, before anything is parsed, a NUL byte anywhere (``nul``) and a run of bytes too
    long to be one cell (``cell_too_long``); one pass in blocks, nothing kept. Rows and columns
    are counted in lines and delimiters (what a county sees in a text editor).

    >>> for data in (b"a,b\\n" * 5000 + b"c,\\x00\\n", b"a,b\\nc," + b"x" * 200_000):
    ...     try:
    ...         scan_bytes(io.BytesIO(data), "utf-8")
    ...     except ImportError_ as e:
    ...         print(e.en)
    Line 5001 of the file holds a NUL byte, so it is not a plain text table; save it as CSV again.
    The cell in row 2, column 2 is longer than 32767 characters (Excel's limit for a cell).
    """
    fileobj.seek(0)
    line = 1  # line number at the start of the block
    run = 0  # bytes of the run still open at the end of the last block
    run_at = (1, 1)  # (line, column) where that run began
    cells_before = 0  # delimiters since the last line break before the block

    def where(block: bytes, sep: int) -> tuple[int, int]:
        """(line, column) of the cell that begins after the separator at ``sep``."""
        start = block.rfind(b"\n", 0, sep + 1)
        delimiters = block.count(b",", start + 1, sep + 1) + block.count(b"\t", start + 1, sep + 1)
        return line + block.count(b"\n", 0, sep + 1), delimiters + 1 + (cells_before if start < 0 else 0)

    while block := fileobj.read(_BLOCK):
        if encoding != "utf-16" and (nul := block.find(b"\x00")) >= 0:
            raise ImportError_("nul", row=line + block.count(b"\n", 0, nul))
        if _runs_short(block, run):  # the usual block: no byte-by-byte look needed
            # as below, with one count of the line breaks (none follows the last separator)
            last = max(block.rfind(bytes([sep])) for sep in _SEPARATORS)
            run = len(block) - 1 - last
            breaks = block.count(b"\n")
            last_break = block.rfind(b"\n", 0, last + 1)
            delimiters = block.count(b",", last_break + 1, last + 1) + block.count(b"\t", last_break + 1, last + 1)
            run_at = (line + breaks, delimiters + 1 + (cells_before if last_break < 0 else 0))
            tail = block[last_break + 1 :]
            delimiters = tail.count(b",") + tail.count(b"\t")
            cells_before = delimiters if last_break >= 0 else cells_before + delimiters
            line += breaks
            continue
        data = np.frombuffer(block, dtype=np.uint8)
        is_sep = (data == _SEPARATORS[0]) | (data == _SEPARATORS[1])
        is_sep |= (data == _SEPARATORS[2]) | (data == _SEPARATORS[3])
        seps = np.flatnonzero(is_sep)
        lengths = np.diff(seps, prepend=-1, append=len(block)) - 1
        lengths[0] += run
        over = np.flatnonzero(lengths > _MAX_RUN_BYTES)
        if len(over):
            row, column = run_at if over[0] == 0 else where(block, int(seps[over[0] - 1]))
            raise ImportError_("cell_too_long", row=row, column=column, limit=MAX_CELL_CHARS)
        run = int(lengths[-1])
        if len(seps):
            run_at = where(block, int(seps[-1]))
        last_break = block.rfind(b"\n")
        tail = block[last_break + 1 :]
        delimiters = tail.count(b",") + tail.count(b"\t")
        cells_before = delimiters if last_break >= 0 else cells_before + delimiters
        line += block.count(b"\n")


def _split(line: str, number: int) -> list[str]:
    """Cells of one line, comma- or tab-separated (whichever gives more cells)."""
    line = line.rstrip("\r\n")
    best: list[str] = []
    for delimiter in (",", "\t"):
        try:
            cells = next(csv.reader([line], delimiter=delimiter), [])
        except csv.Error:  # a field over csv's own limit (131,072 characters)
            raise ImportError_("cell_too_long", row=number, column="?", limit=MAX_CELL_CHARS) from None
        if len(cells) > len(best):
            best = cells
    for column, cell in enumerate(best, start=1):
        if len(cell) > MAX_CELL_CHARS:
            raise ImportError_("cell_too_long", row=number, column=column, limit=MAX_CELL_CHARS)
    return [c.strip() for c in best]


class _Bytes(io.RawIOBase):
    """The caller's binary file, read on from where it stands (the readers never close it)."""

    def __init__(self, fileobj):
        super().__init__()
        self.fileobj = fileobj

    def readable(self) -> bool:
        return True

    def read(self, n: int = -1) -> bytes:
        return self.fileobj.read(n)

    def detach(self) -> None:
        """Let go of the file (it stays open)."""


class _Utf8Reader(io.RawIOBase):
    """The decoded text as UTF-8 bytes for the parsers, read in bounded pieces (pandas' own
    wrapper for text streams keeps a growing overflow buffer: quadratic on Chinese text)."""

    def __init__(self, text: io.TextIOBase):
        super().__init__()
        self.text = text
        self.pending = b""

    def readable(self) -> bool:
        return True

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

    def detach(self) -> None:
        """Let go of the file (it stays open)."""
        self.text.detach()


class _StripTrailing(io.RawIOBase):
    """UTF-8 bytes of a CSV with the empty cells at the end of each row left out, and any run of
    more than ``width + 1`` delimiters shortened to that, outside quotes only; so empty trailing
    columns cost the parser nothing however many there are, while a row with text beyond the
    header still has more cells than the header (and is named). Works a block at a time, with
    regular expressions that start only where a run of delimiters starts (linear time).

    >>> strip = _StripTrailing(_Bytes(io.BytesIO(b'a,b,,,,,,\\r\\n"c,,,,,,\\n",d,,,,,,,,x,,')), ",", 2)
    >>> strip.read()
    b'a,b\\r\\n"c,,,,,,\\n",d,,,x'
    """

    def __init__(self, raw: io.RawIOBase, delimiter: str, width: int):
        super().__init__()
        self.raw = raw
        d = re.escape(delimiter.encode())
        self.delimiter = delimiter.encode()
        self.trailing = re.compile(rb"(?<!%s)%s+(?=\r?\n)" % (d, d))
        self.runs = re.compile(rb"(?<!%s)%s{%d,}" % (d, d, width + 2))
        self.run = self.delimiter * (width + 1)
        self.quoted = False  # inside a quoted cell at the end of what was handed over
        self.carry = b""  # delimiters (and CRs) at the end of the last block: ended by what follows
        self.pending = b""
        self.done = False

    def readable(self) -> bool:
        return True

    def _clean(self, data: bytes) -> bytes:
        parts = data.split(b'"')
        for i in range(1 if self.quoted else 0, len(parts), 2):
            parts[i] = self.trailing.sub(b"", self.runs.sub(self.run, parts[i]))
        self.quoted ^= bool((len(parts) - 1) % 2)
        return b'"'.join(parts)

    def _next(self) -> bytes:
        block = self.raw.read(_BLOCK)
        if not block:
            self.done = True
            tail, self.carry = self.carry, b""
            return tail if self.quoted else tail.rstrip(self.delimiter + b"\r")
        data = self.carry + block
        kept = data.rstrip(self.delimiter + b"\r")
        self.carry = data[len(kept) :]
        if len(self.carry) > len(self.run) + 2:  # a long run: shorten it before it grows
            self.carry = self.runs.sub(self.run, self.carry)
        return self._clean(kept)

    def read(self, n: int = -1) -> bytes:
        pieces = [self.pending]
        size = len(self.pending)
        while not self.done and (n is None or n < 0 or size < n):
            piece = self._next()
            pieces.append(piece)
            size += len(piece)
        data = b"".join(pieces)
        if n is None or n < 0:
            n = len(data)
        data, self.pending = data[:n], data[n:]
        return data

    def detach(self) -> None:
        """Let go of the file (it stays open)."""
        self.raw.detach()


_RAGGED = re.compile(r"Expected \d+ fields in line (\d+)")


class _NotRectangular(Exception):
    """pyarrow met a row that is not as wide as the header: pandas reads the file instead."""


def _arrow_chunks(
    body, delimiter: str, raw_width: int, width: int, chunk_rows: int, plain_share: float | None = None
) -> Iterator[pd.DataFrame]:
    """Chunks of at most ``chunk_rows`` rows, each of the first ``width`` columns a categorical
    (or a string column, see :func:`read_csv`'s ``plain_share``); raises :class:`_NotRectangular`
    (before yielding the chunk concerned) on a row of another width or with text beyond ``width``
    (those columns are typed null: they must be empty, and cost nothing however many there are)."""
    names = [str(i) for i in range(raw_width)]
    try:
        reader = pa_csv.open_csv(
            body,
            read_options=pa_csv.ReadOptions(column_names=names, block_size=ARROW_BLOCK_BYTES),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pa_csv.ConvertOptions(
                column_types={n: pa.string() if i < width else pa.null() for i, n in enumerate(names)},
                null_values=[""],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
                check_utf8=False,  # valid already: checked by detect_encoding, or encoded by Python
            ),
        )
    except StopIteration:  # nothing after the header
        return
    except (pa.ArrowException, ValueError) as exc:
        raise _NotRectangular from exc
    try:
        yield from _arrow_batches(reader, width, chunk_rows, plain_share)
    finally:
        reader.close()  # no read-ahead goes on reading the file after this


_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' "str" dtype: the texts stay in Arrow


def _strings(column: pa.Array) -> pd.Series:
    """A column of text as pandas' "str" dtype, the Arrow array as it is (no Python strings)."""
    return pd.Series(pd.arrays.ArrowStringArray(column), dtype=_STR, copy=False)


def _arrow_batches(reader, width: int, chunk_rows: int, plain_share: float | None) -> Iterator[pd.DataFrame]:
    """The reader's batches as chunks of ``chunk_rows`` rows (the last one shorter); a batch that
    fails raises before the rows of its chunk are handed over."""
    plain: dict[int, bool] = {}  # column → its texts stay strings (decided on the first chunk)
    pending: list[pa.RecordBatch] = []
    count = 0
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            batch = None
        except (pa.ArrowException, ValueError) as exc:
            raise _NotRectangular from exc
        if batch is not None and batch.num_rows:
            pending.append(batch)
            count += batch.num_rows
        while count >= chunk_rows or (batch is None and count):
            table = pa.Table.from_batches(pending)
            rest = table.slice(chunk_rows)
            pending, count = rest.to_batches(), rest.num_rows
            yield _frame(table.slice(0, chunk_rows).select(range(width)).combine_chunks(), plain, plain_share)
        if batch is None:
            return


def _frame(piece: pa.Table, plain: dict[int, bool], plain_share: float | None) -> pd.DataFrame:
    """A chunk's columns: categoricals, or strings for the columns ``plain`` says (decided here
    on the first chunk when ``plain_share`` is given)."""
    columns = {}
    for i, chunked in enumerate(piece.columns):
        column = chunked.chunk(0) if chunked.num_chunks == 1 else pa.concat_arrays(chunked.chunks)
        if plain.get(i):
            columns[i] = _strings(column)
            continue
        encoded = column.dictionary_encode()
        if i not in plain:
            # texts that hardly repeat (a ledger's numbers, times, names, accounts) stay
            # strings: a categorical would make a Python string of each
            plain[i] = plain_share is not None and len(encoded.dictionary) > plain_share * len(column)
            if plain[i]:
                columns[i] = _strings(column)
                continue
        categories = pd.Index(encoded.dictionary.to_pylist(), dtype=object)
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        columns[i] = pd.Categorical.from_codes(codes, categories=categories, validate=False)
    return pd.DataFrame(columns, index=pd.RangeIndex(piece.num_rows))


def _too_long(cells: pd.Series) -> int | None:
    """Position of the first cell longer than :data:`MAX_CELL_CHARS`, or None (a categorical
    column is checked by its distinct texts).

    >>> _too_long(pd.Series(["a", "b" * 40_000])), _too_long(pd.Series(["a"], dtype="category"))
    (1, None)
    >>> _too_long(_strings(pa.array(["a", "b", "c" * 40_000]))), _too_long(_strings(pa.array(["é" * 32_767])))
    (2, None)
    """
    if isinstance(cells.dtype, pd.CategoricalDtype):
        lengths = cells.cat.categories.str.len()
        if not len(lengths) or lengths.max() <= MAX_CELL_CHARS:
            return None
        over = np.flatnonzero(lengths > MAX_CELL_CHARS)
        return int(np.flatnonzero(np.isin(cells.cat.codes.to_numpy(), over))[0])
    if isinstance(cells.array, pd.arrays.ArrowStringArray):  # Arrow counts the characters
        lengths = pc.utf8_length(cells.array._pa_array)
        longest = pc.max(lengths).as_py()
        if longest is None or longest <= MAX_CELL_CHARS:
            return None
        return int(np.argmax(lengths.to_numpy() > MAX_CELL_CHARS))
    lengths = cells.str.len().to_numpy()
    if not len(lengths) or lengths.max() <= MAX_CELL_CHARS:
        return None
    return int(np.argmax(lengths > MAX_CELL_CHARS))


def read_csv(
    fileobj, is_header: Callable[[list[str]], bool], *, chunk_rows: int = CHUNK_ROWS, plain_share: float | None = None
) -> RawTable:
    """Decode, find the header among the first rows, and stream the rest as string chunks.

    A rectangular file's columns are categoricals; with ``plain_share``, a column whose first
    chunk has more distinct texts than that share of its rows (a ledger's record numbers, times,
    names) arrives instead as pandas' "str" dtype with the texts kept in Arrow (every chunk of it).
    The bounds are the same either way; the pandas path (a file that is not rectangular) gives
    object columns.

    >>> data = "地区,编号\\n" + "".join(f"灌云县,{i}\\n" for i in range(10))
    >>> chunk = next(read_csv(io.BytesIO(data.encode()), lambda c: "地区" in c, plain_share=0.5).chunks)
    >>> str(chunk[0].dtype), str(chunk[1].dtype), chunk[1].tolist()[:3]
    ('category', 'str', ['0', '1', '2'])
    """
    encoding = detect_encoding(fileobj)
    scan_bytes(fileobj, encoding)
    fileobj.seek(0)
    text = io.TextIOWrapper(fileobj, encoding=encoding, newline="")
    header: list[str] | None = None
    header_row = 0
    delimiter = ","
    offset = len(codecs.BOM_UTF8) if encoding == "utf-8-sig" else 0  # bytes up to the first data row
    for number in range(1, HEADER_SEARCH_ROWS + 1):
        line = text.readline(MAX_LINE_CHARS)
        if not line:
            break
        if len(line) >= MAX_LINE_CHARS and not line.endswith("\n"):
            text.detach()
            raise ImportError_("line_too_long", row=number, limit=MAX_LINE_CHARS)
        offset += len(line.encode("utf-8"))
        try:
            cells = _split(line, number)
        except ImportError_:
            text.detach()
            raise
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
    if width > MAX_COLUMNS:
        text.detach()
        raise ImportError_("too_many_columns", row=header_row, column=width, limit=MAX_COLUMNS)

    def body() -> io.RawIOBase:
        """The UTF-8 bytes after the header row: a UTF-8 file's own bytes, others re-encoded."""
        if encoding in ("utf-8", "utf-8-sig"):
            fileobj.seek(offset)
            return _Bytes(fileobj)
        fileobj.seek(0)
        again = io.TextIOWrapper(fileobj, encoding=encoding, newline="")
        for _ in range(header_row):
            again.readline()
        return _Utf8Reader(again)

    def finish(chunk: pd.DataFrame, first_row: int) -> pd.DataFrame:
        """Cells beyond the header must be empty (they are dropped), none longer than Excel's
        limit, no row past ours; add the Excel row numbers."""
        if first_row + len(chunk) - 1 > MAX_ROWS:
            raise ImportError_("too_many_rows", row=MAX_ROWS + 1, limit=MAX_ROWS)
        for column in chunk.columns[: min(width, chunk.shape[1])]:
            too_long = _too_long(chunk[column])
            if too_long is not None:
                raise ImportError_("cell_too_long", row=first_row + too_long, column=column + 1, limit=MAX_CELL_CHARS)
        extra = chunk.iloc[:, width:]
        if extra.shape[1]:
            over = np.zeros(len(chunk), dtype=bool)
            for name in extra.columns:
                over |= (extra[name] != "").to_numpy()
            if over.any():
                raise ImportError_("ragged", row=first_row + int(over.argmax()))
            chunk = chunk.iloc[:, :width].copy()
        chunk["row"] = np.arange(first_row, first_row + len(chunk))
        return chunk

    def chunks() -> Iterator[pd.DataFrame]:
        first_row = header_row + 1
        reader = body()
        arrow = _arrow_chunks(reader, delimiter, raw_width, width, chunk_rows, plain_share)
        try:
            # pyarrow keeps a column builder for each empty trailing column: past a few, the
            # rows go to pandas with those columns left out (no column for them at all)
            while raw_width <= width + ARROW_EXTRA_COLUMNS:
                try:
                    chunk = next(arrow, None)
                except _NotRectangular:
                    break
                if chunk is None:
                    return
                chunk = finish(chunk, first_row)
                first_row += len(chunk)
                yield chunk
            # Not rectangular: pandas reads the file again, from the first row not yet handed over.
            reader.detach()
            reader = body()
            # Empty cells at a row's end go (``finish`` would drop them), so however many a row
            # has costs the parser nothing; one spare column names a row with text beyond the header.
            reader = _StripTrailing(reader, delimiter, width)
            columns = width + 1
            skip = first_row - header_row - 1
            iterator = iter(
                pd.read_csv(
                    reader,
                    encoding="utf-8",
                    sep=delimiter,
                    header=None,
                    names=list(range(columns)),
                    dtype=object,
                    na_filter=False,
                    keep_default_na=False,
                    skip_blank_lines=False,
                    index_col=False,
                    chunksize=chunk_rows,
                    engine="c",
                )
            )
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
                if skip:  # rows pyarrow handed over already
                    cut = min(skip, len(chunk))
                    chunk, skip = chunk.iloc[cut:], skip - cut
                    if chunk.empty:
                        continue
                chunk = finish(chunk.reset_index(drop=True), first_row)
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
            arrow.close()
            reader.detach()

    # Let go of the file now (body() reads it again): a caller that only wants the header and never
    # starts the chunks must not have the file closed under it when the wrapper is collected.
    text.detach()
    return RawTable(header=header, header_row=header_row, chunks=chunks(), encoding=encoding)
