"""The importer's own error type: one refusal, in Chinese for the page and English for the CLI."""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import catalog

if TYPE_CHECKING:
    import pandas as pd


class ImportError_(ValueError):
    """A file (or an undo) refused as a whole.

    ``kind`` names the refusal in :data:`catalog.IMPORT_REFUSALS`; ``zh`` and ``en`` are the
    sentence in each language; ``problems`` holds the problems table when the file had any.

    >>> e = ImportError_("empty")
    >>> e.zh, str(e)
    ('文件是空的。', 'The file is empty.')
    """

    audited = False  # True once a file refused whole has its import_refused line in the audit log

    def __init__(self, kind: str, *, problems: pd.DataFrame | None = None, **fields):
        zh, en = catalog.IMPORT_REFUSALS[kind]
        self.kind = kind
        self.zh = zh.format(**fields)
        self.en = en.format(**fields)
        self.problems = problems
        super().__init__(self.en)
