"""What an accident ledger would change, for people: the preview's counts and its record tables
(one per kind of change: new, changed, unchanged, retired), every code shown by its catalog name
and each change of a 续报 as "field: old → new". Pure functions over the frame that
``store.compare_accidents`` returns; nothing here reads or writes the store.

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

import numpy as np
import pandas as pd

from .. import catalog

CHANGE_KINDS = ("new", "changed", "unchanged", "retired")

_NAMES = {
    "sector": catalog.ACCIDENT_SECTORS,
    "type": catalog.ACCIDENT_TYPES,
    "grade": catalog.ACCIDENT_GRADES,
    "status": catalog.ACCIDENT_STATUSES,
    "industry": {**{k: v[0] for k, v in catalog.INDUSTRY_SECTIONS.items()}, **catalog.INDUSTRY_DIVISIONS},
}


def change_counts(compare: pd.DataFrame) -> dict[str, int]:
    """How many records of each kind of change (new, changed, unchanged, retired)."""
    if not len(compare):
        return dict.fromkeys(CHANGE_KINDS, 0)
    kinds = compare["change"].value_counts()
    return {k: int(kinds.get(k, 0)) for k in CHANGE_KINDS}


def _missing(value) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and np.isnan(value))


def field_text(field: str, value, regions: pd.DataFrame | None = None) -> str:
    """One value of a record as people read it (a code by its catalog name).

    >>> field_text("occurred_at", pd.Timestamp("2022-03-05 14:30")), field_text("direct_loss", 12.50)
    ('2022-03-05 14:30', '12.5')
    >>> field_text("region", "320723"), field_text("type", "09"), field_text("credit_code", None)
    ('灌云县', '高处坠落', '（空）')
    >>> field_text("deaths", np.int64(2)), field_text("retired", True), field_text("industry", "E")
    ('2', '是', '建筑业')
    """
    if _missing(value) or (field not in ("unit",) and value == ""):
        return catalog.ACCIDENT_FIELD_EMPTY
    if field == "occurred_at":
        return pd.Timestamp(value).strftime("%Y-%m-%d %H:%M")
    if field == "region":
        return catalog.region_name(str(value), regions)
    if field in _NAMES:
        return _NAMES[field].get(str(value), str(value))
    if field == "retired":
        return catalog.YES_NO[bool(value)]
    if isinstance(value, (float, np.floating)):
        return f"{float(value):g}"
    if isinstance(value, (np.integer, np.bool_)):
        return str(value.item())
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return str(value)


def field_label(field: str) -> str:
    """A record field's name (the template's header; 已移除 for the retired flag).

    >>> field_label("deaths"), field_label("retired")
    ('死亡人数', '已移除')
    """
    if field == "retired":
        return catalog.ACCIDENT_RETIRED_FIELD
    return catalog.ACCIDENT_COLUMN_LABELS.get(field, field)


def _change_text(row, regions) -> str:
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
                field=field_label(field), old=field_text(field, old, regions), new=field_text(field, new, regions)
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
) -> pd.DataFrame:
    """The records of one kind of ``change`` (in file order; retired ones by key), rows ``start``
    to ``start + limit``, with Chinese headers (``catalog.ACCIDENT_PREVIEW_COLUMNS``): the file's
    row, the key, the record's main fields by name, and 变更内容 (each changed field, old → new;
    for a retired record, why). Texts are plain (a page shows them escaped).

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
    columns = list(catalog.ACCIDENT_PREVIEW_COLUMNS)
    out: dict[str, list] = {}
    for name in columns:
        if name == "source_row":
            out[name] = ["" if _missing(v) else int(v) for v in frame["source_row"]]
        elif name == "key":
            out[name] = [str(k) for k in frame["key"]]
        elif name == "fields":
            if change == "changed":
                out[name] = [_change_text(row, regions) for _, row in frame.iterrows()]
            elif change == "retired":
                out[name] = [catalog.ACCIDENT_RETIRED_NOTE] * len(frame)
            else:
                out[name] = [""] * len(frame)
        else:
            out[name] = [field_text(name, v, regions) for v in frame[name]]
    table = pd.DataFrame(out, columns=columns, dtype=object)
    if change in ("new", "unchanged"):
        table = table.drop(columns="fields")
    return table.rename(columns=catalog.ACCIDENT_PREVIEW_COLUMNS).reset_index(drop=True)
