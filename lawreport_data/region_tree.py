"""The region tree as plain data: each region's children, from (code, parent) pairs, and the
regions under some. The store's table (``store.regions``), the sidebar's choices, account scopes,
the metrics engine and ``store.load_resolvable`` all build and walk it this way."""

from __future__ import annotations

from collections.abc import Iterable


def children_of(pairs: Iterable[tuple[str, object]]) -> dict[str | None, list[str]]:
    """Each parent's direct children, in the order of ``pairs`` ((code, parent)); the regions
    without a parent (None, NaN or an empty text) under None.

    >>> children_of([("320700", None), ("320703", "320700"), ("320722", "320700"), ("320703001", "320703")])
    {None: ['320700'], '320700': ['320703', '320722'], '320703': ['320703001']}
    >>> children_of([("320700", float("nan")), ("320000", "")])
    {None: ['320700', '320000']}
    """
    out: dict[str | None, list[str]] = {}
    for code, parent in pairs:
        out.setdefault(parent if isinstance(parent, str) and parent else None, []).append(code)
    return out


def preorder(children: dict[str | None, list[str]], roots: Iterable[str]) -> list[str]:
    """``roots`` and every region under them, each followed by the regions under it (children in
    their order), each once (a loop of parents ends).

    >>> tree = children_of([("320700", None), ("320703", "320700"), ("320703001", "320703"), ("320722", "320700")])
    >>> preorder(tree, ["320700"])
    ['320700', '320703', '320703001', '320722']
    >>> preorder(tree, ["320703", "320722"]), preorder({"a": ["b"], "b": ["a"]}, ["a"])
    (['320703', '320703001', '320722'], ['a', 'b'])
    """
    out: list[str] = []
    seen: set[str] = set()
    todo = list(roots)[::-1]
    while todo:
        code = todo.pop()
        if code not in seen:
            seen.add(code)
            out.append(code)
            todo.extend(children.get(code, [])[::-1])
    return out
