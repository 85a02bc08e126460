"""Deep links: read the dashboard's address parameters (``?region=…&year=…``) written either as the
sidebar writes them (the shown label, e.g. ``灌云县``, ``2022年``) or as codes (``320723``, ``2022``),
and tell which ones name nothing (pure functions)."""

from __future__ import annotations

from collections.abc import Mapping

SHOWN_CHARS = 20  # a bad value is quoted in the page's note at most this long


def read_link(
    params: Mapping[str, str | None], choices: Mapping[str, tuple[Mapping[str, object], Mapping[str, object]]]
) -> tuple[dict[str, object], list[str]]:
    """``choices[key]`` is (label → option, code → option) for each linked control. Returns the
    options named by a code (a label the bound widget reads itself) and, in ``choices`` order, the
    keys whose value names no option (the widget would silently drop them).

    >>> choices = {"region": ({"灌云县": "320723"}, {"320723": "320723"}), "year": ({"2022年": 2022}, {"2022": 2022})}
    >>> read_link({"region": "320723", "year": "2022年"}, choices)
    ({'region': '320723'}, [])
    >>> read_link({"region": " 灌云县 ", "year": "1999"}, choices)
    ({'region': '320723'}, ['year'])
    >>> read_link({"region": "nowhere"}, choices)
    ({}, ['region'])
    """
    named: dict[str, object] = {}
    bad: list[str] = []
    for key, (labels, codes) in choices.items():
        raw = params.get(key)
        if raw is None:
            continue
        if raw in labels:
            continue
        text = raw.strip()
        if text in codes:
            named[key] = codes[text]
        elif text in labels:
            named[key] = labels[text]
        else:
            bad.append(key)
    return named, bad


def shown_value(raw: str) -> str:
    """A link's bad value as quoted in a note: cut to :data:`SHOWN_CHARS` characters (``…``).

    >>> shown_value("nowhere"), shown_value("x" * 30)[-2:]
    ('nowhere', 'x…')
    """
    return raw if len(raw) <= SHOWN_CHARS else raw[:SHOWN_CHARS] + "…"
