"""README.md and the command line agree: every command, option and choice a README command line
shows is one the CLI's parser has, and every command and subcommand of the CLI is shown in one.
The parser is read through its --help output, as a user reads it."""

from __future__ import annotations

import contextlib
import functools
import io
import re
from pathlib import Path

import pytest

from lawreport_data.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
# `python -m lawreport_data …` or `.venv/bin/python -m lawreport_data …` anywhere, `lawreport …` or
# `.venv/bin/lawreport …` at the start of a line or of an inline code span; up to a `#` comment.
COMMAND = re.compile(
    r"(?:(?:\.venv/bin/)?python -m lawreport_data|(?:^|(?<=`))(?:\.venv/bin/)?lawreport)(?=\s|$)([^`#\n]*)", re.M
)


def readme_commands(text: str) -> list[str]:
    """Each command line shown (without the program), alternatives `a | b` apart."""
    found = []
    for match in COMMAND.finditer(text):
        found += [part.strip() for part in match.group(1).split(" | ")]
    return found


@functools.cache
def help_of(path: tuple[str, ...]) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        build_parser().parse_args([*path, "--help"])
    return out.getvalue()


def subcommands(path: tuple[str, ...]) -> list[str]:
    usage = help_of(path).split("\n\n")[0]
    match = re.search(r"\{([\w,-]+)\}\s+\.\.\.", usage)
    return match.group(1).split(",") if match else []


def options(path: tuple[str, ...]) -> set[str]:
    return set(re.findall(r"(?<![\w-])--[a-z][\w-]*", help_of(path)))


def choices(path: tuple[str, ...], option: str) -> list[str] | None:
    match = re.search(rf"{re.escape(option)} \{{([^}}]*)\}}", help_of(path))
    return match.group(1).split(",") if match else None


def command_path(command: str) -> tuple[str, ...]:
    path: tuple[str, ...] = ()
    for token in command.replace("[", " ").replace("]", " ").split():
        if token not in subcommands(path):
            break
        path += (token,)
    return path


def problems_of(command: str) -> list[str]:
    """What a README command line shows that the CLI does not have."""
    tokens = command.replace("[", " ").replace("]", " ").split()
    path = command_path(command)
    problems = []
    if tokens and not path and not tokens[0].startswith("-"):
        problems.append(f"no command {tokens[0]!r} (the CLI has {', '.join(subcommands(()))})")
    if subcommands(path) and "--help" not in tokens:
        problems.append(f"{' '.join(path)} needs one of {', '.join(subcommands(path))}")
    previous = None
    for token in tokens[len(path) :]:
        if token.startswith("--"):
            if token not in options(path):
                problems.append(f"{' '.join(path) or 'the CLI'} has no option {token}")
        elif previous and previous.startswith("--") and choices(path, previous) is not None:
            wrong = set(token.split("|")) - set(choices(path, previous))
            if wrong:
                problems.append(
                    f"{previous} takes {', '.join(choices(path, previous))}, not {', '.join(sorted(wrong))}"
                )
        previous = token
    return problems


def cli_commands(path: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name in subcommands(path):
        found += [(*path, name), *cli_commands((*path, name))]
    return found


SHOWN = readme_commands(README)


@pytest.mark.parametrize("command", SHOWN)
def test_every_command_line_in_the_readme_is_one_the_cli_takes(command):
    assert problems_of(command) == []


@pytest.mark.parametrize("path", cli_commands(), ids=" ".join)
def test_every_command_of_the_cli_is_shown_in_the_readme(path):
    assert path in {command_path(c)[: len(path)] for c in SHOWN}, f"README.md shows no `{' '.join(path)}` command line"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("`python -m lawreport_data sumary --period 2022`", "no command 'sumary'"),
        ("python -m lawreport_data summary --perod 2022  # typo", "summary has no option --perod"),
        (
            "`.venv/bin/lawreport summary --period 2022 [--format table|xml]`",
            "--format takes table, json, csv, not xml",
        ),
        ("python -m lawreport_data user add x --role admin | user remove x", "user needs one of add, list"),
        ("python -m lawreport_data audit [--action importing]", "--action takes"),
        ("python -m lawreport_data catalog [--format json]", None),
        ("python -m lawreport_data --help", None),
        ("the lawreport command; `.venv/bin/lawreport --help`", None),
        ("lawreport catalog --formats json", "catalog has no option --formats"),
    ],
)
def test_the_check_finds_what_a_readme_line_gets_wrong(text, problem):
    found = [p for c in readme_commands(text) for p in problems_of(c)]
    if problem is None:
        assert found == []
    else:
        assert any(p.startswith(problem) for p in found), found
