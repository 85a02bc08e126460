"""Packaging: pyproject.toml declares what the code imports, requirements.txt (the lock `make`
installs) pins each of it within its declared range, `make` puts the `lawreport` command in the
venv, and a bare `pytest` from the checkout imports the checkout's package."""

from __future__ import annotations

import ast
import importlib.metadata as md
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

import lawreport_data
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
BIN = Path(sys.executable).parent
# The checkout's own modules and folders (app.py, ui.py, pages/, tests/, ...) and the benchmarks'
# helpers, which import each other by name.
LOCAL = {p.stem for p in [*ROOT.glob("*.py"), *ROOT.glob("benchmarks/*.py")]} | {
    p.name for p in ROOT.iterdir() if p.is_dir()
}


def declared(*extras: str) -> list[Requirement]:
    project = PYPROJECT["project"]
    reqs = project["dependencies"] + [r for e in extras for r in project["optional-dependencies"][e]]
    return [Requirement(r) for r in reqs]


def locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version.strip()
    return pins


def third_party_imports(patterns: tuple[str, ...]) -> dict[str, set[str]]:
    """Distribution name → files importing it, over the files the patterns match."""
    dists = md.packages_distributions()
    found: dict[str, set[str]] = {}
    for pattern in patterns:
        for path in ROOT.glob(pattern):
            if ".venv" in path.parts:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [a.name for a in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for top in {n.split(".")[0] for n in names} - set(sys.stdlib_module_names) - LOCAL:
                    for dist in dists.get(top, [f"<no installed distribution has {top}>"]):
                        found.setdefault(canonicalize_name(dist), set()).add(str(path.relative_to(ROOT)))
    return found


PRODUCT = ("lawreport_data/**/*.py", "app.py", "ui.py", "serve.py", "pages/*.py", "db/**/*.py", "deploy/*.py")
DEVELOPMENT = ("tests/**/*.py", "benchmarks/**/*.py")


@pytest.mark.parametrize(
    ("files", "extras"),
    [(PRODUCT, ()), (DEVELOPMENT, ("dev",))],
    ids=["product", "tests-and-benchmarks"],
)
def test_every_third_party_import_is_a_declared_dependency(files, extras):
    names = {canonicalize_name(r.name) for r in declared(*extras)}
    undeclared = {dist: sorted(paths) for dist, paths in third_party_imports(files).items() if dist not in names}
    assert not undeclared, f"imported but not in pyproject.toml: {undeclared}"


def test_every_dependency_is_pinned_in_the_lock_within_its_declared_range():
    pins = locked()
    problems = []
    for req in declared(*PYPROJECT["project"]["optional-dependencies"]):
        names = [req.name]
        for extra in req.extras:  # psycopg[binary] → psycopg-binary pinned too
            for sub in map(Requirement, md.requires(req.name) or []):
                if sub.marker and sub.marker.evaluate({"extra": extra}) and not sub.marker.evaluate({"extra": ""}):
                    names.append(sub.name)
        for name in names:
            pin = pins.get(canonicalize_name(name))
            if pin is None:
                problems.append(f"{name} is not in requirements.txt")
            elif name == req.name and not req.specifier.contains(pin, prereleases=True):
                problems.append(f"{name}=={pin} is outside {req}")
    assert not problems


def test_the_venv_holds_the_locked_versions():
    """What `make` installed is what requirements.txt says (a stale venv fails here, not later)."""
    differ = {}
    for name, version in locked().items():
        try:
            installed = md.version(name)
        except md.PackageNotFoundError:
            installed = None
        if installed != version:
            differ[name] = (version, installed)
    assert not differ, f"requirements.txt vs the venv (run make install): {differ}"


def test_the_lawreport_command_runs_from_anywhere(tmp_path):
    script = BIN / "lawreport"
    if not script.exists():
        pytest.fail(f"{script} is missing: `make install` puts it there (pip install --editable .)")
    out = subprocess.run([script, "--help"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "init-db" in out.stdout and "Traceback" not in out.stderr


def test_the_lawreport_command_exits_with_the_commands_status(tmp_path):
    """The script exits with the command's status (cli.run passes main's on): 0 after the catalog is printed."""
    script = BIN / "lawreport"
    if not script.exists():
        pytest.fail(f"{script} is missing: `make install` puts it there (pip install --editable .)")
    out = subprocess.run([script, "catalog", "--format", "json"], cwd=tmp_path, capture_output=True, timeout=120)
    assert out.returncode == 0, out.stderr.decode(errors="replace")
    assert {r["name"] for r in json.loads(out.stdout)["regions"]} >= {"连云港市", "灌云县"}


def test_a_bare_pytest_imports_this_checkouts_package():
    """`pytest` (the venv's script, not `python -m pytest`) from the checkout's root: the pythonpath
    setting puts the checkout first, so its tests import its own lawreport_data and tests package."""
    pytest_script = BIN / "pytest"
    if not pytest_script.exists():
        skip_or_fail(f"{pytest_script} is missing")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    args = [pytest_script, "-q", "-p", "no:cacheprovider", f"{__file__}::test_the_package_imported_is_this_checkouts"]
    out = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stdout[-3000:]
    assert "1 passed" in out.stdout


def test_the_package_imported_is_this_checkouts():
    assert Path(lawreport_data.__file__).resolve().parent == ROOT / "lawreport_data"
