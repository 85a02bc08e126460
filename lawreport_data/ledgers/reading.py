"""What reading any ledger file does, whatever its columns: the header's columns found (a column
twice, a required one missing: problems), the data rows read chunk by chunk (numbered empty rows
skipped, an unknown column refused only when a cell of it holds something), the regions the file
may name, and at the end the records whose key repeats. A ledger's reader (``accidents``,
``hazards``) subclasses :class:`LedgerReader` with its own ``_fields`` (one chunk's fields and
problems) and ``finish`` (its keys and records)."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .. import catalog, importer
from ..importer import nearest
from .cells import Cells, Problems


@dataclass
class ParsedLedger:
    """A ledger read and checked (accidents here, hazards in ``hazards``): its records
    (``RECORD_COLUMNS``; complete only when there are no problems: a row with a problem is left
    out) and every problem."""

    records: pd.DataFrame
    problems: pd.DataFrame
    key_kind: str  # "record_no" (事故编号/隐患编号 on every row) or "composite" (e.g. 时间|地区|单位)
    encoding: str
    header_row: int
    file_name: str
    rows_read: int
    file_hash: str = ""
    sheet: str | None = None
    columns: dict[str, str] = field(default_factory=dict)  # role → the header text in the file

    @property
    def ok(self) -> bool:
        return self.problems.empty

    @property
    def encoding_label(self) -> str:
        return catalog.IMPORT_ENCODING_LABELS.get(self.encoding, self.encoding)


class LedgerReader:
    """The state of one file's reading: the columns found, the problems, each chunk's fields.

    ``columns``: the ledger's columns (role → the names counties write, ``catalog.*_COLUMNS``);
    ``labels``: role → the name shown when a column is absent; ``required``: the roles a file
    must have; ``role_of``: a header cell's role ("" empty, "unknown", "ignore" or a role)."""

    def __init__(
        self,
        header: list[str],
        header_row: int,
        regions: pd.DataFrame | None,
        *,
        columns: dict[str, tuple[str, ...]],
        labels: dict[str, str],
        required: tuple[str, ...],
        role_of: Callable[[str], str],
    ):
        self.header = header
        self.header_row = header_row
        self.labels = labels
        self.column_names = [a for role, names in columns.items() if role != "ignore" for a in names]
        self.problems = Problems()
        self.roles = [role_of(c) for c in header]
        self.cols: dict[str, int] = {}
        for i, role in enumerate(self.roles):
            if role in ("", "unknown", "ignore"):
                continue
            if role in self.cols or self.taken(role):
                self.problems.add([header_row], header[i], [header[i]], "duplicate_column")
                continue
            self.cols[role] = i
        self.missing = [r for r in required if r not in self.cols]
        for role in self.missing:
            names = "、".join(n for n in columns[role] if not n.isascii())
            hint = catalog.IMPORT_HINTS["column_names"].format(names=names)
            self.problems.add([header_row], labels[role], [""], "missing_column", hint)
        # columns nobody reads: refused only if a cell of theirs holds something
        self.others = [i for i, r in enumerate(self.roles) if r in ("", "unknown")]
        self.content_at: dict[int, tuple[int, str]] = {}
        self.regions_map = importer.region_lookup(regions)
        self.region_codes = sorted(set(self.regions_map.values()))
        wholes = whole_areas(regions)
        self.whole_indices = [i for i, code in enumerate(self.region_codes) if code in wholes]
        names = [r.name for r in catalog.REGION_LIST if r.code not in wholes]
        if regions is not None:  # (a name two regions share, with the parent's before it)
            shown = importer.region_display_names(regions)
            names += [shown[code] for code in regions["code"] if code not in wholes]
        names = [n for n in names if importer.norm(n) in self.regions_map]
        self.region_names = list(dict.fromkeys(names))
        self.parts: list[dict[str, np.ndarray]] = []
        self.rows_read = 0

    def not_local(self, kind: str) -> str:
        """The problem ``kind`` of a row naming a whole area: in a province's store (the province and
        its cities whole areas) its variant that says so."""
        return f"{kind}_province" if len(self.whole_indices) > 1 else kind

    def taken(self, role: str) -> bool:
        """Whether another column already holds what ``role`` would (beyond the same role)."""
        return False

    def column(self, role: str) -> str:
        """The header text of a role's column as the file writes it (its label when absent)."""
        return self.header[self.cols[role]] if role in self.cols else self.labels[role]

    def read(self, chunk: pd.DataFrame) -> None:
        # a row is blank when nothing but its 序号 is filled (ledgers come with numbered empty rows)
        cells = chunk[[c for c in chunk.columns if c != "row" and self.roles[c] != "ignore"]]
        if len(cells.columns):
            blank = importer._blank_rows(cells, self.cols.get("region", cells.columns[0]))
            if blank.any():  # (no copy of a chunk without blank rows)
                chunk = chunk[~blank]
        if not len(chunk):
            return
        self.rows_read += len(chunk)
        rows = chunk["row"].to_numpy(dtype="int64")
        for i in self.others:
            if i in self.content_at:
                continue
            other = Cells(chunk[i])
            filled = ~other.blank()
            if filled.any():
                first = int(np.argmax(filled))
                self.content_at[i] = (int(rows[first]), str(other.text()[first]))
        self.parts.append(self._fields(chunk, rows))

    def _fields(self, chunk: pd.DataFrame, rows: np.ndarray) -> dict[str, np.ndarray]:
        raise NotImplementedError

    def unknown_columns(self) -> None:
        """A problem for each column the ledger does not know that holds something."""
        for i, (row, text) in sorted(self.content_at.items()):
            name = self.header[i] or catalog.ACCIDENT_COLUMN_NUMBER.format(number=i + 1)
            hint = nearest(self.header[i], self.column_names) if self.header[i] else ""
            self.problems.add([row], name, [text], "ledger_unknown_column", hint)

    def fields(self) -> dict[str, np.ndarray]:
        """Every chunk's fields put together."""
        return {k: np.concatenate([p[k] for p in self.parts]) for k in self.parts[0]}

    def repeated(self, fields: dict[str, np.ndarray], key: np.ndarray, at: np.ndarray, key_column: str) -> None:
        """The records at ``at`` (positions into ``fields``) whose ``key`` repeats: a problem on each
        naming the other rows, each left out (``fields["bad"]``)."""
        twice = pd.Series(key[at], dtype=object).duplicated(keep=False).to_numpy()
        if not twice.any():
            return
        at = at[twice]
        rows = fields["source_row"][at]
        together = (
            pd.Series(rows)
            .groupby(pd.Series(key[at], dtype=object), sort=False)
            .transform(lambda s: ",".join(str(r) for r in s))
        )
        hints = [
            catalog.IMPORT_HINTS["conflict"].format(rows=",".join(x for x in rs.split(",") if x != str(r)))
            for rs, r in zip(together, rows, strict=True)
        ]
        self.problems.add(rows, key_column, key[at], "duplicate_record", hints)
        fields["bad"][at] = True


