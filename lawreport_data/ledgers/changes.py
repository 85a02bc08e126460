"""What a ledger file would change (or a ledger batch changed), for people: the counts and the
record tables (one per kind of change: new, changed, unchanged, retired), every code shown by its
catalog name and each change of a record as "field: old → new". Pure functions over the frame that
``store.compare_accidents`` / ``store.compare_hazards`` return; nothing here reads or writes the
store. Which ledger's fields, names and columns: a :class:`ChangeView` (:data:`VIEWS`).

>>> compare = pd.DataFrame([
...     dict(change="changed", key="GY-1", source_row=3, occurred_at=pd.Timestamp("2022-03-05 14:30"),
...          region="320723", unit="甲公司", sector="hazchem", type="19", deaths=2, missing=0,
...          injuries=0, direct_loss=10.0, grade="general", status="counted", fields="deaths",
...          old_deaths=1, old_missing=0),
... ])
>>> change_counts(compare)
{'new': 0, 'changed': 1, 'unchanged': 0, 'retired': 0}
>>> changes_table(compare, "changed").iloc[0][["行号", "地区", "事故类别", "变更内容"]].tolist()
[3, '灌云县', '中毒和窒息', '死亡人数：1 → 2']
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .. import catalog

CHANGE_KINDS = ("new", "changed", "unchanged", "retired")


@dataclass(frozen=True)
class ChangeView:
    """How one ledger's records read: ``names`` (field → code → name), ``labels`` (field → its
    name), ``columns`` (the tables' columns → their headers), the fields that are days
    (``days``, shown as 2022-03-05), the fields that hold several codes, comma-separated
    (``several``, shown by name with 、 between them) and the note on a retired record."""

    names: dict[str, dict[str, str]]
    labels: dict[str, str]
    columns: dict[str, str]
    days: tuple[str, ...] = ()
    retired_note: str = catalog.ACCIDENT_RETIRED_NOTE
    several: tuple[str, ...] = ()


ACCIDENTS = ChangeView(
    names={
        "sector": catalog.ACCIDENT_SECTORS,
        "type": catalog.ACCIDENT_TYPES,
        "grade": catalog.ACCIDENT_GRADES,
        "status": catalog.ACCIDENT_STATUSES,
        "industry": {**{k: v[0] for k, v in catalog.INDUSTRY_SECTIONS.items()}, **catalog.INDUSTRY_DIVISIONS},
    },
    labels=catalog.ACCIDENT_COLUMN_LABELS,
    columns=catalog.ACCIDENT_PREVIEW_COLUMNS,
)
HAZARDS = ChangeView(
    names={
        "sector": catalog.ACCIDENT_SECTORS,
        "level": catalog.HAZARD_LEVELS,
        "source": catalog.HAZARD_SOURCES,
        "supervision": catalog.HAZARD_SUPERVISION,
    },
    labels=catalog.HAZARD_COLUMN_LABELS,
    columns=catalog.HAZARD_PREVIEW_COLUMNS,
    days=("found_on", "deadline", "rectified_on", "accepted_on"),
)
INSPECTIONS = ChangeView(
    names={"sector": catalog.ACCIDENT_SECTORS, "method": catalog.INSPECTION_METHODS},
    labels=catalog.INSPECTION_COLUMN_LABELS,
    columns=catalog.INSPECTION_PREVIEW_COLUMNS,
    days=("inspected_on",),
)
CASES = ChangeView(
    names={
        "sector": catalog.ACCIDENT_SECTORS,
        "source": catalog.CASE_SOURCES,
        "transferred": catalog.CASE_TRANSFERRED,
        "penalties": catalog.PENALTY_KINDS,
    },
    labels=catalog.CASE_COLUMN_LABELS,
    columns=catalog.CASE_PREVIEW_COLUMNS,
    days=("filed_on", "decided_on", "closed_on", "transferred_on"),
    several=("penalties",),
)
VIEWS = {"accidents": ACCIDENTS, "hazards": HAZARDS, "inspections": INSPECTIONS, "cases": CASES}
"""The view of each ledger kind (the import kinds' and the batch shapes' names)."""


def change_counts(compare: pd.DataFrame) -> dict[str, int]:
    """How many records of each kind of change (new, changed, unchanged, retired)."""
    if not len(compare):
        return dict.fromkeys(CHANGE_KINDS, 0)
    kinds = compare["change"].value_counts()
    return {k: int(kinds.get(k, 0)) for k in CHANGE_KINDS}


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value))


def field_text(field: str, value, regions: pd.DataFrame | None = None, view: ChangeView = ACCIDENTS) -> str:
    """One value of a record as people read it (a code by its catalog name).

    >>> field_text("occurred_at", pd.Timestamp("2022-03-05 14:30")), field_text("direct_loss", 12.50)
    ('2022-03-05 14:30', '12.5')
    >>> field_text("region", "320723"), field_text("type", "09"), field_text("credit_code", None)
    ('灌云县', '高处坠落', '（空）')
    >>> field_text("deaths", np.int64(2)), field_text("retired", True), field_text("industry", "E")
    ('2', '是', '建筑业')
    >>> field_text("rectified_on", pd.Timestamp("2022-04-28"), view=HAZARDS), field_text("level", "major", view=HAZARDS)
    ('2022-04-28', '重大')
    >>> field_text("penalties", "warning,fine", view=CASES), field_text("transferred", "yes", view=CASES)
    ('警告、罚款', '是')
    """
    if _missing(value) or (field not in ("unit", "company") and value == ""):
        return catalog.ACCIDENT_FIELD_EMPTY
    if field in view.days:
        return pd.Timestamp(value).strftime("%Y-%m-%d")
    if field == "occurred_at":
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")
    if field == "region":
        return catalog.region_name(str(value), regions)
    if field in view.several:
        return "、".join(view.names[field].get(code, code) for code in str(value).split(","))
    if field in view.names:
        return view.names[field].get(str(value), str(value))
    if field == "retired":
        return catalog.YES_NO[bool(value)]
    if isinstance(value, (float, np.floating)):
        return f"{float(value):g}"
    if isinstance(value, (np.integer, np.bool_)):
        return str(value.item())
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def field_label(field: str, view: ChangeView = ACCIDENTS) -> str:
    """A record field's name (the template's header; 已移除 for the retired flag).

    >>> field_label("deaths"), field_label("retired"), field_label("rectified_on", HAZARDS)
    ('死亡人数', '已移除', '整改完成日期')
    """
    if field == "retired":
        return catalog.ACCIDENT_RETIRED_FIELD
    return view.labels.get(field, field)


def cleared_text(row, view: ChangeView = ACCIDENTS) -> str:
    """The day fields of a changed record that were set and are now empty, by name ("" for none):
    a hazard's 整改完成日期 taken back is allowed, and the preview says so.

    >>> row = {"rectified_on": pd.NaT, "old_rectified_on": pd.Timestamp("2022-04-28"),
    ...        "deadline": pd.Timestamp("2022-04-30"), "old_deadline": pd.Timestamp("2022-04-30")}
    >>> cleared_text(row, HAZARDS), cleared_text(row, ACCIDENTS)
    ('整改完成日期', '')
    """
    gone = [f for f in view.days if _missing(row.get(f)) and not _missing(row.get(f"old_{f}"))]
    return catalog.ACCIDENT_SCOPE_REGION_SEPARATOR.join(field_label(f, view) for f in gone)


def cleared_count(compare: pd.DataFrame, view: ChangeView = ACCIDENTS) -> int:
    """How many changed records clear a day field that was set (see :func:`cleared_text`)."""
    if not view.days or not len(compare):
        return 0
    changed = compare[compare["change"] == "changed"]
    gone = np.zeros(len(changed), dtype=bool)
    for f in view.days:
        gone |= changed[f].isna().to_numpy() & changed[f"old_{f}"].notna().to_numpy()
    return int(gone.sum())


def _change_text(row, regions, view: ChangeView) -> str:
    """``field: old → new`` for each changed field of a compared record."""
    parts = []
    for field in str(row["fields"]).split(","):
        if not field:
            continue
        if field == "retired":
            old, new = row.get("old_retired"), False
        else:
            old, new = row.get(f"old_{field}"), row.get(field)
        parts.append(
            catalog.ACCIDENT_FIELD_CHANGE.format(
                field=field_label(field, view),
                old=field_text(field, old, regions, view),
                new=field_text(field, new, regions, view),
            )
        )
    return catalog.ACCIDENT_FIELD_SEPARATOR.join(parts)


def changes_table(
    compare: pd.DataFrame,
    change: str,
    *,
    start: int = 0,
    limit: int | None = None,
    regions: pd.DataFrame | None = None,
    view: ChangeView = ACCIDENTS,
) -> pd.DataFrame:
    """The records of one kind of ``change`` (in file order; retired ones by key), rows ``start``
    to ``start + limit``, with Chinese headers (``view.columns``, e.g.
    ``catalog.ACCIDENT_PREVIEW_COLUMNS``): the file's row, the key, the record's main fields by
    name, and 变更内容 (each changed field, old → new; for a retired record, why). Texts are plain
    (a page shows them escaped).

    >>> compare = pd.DataFrame([dict(change="retired", key="k", source_row=pd.NA,
    ...     occurred_at=pd.Timestamp("2022-01-02"), region="320722", unit="", sector="road", type="02",
    ...     deaths=0, injuries=1, direct_loss=0.0, grade="general", status="counted", fields="retired")])
    >>> row = changes_table(compare, "retired").iloc[0]
    >>> row["行号"], row["行业领域"], row["变更内容"]
    ('', '道路运输', '全量重报的文件中没有此记录')
    """
    frame = compare[compare["change"] == change] if len(compare) else compare
    if change == "retired":
        frame = frame.sort_values("key", kind="stable")
    elif len(frame):
        frame = frame.sort_values("source_row", kind="stable")
    stop = None if limit is None else start + limit
    frame = frame.iloc[start:stop]
    columns = list(view.columns)
    out: dict[str, list] = {}
    for name in columns:
        if name == "source_row":
            out[name] = ["" if _missing(v) else int(v) for v in frame["source_row"]]
        elif name == "key":
            out[name] = [str(k) for k in frame["key"]]
        elif name == "cleared":
            records = frame.to_dict("records") if change == "changed" else []
            out[name] = [cleared_text(row, view) for row in records] or [""] * len(frame)
        elif name == "fields":
            if change == "changed":
                out[name] = [_change_text(row, regions, view) for _, row in frame.iterrows()]
            elif change == "retired":
                out[name] = [view.retired_note] * len(frame)
            else:
                out[name] = [""] * len(frame)
        else:
            out[name] = [field_text(name, v, regions, view) for v in frame[name]]
    table = pd.DataFrame(out, columns=columns, dtype=object)
    if change in ("new", "unchanged"):
        table = table.drop(columns="fields")
    if change != "changed" and "cleared" in table:
        table = table.drop(columns="cleared")
    return table.rename(columns=view.columns).reset_index(drop=True)
