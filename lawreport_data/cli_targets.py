"""The command line's 控制指标 commands: ``targets import|list`` and ``progress`` (issue 17), thin
over ``api.import_targets``, ``api.target_rows`` and ``api.progress``."""

from __future__ import annotations

import json
import os
import re
import sys

from . import api, catalog


def _cli():
    from . import cli  # the shared helpers (CliError, the operator); cli imports this module

    return cli


def _year(text: str) -> int:
    if not re.fullmatch(r"\d{4}", text or ""):
        import argparse

        raise argparse.ArgumentTypeError(f"not a year: {text!r} (write 2022)")
    return int(text)


def _through(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})-(\d{1,2})", text or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        import argparse

        raise argparse.ArgumentTypeError(f"not a month: {text!r} (write YYYY-MM, e.g. 2022-11)")
    return int(match.group(1)), int(match.group(2))


def cmd_targets_import(args) -> int:
    """Check (and unless --dry-run, write) each targets file; a refused file makes the exit status 2."""
    cli = _cli()
    engine = api.open_engine()
    api.init_db(engine)
    actor = cli._actor(engine, args.user)
    if actor is not None and not actor.is_admin:
        raise cli.CliError(f"account {actor.username!r} may not set control targets (an admin sets them)")
    user = actor.username if actor is not None else cli._operator()
    status = 0
    for path in args.files:
        try:
            with open(path, "rb") as fileobj:
                result = api.import_targets(engine, fileobj, os.path.basename(path), user=user, dry_run=args.dry_run)
        except OSError as exc:
            print(f"{path}: cannot read: {exc.strerror}", file=sys.stderr)
            status = 2
            continue
        except api.ImportError_ as exc:
            cli.print_refusal(path, exc)
            status = 2
            continue
        if args.dry_run:
            print(f"{path}: checked: {result['rows']} targets, no problems (nothing written: --dry-run)")
        else:
            print(f"{path}: {result['rows']} targets: {result['new']} added, {result['changed']} revised, "
                  f"{result['unchanged']} unchanged")  # fmt: skip
    return status


def cmd_targets_list(args) -> int:
    rows = api.target_rows(api.open_engine(), args.year)
    if args.format == "json":
        json.dump([{k: r[k] for k in ("region", "year", "indicator", "target", "source")} for r in rows],
                  sys.stdout, ensure_ascii=False, indent=2)  # fmt: skip
        print()
        return 0
    if not rows:
        print(f"no control targets for {args.year}")
        return 0
    for r in rows:
        print(f"{r['region']}  {catalog.region_name(r['region'])}  {catalog.target_info(r['indicator']).name}  "
              f"{r['target']:g}  {r['source'] or ''}")  # fmt: skip
    return 0


def cmd_progress(args) -> int:
    cli = _cli()
    through = None
    if args.through is not None:
        year, through = args.through
        if year != args.year:
            raise cli.CliError(f"--through {year}-{through:02d} is not in --year {args.year}")
    try:
        board = api.progress(api.open_engine(), args.year, through, args.region)
    except api.LookupError_ as exc:
        raise cli.CliError(str(exc)) from None
    rows = board["rows"]
    if args.format == "json":
        json.dump([{k: r[k] for k in api.PROGRESS_KEYS} for r in rows], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    import pandas as pd

    frame = pd.DataFrame(rows)
    for column in ("target", "actual"):  # counts as written (12, not 12.0); none: empty
        frame[column] = [None if v is None or pd.isna(v) else f"{v:g}" for v in frame[column]]
    if args.format == "csv":
        frame[["region", "region_name", "indicator", "indicator_name", *api.PROGRESS_KEYS[2:], "status_label"]].to_csv(
            sys.stdout, index=False
        )
        return 0
    print(f"{board['period'].label()} {catalog.PROGRESS_BOARD['title']}")
    shown = frame[list(catalog.PROGRESS_COLUMNS)].astype(object).rename(columns=catalog.PROGRESS_COLUMNS)
    with pd.option_context("display.max_rows", None, "display.width", 200):
        print(shown.to_string(index=False, na_rep="—"))
    for note in board["notes"]:
        print(f"note: {note}")
    return 0


def add_target_commands(sub) -> None:
    p = sub.add_parser(
        "targets", help="安全生产控制指标: import a targets file (地区, 年度, 指标, 控制数) or list a year's"
    )
    kinds = p.add_subparsers(dest="action", required=True)
    q = kinds.add_parser(
        "import", help="check and write targets files; a revised target replaces the stored one (audited)"
    )
    q.add_argument("files", nargs="+")
    q.add_argument("--dry-run", action="store_true", help="check only; write nothing")
    q.add_argument("--user", default=None, help="act as this account (an admin)")
    q.set_defaults(func=cmd_targets_import)
    q = kinds.add_parser("list", help="the stored targets of a year")
    q.add_argument("--year", required=True, type=_year)
    q.add_argument("--format", choices=["table", "json"], default="table")
    q.set_defaults(func=cmd_targets_list)

    p = sub.add_parser("progress", help="progress of 1-N月 against the year's control targets, per region")
    p.add_argument("--year", required=True, type=_year)
    p.add_argument("--through", type=_through, default=None,
                   help="YYYY-MM: the span's last month (default: the latest month with accident figures)")  # fmt: skip
    p.add_argument("--region", default=None, help="code or name (default: the city); with the regions under it")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=cmd_progress)