def records_frame(fields: dict[str, np.ndarray], columns: list[str], dtypes: dict[str, str]) -> pd.DataFrame:
    """The records of a ledger's rows without a problem (``fields["bad"]`` false): ``columns`` in
    order, each of its dtype in ``dtypes`` (object when not named), taken without a copy when
    every row is good (the usual case). One column at a time: a dict of columns would be
    consolidated (the text columns copied into one block).

    >>> fields = {"key": np.array(["a", "b"], dtype=object), "n": np.array([1, 2]), "bad": np.array([False, True])}
    >>> records_frame(fields, ["key", "n"], {"n": "int64"}).to_dict("records")
    [{'key': 'a', 'n': 1}]
    """
    good = ~fields["bad"]
    everything = bool(good.all())
    records = pd.DataFrame(index=pd.RangeIndex(int(good.sum())))
    for name in columns:
        values = fields[name] if everything else fields[name][good]
        records[name] = pd.Series(values, dtype=dtypes.get(name, object), copy=False)
    return records


def read_ledger(
    fileobj, name: str, reader_class, *, sheet=None, regions=None, progress=None, header_test, **raw_options
) -> ParsedLedger:
    """Read and check a whole ledger file with ``reader_class`` (a :class:`LedgerReader`): the
    importer's checks of the file, its table found by ``header_test`` (title rows above skipped;
    ``raw_options`` as ``importer.read_raw`` takes them), every chunk read, the records made.
    ``progress(rows)``, when given, is called after each chunk with the data rows so far."""
    digest = importer.check_file(fileobj)
    raw = importer.read_raw(fileobj, sheet, header_test=header_test, **raw_options)
    reader = reader_class(raw.header, raw.header_row, regions)
    for chunk in raw.chunks:
        reader.read(chunk)
        if progress is not None:
            progress(reader.rows_read)
    records, key_kind = reader.finish()
    return ParsedLedger(
        records=records,
        problems=reader.problems.frame(),
        key_kind=key_kind,
        encoding=raw.encoding,
        header_row=raw.header_row,
        file_name=name,
        rows_read=reader.rows_read,
        file_hash=digest,
        sheet=sheet,
        columns={role: raw.header[i] for role, i in reader.cols.items()},
    )


