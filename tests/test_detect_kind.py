"""Telling a ledger from an aggregate table reads the header, not the whole file: the reader of its
kind then reads the file once."""

import io

import pytest

from lawreport_data import api, importer
from lawreport_data.api import imports
from lawreport_data.ledgers import accidents as ledger


class CountingReader(io.BytesIO):
    """A file that counts the bytes read from it."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        out = super().read(size)
        self.bytes_read += len(out)
        return out


def aggregate_csv(rows: int, encoding: str = "utf-8") -> bytes:
    lines = ["地区,指标,期间,数值"] + [f"灌云县,事故起数,2022-{m % 12 + 1:02d},{m}" for m in range(rows)]
    return ("\n".join(lines) + "\n").encode(encoding)


def ledger_csv(rows: int, encoding: str = "utf-8") -> bytes:
    template = ledger.template_csv().decode("utf-8-sig").splitlines()
    header, example = template[0], template[1]
    return ("\n".join([header] + [example] * rows) + "\n").encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
@pytest.mark.parametrize(("make", "kind"), [(aggregate_csv, "aggregate"), (ledger_csv, "accidents")])
def test_a_large_csv_is_told_by_its_first_lines_only(make, kind, encoding):
    data = make(40_000, encoding)
    assert len(data) > 4 * imports.HEADER_PREFIX_BYTES
    f = CountingReader(data)
    assert api.detect_kind(f) == kind
    assert f.bytes_read <= imports.HEADER_PREFIX_BYTES + 8  # (and the 8 bytes that tell an xlsx)
    assert f.tell() == 0  # left at the start for its reader


@pytest.mark.parametrize(("make", "kind"), [(aggregate_csv, "aggregate"), (ledger_csv, "accidents")])
def test_a_header_below_the_first_lines_read_is_still_found(monkeypatch, make, kind):
    """Title rows longer than the part read first: the whole file is looked at."""
    monkeypatch.setattr(imports, "HEADER_PREFIX_BYTES", 64)
    title = ("连云港市安全生产统计" * 10 + "\n").encode()
    assert api.detect_kind(io.BytesIO(title + make(5))) == kind


@pytest.mark.parametrize(("data", "refusal"), [(b"", "empty"), (b"\x00\x01\x02binary\n" * 10, None)])
def test_a_file_that_is_no_table_is_refused_as_the_readers_refuse_it(data, refusal):
    with pytest.raises(importer.ImportError_) as info:
        api.detect_kind(io.BytesIO(data))
    if refusal:
        assert info.value.kind == refusal
