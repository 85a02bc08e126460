"""The hazard ledger's figures made of its counts (隐患台账): plain Python, no pandas, so the
CLI's grouped figures (``records hazards --by``) start at once. ``hazard_figures`` counts records
(pandas) and the store counts in SQL (``store.hazard_counts``); both give :data:`COUNT_COLUMNS`,
which :func:`figures_of` makes figures of."""

from __future__ import annotations

from .rounding import round_half_away, share_pct

__all__ = ["COUNT_COLUMNS", "FIGURE_COLUMNS", "HAZARD_GROUPINGS", "add_counts", "figures_of", "grouped_rows"]

HAZARD_GROUPINGS = ("level", "source", "sector", "region", "month", "supervision")
"""What hazards are grouped by (the CLI's ``--by``): a record column, or ``month`` of discovery."""
FIGURE_COLUMNS = [
    "found",
    "rectified",
    "rectification_rate",
    "on_time_rate",
    "overdue",
    "open",
    "mean_days_to_rectify",
]
"""A group's figures, in the order the grouped output lists them."""


COUNT_COLUMNS = [
    "found",
    "general",
    "major",
    "rectified",
    "major_rectified",
    "due",
    "on_time",
    "overdue",
    "days_to_rectify",
]
"""What the figures are made of (:func:`counts`): the hazards found by the day, of them the
general and the major ones, those rectified by then (and the major ones among them), those whose
deadline has passed, of these the ones rectified by their deadline and the ones not rectified, and
the days from discovery to rectification summed over the rectified ones. The store counts the same
in SQL (``store.hazard_counts``)."""


def figures_of(counted) -> dict:
    """The figures (``catalog.HAZARD_MEASURES``' keys) of hazards counted as :func:`counts` counts
    them: counts as ints, rates and 平均整改天数 to one decimal or None.

    >>> f = figures_of(dict(found=3, general=2, major=1, rectified=2, major_rectified=1, due=2, on_time=1,
    ...                     overdue=0, days_to_rectify=33))
    >>> f["rectification_rate"], f["major_rectification_rate"], f["on_time_rate"], f["open"], f["mean_days_to_rectify"]
    (66.7, 100.0, 50.0, 1, 16.5)
    """
    counted = {k: int(counted[k]) for k in COUNT_COLUMNS}  # a row of a frame, a dict: plain ints
    found, rectified = counted["found"], counted["rectified"]
    return {
        "found": found,
        "general": counted["general"],
        "major": counted["major"],
        "rectified": rectified,
        "rectification_rate": share_pct(rectified, found),
        "major_rectification_rate": share_pct(counted["major_rectified"], counted["major"]),
        "on_time_rate": share_pct(counted["on_time"], counted["due"]),
        "overdue": counted["overdue"],
        "open": found - rectified,
        # the mean of whole days: their sum (exact) over their number, as pandas' mean gives it
        "mean_days_to_rectify": round_half_away(counted["days_to_rectify"] / rectified, 1) if rectified else None,
    }


def grouped_rows(counted) -> list[dict]:
    """Each group's figures (``group`` then :data:`FIGURE_COLUMNS`) of its counts (dicts with
    ``group`` and :data:`COUNT_COLUMNS`, one per group): groups that have a hazard, in their order.
    Each group's rates are its own records', so the groups' rates do not add up to the whole's.

    >>> rows = [dict(group="b", found=2, general=2, major=0, rectified=1, major_rectified=0, due=1, on_time=0,
    ...              overdue=1, days_to_rectify=7), dict(group="a", **dict.fromkeys(COUNT_COLUMNS, 0))]
    >>> grouped_rows(rows)
    [{'group': 'b', 'found': 2, 'rectified': 1, 'rectification_rate': 50.0, 'on_time_rate': 0.0, 'overdue': 1, 'open': 1, 'mean_days_to_rectify': 7.0}]
    """
    return [
        {"group": row["group"], **{k: v for k, v in figures_of(row).items() if k in FIGURE_COLUMNS}}
        for row in sorted(counted, key=lambda row: row["group"])
        if row["found"]
    ]


def add_counts(*parts: list[dict]) -> list[dict]:
    """The counts of groups counted in parts (disjoint spans: each hazard in one part), added up per
    group: one dict per group, in order, every count summed (counts are additive; figures are made
    of the sums, never of the parts' figures).

    >>> add_counts([dict(group="a", found=2, rectified=1)], [dict(group="b", found=1, rectified=0),
    ...                                                       dict(group="a", found=3, rectified=3)])
    [{'group': 'a', 'found': 5, 'rectified': 4}, {'group': 'b', 'found': 1, 'rectified': 0}]
    """
    out: dict[str, dict] = {}
    for rows in parts:
        for row in rows:
            have = out.get(row["group"])
            if have is None:
                out[row["group"]] = dict(row)
            else:
                for k, v in row.items():
                    if k != "group":
                        have[k] += v
    return [out[g] for g in sorted(out)]
