"""`python -m lawreport_data user ... / audit / import --user`, run as an administrator runs them."""

import json

import pytest

from tests.test_cli_import import cli, files  # noqa: F401 - fixtures shared with the import CLI tests


@pytest.fixture
def accounts(cli):  # noqa: F811
    """A CLI with an admin `chief` and a county analyst `guanyun` (灌云县) already added."""
    assert cli("user", "add", "chief", "--role", "admin", "--password-stdin", stdin="chief-secret-1\n")[0] == 0
    status, out, err = cli(
        "user",
        "add",
        "guanyun",
        "--role",
        "县区填报员",
        "--region",
        "灌云县",
        "--password-stdin",
        stdin="gy-secret-12\n",
    )
    assert status == 0, err
    assert "account guanyun added (county analyst for region 320723)" in out
    return cli


def test_user_list_shows_accounts_without_password_hashes(accounts):
    status, out, _ = accounts("user", "list", "--format", "json")
    users = {u["username"]: u for u in json.loads(out)}
    assert users["chief"]["role"] == "admin" and users["guanyun"]["region_code"] == "320723"
    assert all("password" not in key for u in users.values() for key in u)
    assert "argon2" not in out


@pytest.mark.parametrize(
    "args, stdin, message",
    [
        (["user", "add", "x", "--role", "admin", "--password-stdin"], "short\n", "at least 8 characters"),
        (["user", "add", "samename1", "--role", "admin", "--password-stdin"], "samename1\n", "differ from the user"),
        (["user", "add", "x", "--role", "county", "--password-stdin"], "long-enough\n", "needs a region"),
        (["user", "add", "x", "--role", "boss", "--password-stdin"], "long-enough\n", "role must be"),
        (
            ["user", "add", "x", "--role", "county", "--region", "火星", "--password-stdin"],
            "long-enough\n",
            "Unknown region",
        ),
        (["user", "add", "chief", "--role", "admin", "--password-stdin"], "long-enough\n", "exists already"),
        (["user", "add", "a b", "--role", "admin", "--password-stdin"], "long-enough\n", "A user name has"),
        (["user", "add", "x", "--role", "admin"], "", "pipe it with --password-stdin"),
        (["user", "disable", "nobody"], "", "no account 'nobody'"),
        (["import", "--user", "nobody", "f.csv"], "", "no account 'nobody'"),
    ],
)
def test_refuses_bad_account_commands_with_one_plain_sentence(accounts, args, stdin, message):
    status, _, err = accounts(*args, stdin=stdin)
    assert status == 2 and message in err and "Traceback" not in err


def test_county_analyst_imports_own_county_and_is_refused_other_counties_rows(accounts, tmp_path):
    own = tmp_path / "灌云.csv"
    own.write_text("地区,指标,期间,数值\n灌云县,事故起数,2022-11,3\n", encoding="utf-8")
    mixed = tmp_path / "混合.csv"
    mixed.write_text("地区,指标,期间,数值\n灌云县,事故起数,2022-10,2\n灌南县,事故起数,2022-10,4\n", encoding="utf-8")
    status, out, _ = accounts("import", "--user", "guanyun", str(own))
    assert status == 0 and "imported as batch 1" in out
    status, _, err = accounts("import", "--user", "guanyun", str(mixed))
    assert status == 2
    assert f"{mixed}: row 3, column 地区: '灌南县'" in err
    assert "row 2" not in err  # the analyst's own row is fine
    assert "batch 2" not in accounts("history")[1]
    events = json.loads(accounts("audit", "--format", "json")[1])
    assert [(e["actor"], e["action"]) for e in events[:2]] == [("guanyun", "import_refused"), ("guanyun", "import")]


def test_disabled_account_cannot_import_and_last_admin_stays(accounts, files):  # noqa: F811
    good, _, _ = files
    assert accounts("user", "disable", "guanyun")[0] == 0
    status, _, err = accounts("import", "--user", "guanyun", str(good))
    assert status == 2 and "disabled" in err
    status, _, err = accounts("user", "disable", "chief")
    assert status == 2 and "last active admin" in err
    assert accounts("user", "enable", "guanyun")[0] == 0


def test_every_account_change_is_in_the_audit_log(accounts):
    assert accounts("user", "passwd", "guanyun", "--password-stdin", stdin="new-secret-99\n")[0] == 0
    assert accounts("user", "disable", "guanyun")[0] == 0
    status, out, _ = accounts("audit", "--format", "csv")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].startswith("id,at,actor,action,target")
    actions = [line.split(",")[3] for line in lines[1:]]
    assert actions == ["user_disable", "user_passwd", "user_add", "user_add", "init_db"]
    status, out, _ = accounts("audit", "--action", "user_add", "--format", "json")
    assert [e["target"] for e in json.loads(out)] == ["guanyun", "chief"]
