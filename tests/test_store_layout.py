"""The store package's import contract: the CLI's quick commands load no heavy library."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("pandas", "numpy", "plotly", "alembic")


def _loaded_after(code: str) -> list[str]:
    probe = f"import sys, json\n{code}\nprint(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "code",
    [
        "import lawreport_data.store.accounts",
        "import lawreport_data.store.audit",
        "import lawreport_data.store.batches",
        "from lawreport_data import store; store.session_factory, store.write, store.account, store.append_audit",
        "from lawreport_data import store; store.audit_actors, store.undo_batch, store.data_version",
        "from lawreport_data import store; store.hazard_count_rows, store.region_names, store.find_region",
        "from lawreport_data import api; api.hazard_groups, api.HAZARD_GROUP_KEYS, api.default_as_of",
    ],
)
def test_the_quick_commands_reads_load_neither_pandas_plotly_nor_alembic(code):
    assert _loaded_after(code) == []


def test_the_probe_sees_a_heavy_import():  # the check above can fail
    assert _loaded_after("from lawreport_data import store; store.load_observations") == ["pandas", "numpy"]


def test_every_name_the_package_offers_is_found_in_its_module():
    from lawreport_data import store

    for name in store.__all__:
        assert getattr(store, name) is not None, name