def whole_areas(regions: pd.DataFrame | None = None) -> set[str]:
    """The codes a ledger's row may not name as its region: the city, and in a province's store
    (``regions``: the store's, with their kinds) the province and every city, each a whole area
    whose records belong to its counties, zones and towns.

    >>> sorted(whole_areas())
    ['320700']
    >>> sorted(whole_areas(pd.DataFrame({"code": ["320000", "320300", "320302"], "name": ["江苏省", "徐州市", "鼓楼区"],
    ...                                  "kind": ["province", "city", "district"]})))
    ['320000', '320300', '320700']
    """
    wholes = {catalog.CITY_CODE}
    if regions is not None and "kind" in regions:
        wholes.update(regions.loc[regions["kind"].isin(["province", "city"]), "code"])
    return wholes


# --- templates -------------------------------------------------------------------------


def region_code_rows(list_name: str, regions: pd.DataFrame | None = None) -> list[tuple[str, str, str, str]]:
    """A template's region list (list, code, name, kind): the catalog's counties, districts and
    zones, and the store's towns when ``regions`` is given."""
    rows = [
        (list_name, r.code, r.name, catalog.REGION_KIND_LABELS[r.kind])
        for r in catalog.REGION_LIST
        if r.code != catalog.CITY_CODE
    ]
    if regions is not None:
        known = {r.code for r in catalog.REGION_LIST} | whole_areas(regions)
        kinds = regions["kind"] if "kind" in regions else ["town"] * len(regions)
        shown = importer.region_display_names(regions)  # (徐州市鼓楼区: a name two regions share)
        rows += [
            (list_name, str(c), str(shown[c]), catalog.REGION_KIND_LABELS.get(k, catalog.REGION_KIND_LABELS["town"]))
            for c, k in zip(regions["code"], kinds, strict=True)
            if c not in known
        ]
    return rows


def sector_code_rows(list_name: str) -> list[tuple[str, str, str, str]]:
    """A template's 行业领域 list, each with its group (工矿商贸) where it has one."""
    group_of = {c: name for name, members in catalog.ACCIDENT_SECTOR_GROUPS.values() for c in members}
    return [(list_name, c, n, group_of.get(c, "")) for c, n in catalog.ACCIDENT_SECTORS.items()]


def code_rows(list_name: str, names: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """A template's code list of ``names`` (code → name), without notes."""
    return [(list_name, c, n, "") for c, n in names.items()]


def template_frames(
    labels: dict[str, str], roles, examples, lists: dict[str, str], regions: pd.DataFrame | None, rows: list[tuple]
) -> dict[str, pd.DataFrame]:
    """A ledger's template: ``data`` (the header of ``roles`` as ``labels`` name them, and the
    ``examples`` rows) and ``codes`` (the region list, with the store's ``regions``' towns, and the
    行业领域 list, as ``lists`` names them, then the ledger's own code ``rows``)."""
    data = pd.DataFrame([{labels[r]: row[r] for r in roles} for row in examples])
    rows = region_code_rows(lists["region"], regions) + sector_code_rows(lists["sector"]) + rows
    codes = pd.DataFrame(rows, columns=list(catalog.ACCIDENT_CODE_COLUMNS.values()), dtype=object)
    return {"data": data, "codes": codes}


def template_csv(frames: dict[str, pd.DataFrame]) -> bytes:
    """A template's data sheet as CSV in UTF-8 with BOM (Excel on Chinese Windows opens it correctly)."""
    return frames["data"].to_csv(index=False).encode("utf-8-sig")


def workbook(frames: dict[str, pd.DataFrame], sheets: dict[str, str]) -> bytes:
    """A template's xlsx workbook: the data sheet first, the code lists second (``sheets``:
    ``data`` and ``codes`` → sheet names)."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        frames["data"].to_excel(writer, index=False, sheet_name=sheets["data"])
        frames["codes"].to_excel(writer, index=False, sheet_name=sheets["codes"])
    return buffer.getvalue()
