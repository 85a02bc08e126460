"""``python -m lawreport_data`` (or ``lawreport``): the command line, a thin layer over
:mod:`lawreport_data.api`.

Each command imports only what it uses (``api``'s names load on first use): ``--help``,
``catalog``, ``user``, ``audit``, ``history`` and ``records hazards --by`` start without pandas, Plotly or Alembic, so they
answer at once; ``summary``, ``import`` and the briefing commands load pandas when they run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import math
import os
import sys
import unicodedata
from pathlib import Path

from . import api, catalog
from .periods import Period, PeriodError

JSON_FIELDS = [
    "indicator",
    "name",
    "unit",
    "region",
    "region_name",
    "period",
    "period_label",
    "value",
    "qualifier",
    "display",
    "status",
    "synthetic",
    "previous",
    "previous_period",
    "change_pct",
    "change_text",
    "approximate",
    "provisional",
    "origins",
    "sources",
    "warnings",
]


RATE_FIELDS = ["numerator", "numerator_value", "denominator", "denominator_value", "denominator_year"]
"""A rate's parts in ``summary --format json`` (its change against ``--comparison``'s spans, as the figures')."""


class CliError(Exception):
    """A problem to tell the user in one plain sentence (exit status 2)."""


def _period(text: str) -> Period:
    try:
        return Period.parse(text)
    except PeriodError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _clean(v):
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v


def _width(text: str) -> int:
    """Columns a text takes in a terminal (CJK characters take two).

    >>> _width("灌云县"), _width("abc")
    (6, 3)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(v) -> str:
    v = _clean(v)
    return "" if v is None else str(v)


def text_table(rows: list[dict], columns: list[str], max_width: int = 40) -> str:
    """Rows as an aligned plain-text table under a header of ``columns`` (long cells cut with …),
    numbers to the right. Used by the commands that must start without pandas.

    >>> print(text_table([{"code": "320723", "name": "灌云县", "n": 7}, {"code": "x", "name": "a", "n": 12}],
    ...                  ["code", "name", "n"]))
      code   name  n
    320723 灌云县  7
         x      a 12
    """
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    for line in cells:
        for i, text in enumerate(line):
            if _width(text) > max_width:
                while _width(text) > max_width - 1:
                    text = text[:-1]
                line[i] = text + "…"
    widths = [max([_width(c)] + [_width(line[i]) for line in cells]) for i, c in enumerate(columns)]
    out = [" ".join(" " * (w - _width(c)) + c for c, w in zip(columns, widths, strict=True))]
    for line in cells:
        out.append(" ".join(" " * (w - _width(t)) + t for t, w in zip(line, widths, strict=True)))
    return "\n".join(out)


def cmd_init_db(args) -> int:
    engine = api.open_engine()
    result = api.init_db(engine, demo_data=args.demo, province=args.province)
    print(
        f"database ready at {engine.url.render_as_string(hide_password=True)}: "
        f"{result.report_new} report figures added, {result.demo_new} demo observations added, "
        + (
            f"{result.demo_records} demo accident records and {result.demo_hazards} demo hazard records added, "
            if args.demo
            else ""
        )
        + (f"{result.regions_added} regions of the province added, " if args.province else "")
        + f"{api.observation_count(engine)} observations in all"
    )
    return 0


def cmd_summary(args) -> int:
    import pandas as pd

    engine = api.open_engine()
    try:
        frame = api.summary(engine, args.period, args.region, args.comparison)
        rates = [r for r in api.rate_rows(engine, args.period, args.region, args.comparison) if r["value"] is not None]
    except api.LookupError_ as exc:
        raise CliError(str(exc)) from None
    if args.format == "json":  # the rates that can be computed after the figures, with their parts
        records = [{k: _clean(r[k]) for k in JSON_FIELDS} for r in frame.to_dict("records")]
        records += [{k: _clean(r[k]) for k in (*JSON_FIELDS, *RATE_FIELDS)} for r in rates]
        json.dump(records, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    if rates:
        frame = pd.concat([frame, pd.DataFrame(rates)], ignore_index=True)
    table = frame[
        [
            "indicator",
            "name",
            "region_name",
            "period",
            "period_label",
            "display",
            "unit",
            "previous",
            "change_pct",
            "change_text",
        ]
    ]
    if args.format == "csv":
        table.to_csv(sys.stdout, index=False)
    else:
        with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 40):
            print(table.to_string(index=False) if len(table) else "no figures for that region and period")
    return 0


def cmd_catalog(args) -> int:
    data = api.catalog_dict(api.open_engine() if args.from_store else None)
    if args.format == "json":
        json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    print(text_table(data["regions"], ["code", "name", "kind", "kind_label", "parent"]))
    print()
    print(text_table(data["indicators"], ["code", "name", "unit", "topic_name", "aggregation", "polarity"]))
    return 0


def _operator() -> str:
    """Who runs the command line when no --user is given (recorded in the audit log)."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli"


def _actor(engine, username: str | None) -> api.Actor | None:
    """The account named by --user (its role and region rules apply), or None: the operator."""
    if not username:
        return None
    try:
        return api.account_actor(engine, username)
    except api.AuthError as exc:
        raise CliError(exc.en) from None


class _ProgressLine:
    """``progress(phase, done, total)`` as one line on stderr, rewritten in place (a terminal only)."""

    def __init__(self, path: str):
        self.path = path
        self.shown = False

    def __call__(self, phase: str, done: int, total: int | None) -> None:
        of = f"/{total:,}" if total is not None else ""
        sys.stderr.write(f"\r{self.path}: {phase} {done:,}{of} rows\033[K")
        sys.stderr.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()
            self.shown = False


def _preview_line(path: str, preview) -> str:
    c = preview.counts
    if preview.kind != "aggregate":
        parsed = preview.parsed
        line = (
            f"{path}: ok ({parsed.encoding}, {catalog.IMPORT_KIND_LABELS_EN[preview.kind]}, {parsed.rows_read} rows, "
            f"{catalog.LEDGER_KEY_LABELS_EN[preview.kind][parsed.key_kind]}): would add {c['new']}, "
            f"change {c['changed']}, retire {c['retired']}, leave {c['unchanged']} unchanged"
        )
        if preview.cleared:
            line += f"; {preview.cleared} record(s) would clear a date that was set (check them)"
        return line
    parsed = preview.parsed
    return (
        f"{path}: ok ({parsed.encoding}, {parsed.shape}, {parsed.rows} rows): "
        f"would add {c['new']}, change {c['changed']}, leave {c['unchanged']} unchanged"
    )


RETIRED_SHOWN = 50  # retired records a dry run names, one line each


def _retired_lines(path: str, preview) -> list[str]:
    """A full re-send's dry run: its scope, and the records it would retire (the first
    :data:`RETIRED_SHOWN`, then how many more)."""
    if preview.kind == "aggregate" or preview.replace_scope is None:
        return []
    codes, start, end = preview.replace_scope
    lines = [f"{path}: full re-send of {', '.join(codes)} from {start:%Y-%m-%d} to {end:%Y-%m-%d}"]
    retired = preview.changes[preview.changes["change"] == "retired"]
    for row in retired.head(RETIRED_SHOWN).itertuples(index=False):
        if preview.kind == "accidents":
            what = f"{row.occurred_at:%Y-%m-%d %H:%M}, region {row.region}, {row.deaths} dead"
        else:
            what = f"found {row.found_on:%Y-%m-%d}, region {row.region}, {row.level}"
        lines.append(f"{path}: would retire {row.key} ({what})")
    if len(retired) > RETIRED_SHOWN:
        lines.append(f"{path}: ... and {len(retired) - RETIRED_SHOWN} more to retire")
    return lines


def _result_line(path: str, result) -> str:
    if result.kind != "aggregate":
        what = catalog.IMPORT_KIND_LABELS_EN[result.kind]
        if result.noop:
            record = what.split()[0]  # accident, hazard
            return f"{path}: nothing to change ({result.unchanged} {record} records already stored as in the file)"
        return (
            f"{path}: imported as batch {result.batch_id} ({result.encoding}, {what}, {result.rows} rows): "
            f"{result.new} added, {result.changed} changed, {result.unchanged} unchanged, {result.retired} retired"
        )
    if result.noop:
        return f"{path}: nothing to change ({result.unchanged} values already stored as in the file)"
    return (
        f"{path}: imported as batch {result.batch_id} ({result.encoding}, {result.shape}, {result.rows} rows): "
        f"{result.new} added, {result.changed} changed, {result.unchanged} unchanged"
    )


def print_refusal(path: str, refusal) -> None:
    """A refused file on stderr: why, then each of its problems by row and column (one line each)."""
    from . import importer

    print(f"{path}: refused: {refusal.en}", file=sys.stderr)
    if refusal.problems is not None:
        for problem in importer.problem_lines(refusal.problems):
            print(f"{path}: {problem}", file=sys.stderr)


def cmd_import(args) -> int:
    """Check (and unless --dry-run, load) each file; a refused file makes the exit status 2."""
    engine = api.open_engine()
    api.init_db(engine)
    actor = _actor(engine, args.user)
    status = 0
    if args.period is not None and not args.replace:
        raise CliError("--period names the months of a full re-send: give it with --replace")
    options = {"kind": args.kind, "replace": args.replace, "replace_period": args.period}
    for path in args.files:
        name = os.path.basename(path)
        line = _ProgressLine(path) if sys.stderr.isatty() else None
        try:
            with open(path, "rb") as fileobj:
                if args.dry_run:
                    preview = api.preview_import(
                        engine, fileobj, name, sheet=args.sheet, actor=actor, progress=line, **options
                    )
                    if not preview.ok:
                        raise api.ImportError_(
                            "problems", problems=preview.parsed.problems, count=len(preview.parsed.problems)
                        )
                    if line:
                        line.done()
                    print(_preview_line(path, preview))
                    for text in _retired_lines(path, preview):
                        print(text)
                    continue
                result = api.apply_import(
                    engine, fileobj, name, user=_operator(), sheet=args.sheet, actor=actor, progress=line, **options
                )
        except OSError as exc:
            if line:
                line.done()
            print(f"{path}: cannot read the file: {exc.strerror or exc}", file=sys.stderr)
            status = 2
            continue
        except api.ImportError_ as exc:
            if line:
                line.done()
            print_refusal(path, exc)
            status = 2
            continue
        if line:
            line.done()
        print(_result_line(path, result))
    return status


def cmd_undo(args) -> int:
    engine = api.open_engine()
    api.ensure_schema(engine)
    actor = _actor(engine, args.user)
    try:
        n = api.undo_batch(engine, args.batch_id, user=_operator(), actor=actor)
    except api.ImportError_ as exc:
        raise CliError(exc.en) from None
    print(f"batch {args.batch_id} undone: {n} values removed or restored to what they were before")
    return 0


def cmd_history(args) -> int:
    engine = api.open_engine()
    api.ensure_schema(engine)
    rows = api.history_rows(engine)
    if not rows:
        print("no imports yet")
        return 0
    cols = ["id", "file_name", "created_at", "created_by", "encoding", "shape", "rows_total", "rows_new"]
    cols += ["rows_changed", "rows_unchanged", "rows_retired", "status", "undone_at", "undone_by"]
    print(text_table(rows, cols))
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m lawreport_data",
        description=f"Safety-supervision statistics store: {catalog.SOURCE_REPORT_TITLE}. "
        "The database is LAWREPORT_DB_URL (default db/lawreport.sqlite).",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("init-db", help="create or migrate the schema and load the report's figures")
    p.add_argument("--demo", action="store_true", help="also add synthetic county data for 2018-2022")
    p.add_argument(
        "--province", action="store_true",
        help=f"make it a province's store: {catalog.PROVINCE.name} above the city, its other cities beside it",
    )  # fmt: skip
    p.set_defaults(func=cmd_init_db)

    p = sub.add_parser("summary", help="every indicator with a value for a region and period")
    p.add_argument("--period", required=True, type=_period, help="2022, 2022-11 or 2022-01..2022-11")
    p.add_argument("--region", default=None, help="code or name (default: the city)")
    p.add_argument("--comparison", choices=["yoy", "mom", "prev2", "avg5"], default="yoy",
                   help="yoy (同比), mom (环比), prev2 (比前年: the same span two years before) or avg5 (比近五年同期平均: "
                   "the mean of the same span in the five years before, all five needed)")  # fmt: skip
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=cmd_summary)

    p = sub.add_parser("catalog", help="regions and indicators")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.add_argument("--from-store", action="store_true", help="list regions as stored (with added towns)")
    p.set_defaults(func=cmd_catalog)

    p = sub.add_parser("import", help="check and load county CSV/XLSX files (each as one batch)")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--dry-run", action="store_true", help="check and show what would change; write nothing")
    p.add_argument("--sheet", default=None, help="the xlsx sheet to read (default: the first)")
    p.add_argument("--user", default=None, help="act as this account: its role and region rules apply")
    p.add_argument(
        "--kind",
        choices=["aggregate", "accidents", "hazards", "inspections", "cases"],
        default=None,
        help="the file's kind (default: told by its header: an accident, hazard, inspection or penalty case "
        "ledger, or an aggregate table)",
    )
    p.add_argument(
        "--replace",
        action="store_true",
        help="ledgers: a full re-send; stored records of the file's regions and months (of 发生时间, or of a "
        "hazard's 发现日期) that the file lacks are retired",
    )
    p.add_argument(
        "--period",
        type=_period,
        default=None,
        help="with --replace: the months the full re-send covers (2022, 2022-11 or 2022-01..2022-11; "
        "default: the months from the file's earliest to its latest accident)",
    )
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("undo", help="undo an import batch, restoring what it replaced")
    p.add_argument("batch_id", type=int)
    p.add_argument("--user", default=None, help="act as this account: its role and region rules apply")
    p.set_defaults(func=cmd_undo)

    p = sub.add_parser("history", help="list import batches")
    p.set_defaults(func=cmd_history)

    add_briefing_commands(sub)
    add_account_commands(sub)
    add_ledger_commands(sub)
    from .cli_targets import add_target_commands

    add_target_commands(sub)
    return parser


# A command runs once and exits. Loading pandas, SQLAlchemy and the package makes about a million
# long-lived objects and next to no garbage, and Python's collector, run every 700 allocations,
# traverses them again and again: a tenth of a 300,000-row import's time. The process runs it every
# 100,000 allocations instead (reference cycles are still collected; peak memory is unchanged:
# benchmarks/README.md). Only the command's own process: main() called in-process leaves it alone.
PROCESS_GC_THRESHOLD = (100_000, 10, 10)


def run() -> None:
    """The command line as a process (``python -m lawreport_data``, the ``lawreport`` script)."""
    import gc

    gc.set_threshold(*PROCESS_GC_THRESHOLD)
    sys.exit(main())


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except api.StoreError as exc:  # a database fault: one line, without SQL or parameters
        print(f"error: {exc.en}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001 - the user gets one sentence, never a traceback
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


# --- briefing export: narrative, chart images, Word -----------------------------------


def cmd_narrative(args) -> int:
    try:
        _, sentences = api.narrative_sentences(api.open_engine(), args.period, args.region, args.comparison)
    except api.LookupError_ as exc:
        raise CliError(str(exc)) from None
    for s in sentences:
        print(s.text)
    if not sentences:
        print("no figures for that region and period")
    return 0


def cmd_charts(args) -> int:
    from . import png

    try:
        specs = api.section_figures(api.open_engine(), args.period, args.region)
        paths = png.write_charts(specs, Path(args.out), args.format)
    except api.LookupError_ as exc:
        raise CliError(str(exc)) from None
    except png.ImageExportError as exc:
        raise CliError(str(exc)) from None
    finally:
        png.stop()
    for path in paths:
        print(path)
    print(f"{len(paths)} charts written to {args.out}" if paths else "no charts for that region and period")
    return 0


def cmd_briefing(args) -> int:
    from . import png

    out = Path(args.out)
    if out.suffix.lower() != ".docx":
        raise CliError(f"the briefing is a Word file: give --out a name ending in .docx, not {out.name!r}")
    if not out.parent.is_dir():
        raise CliError(f"no such directory: {out.parent}")
    try:
        data = api.briefing_docx(api.open_engine(), args.period, args.region, args.comparison)
    except api.LookupError_ as exc:
        raise CliError(str(exc)) from None
    finally:
        png.stop()
    tmp = out.with_name(out.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(out)  # whole or not at all
    print(f"briefing written to {out} ({len(data) // 1024} KB)")
    return 0


def add_briefing_commands(sub) -> None:
    period_help = "2022, 2022-11 or 2022-01..2022-11"
    p = sub.add_parser("narrative", help="the report's sentences written from the figures")
    p.add_argument("--period", required=True, type=_period, help=period_help)
    p.add_argument("--region", default=None, help="code or name (default: the city)")
    p.add_argument("--comparison", choices=list(catalog.COMPARISON_LABELS), default="yoy")
    p.set_defaults(func=cmd_narrative)

    p = sub.add_parser("charts", help="every chart of a region and period as PNG (print resolution) or SVG")
    p.add_argument("--period", required=True, type=_period, help=period_help)
    p.add_argument("--region", default=None, help="code or name (default: the city)")
    p.add_argument("--out", required=True, help="directory to write into (made if missing)")
    p.add_argument("--format", choices=["png", "svg"], default="png")
    p.set_defaults(func=cmd_charts)

    p = sub.add_parser("briefing", help="the Word briefing (.docx) of a region and period")
    p.add_argument("--period", required=True, type=_period, help=period_help)
    p.add_argument("--region", default=None, help="code or name (default: the city)")
    p.add_argument("--comparison", choices=list(catalog.COMPARISON_LABELS), default="yoy")
    p.add_argument("--out", required=True, help="the .docx file to write")
    p.set_defaults(func=cmd_briefing)


# --- accounts and the audit log ---------------------------------------------------------


def _read_password(args, username: str) -> str:
    """From stdin with --password-stdin (first line), else asked twice at the terminal."""
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise CliError("no terminal to ask the password at: pipe it with --password-stdin")
    first = getpass.getpass(f"password for {username}: ")
    if getpass.getpass("again: ") != first:
        raise CliError("the two passwords differ")
    return first


def cmd_user(args) -> int:
    engine = api.open_engine()
    api.ensure_schema(engine)
    by = _operator()
    try:
        if args.action == "add":
            actor = api.add_user(
                engine,
                args.username,
                _read_password(args, args.username),
                args.role,
                region=args.region,
                display_name=args.display_name or "",
                by=by,
            )
            scope = f" for region {actor.region_code}" if actor.region_code else ""
            print(f"account {actor.username} added ({catalog.ROLE_LABELS_EN[actor.role]}{scope})")
        elif args.action == "list":
            rows = api.user_rows(engine)
            if args.format == "json":
                print(
                    json.dumps(
                        [{k: _clean(v) for k, v in r.items()} for r in rows],
                        ensure_ascii=False,
                        indent=2,
                    )
                )
            elif not rows:
                print("no accounts yet: add the first admin with `user add NAME --role admin`")
            else:
                print(text_table(rows, list(rows[0])))
        elif args.action in ("disable", "enable"):
            api.set_user_active(engine, args.username, args.action == "enable", by=by)
            print(f"account {args.username} {args.action}d")
        elif args.action == "passwd":
            api.set_password(engine, args.username, _read_password(args, args.username), by=by)
            print(f"password of {args.username} changed")
    except api.AuthError as exc:
        raise CliError(exc.en) from None
    return 0


def cmd_audit(args) -> int:
    engine = api.open_engine()
    api.ensure_schema(engine)
    filters = dict(actor=args.actor, action=args.action, since=args.since, until=args.until)
    if args.format == "json":
        print(
            json.dumps(
                [{k: _clean(v) for k, v in r.items()} for r in api.audit_rows(engine, **filters)],
                ensure_ascii=False,
                indent=2,
            )
        )
    elif args.format == "csv":
        from . import tables

        frame = api.audit_log(engine, **filters)
        sys.stdout.write(tables.neutralised(frame).to_csv(index=False, lineterminator="\r\n"))
    elif not (rows := api.audit_rows(engine, **filters)):
        print("no audit events")
    else:
        print(text_table(rows, [c for c in rows[0] if c != "file_hash"]))
    return 0


def _date(text: str):
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def add_account_commands(sub) -> None:
    p = sub.add_parser("user", help="accounts: add, list, disable, enable, passwd")
    users = p.add_subparsers(dest="action", required=True)
    q = users.add_parser("add", help="add an account (the first admin is made this way)")
    q.add_argument("username")
    q.add_argument("--role", required=True, help="viewer (查看), county (县区填报员) or admin (市级管理员)")
    q.add_argument("--region", default=None, help="a county analyst's region (code or name)")
    q.add_argument("--display-name", default="")
    q.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    q = users.add_parser("list", help="list accounts (no passwords)")
    q.add_argument("--format", choices=["table", "json"], default="table")
    for action in ("disable", "enable"):
        q = users.add_parser(action, help=f"{action} an account")
        q.add_argument("username")
    q = users.add_parser("passwd", help="set a new password (signed-in sessions end)")
    q.add_argument("username")
    q.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    p.set_defaults(func=cmd_user)

    p = sub.add_parser("audit", help="the audit log: every change of data and accounts")
    p.add_argument("--actor", default=None)
    p.add_argument("--action", default=None, choices=sorted(catalog.AUDIT_ACTION_LABELS))
    p.add_argument("--since", type=_date, default=None, help="YYYY-MM-DD")
    p.add_argument("--until", type=_date, default=None, help="YYYY-MM-DD (included)")
    p.add_argument("--format", choices=["table", "json", "csv"], default="table")
    p.set_defaults(func=cmd_audit)


# --- the accident ledger: records and the reconciliation ---------------------------------


def _json_value(v):
    """A record's cell for JSON: whole numbers as ints, times as ISO text, missing as null."""
    if hasattr(v, "item"):
        v = v.item()
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, dt.datetime):
        return v.isoformat(timespec="minutes")
    return _clean(v)


def cmd_records_accidents(args) -> int:
    """The ledger's records of a region and period (counted and 核销; retired ones not), or with
    --by their totals per group (核销 not counted)."""
    import csv
    import itertools

    engine = api.open_engine()
    api.ensure_schema(engine)
    region = args.region
    try:
        if args.by:
            frame = api.accident_breakdown(engine, args.period, region, by=args.by)
        else:
            chunks = api.iter_records(engine, args.period, region)
            chunks = itertools.chain([c for c in [next(chunks, None)] if c is not None], chunks)
    except api.LookupError_ as exc:
        raise CliError(str(exc)) from None
    if args.by:
        rows = [{k: _json_value(r[k]) for k in api.GROUP_KEYS} for r in frame.to_dict("records")]
        if args.format == "json":
            json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
            print()
        elif args.format == "csv":
            writer = csv.DictWriter(sys.stdout, fieldnames=api.GROUP_KEYS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        elif rows:
            labels = dict(zip(frame["group"].map(str), frame["category"], strict=True))
            shown = [{"name": labels[str(r["group"])], **r} for r in rows]
            print(text_table(shown, ["group", "name", *api.GROUP_KEYS[1:]]))
        else:
            print("no counted accident records for that region and period")
        return 0
    if args.format == "json":
        # Streamed: a year of a large ledger is never held as one list.
        sys.stdout.write("[")
        first = True
        for chunk in chunks:
            for r in chunk[api.RECORD_KEYS].to_dict("records"):
                sys.stdout.write(
                    ("\n  " if first else ",\n  ")
                    + json.dumps({k: _json_value(r[k]) for k in api.RECORD_KEYS}, ensure_ascii=False)
                )
                first = False
        sys.stdout.write("]\n" if first else "\n]\n")
        return 0
    if args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=api.RECORD_KEYS, lineterminator="\n")
        writer.writeheader()
        for chunk in chunks:
            writer.writerows({k: _json_value(r[k]) for k in api.RECORD_KEYS} for r in chunk.to_dict("records"))
        return 0
    seen = False
    names = {r["code"]: r["name"] for r in api.catalog_dict(engine)["regions"]}  # a town's name is the store's
    for chunk in chunks:
        shown = chunk[api.RECORD_KEYS].assign(
            occurred_at=chunk["occurred_at"].dt.strftime("%Y-%m-%d %H:%M"),
            region=chunk["region"].map(lambda c: names.get(c, c)),
            sector=chunk["sector"].map(lambda c: catalog.ACCIDENT_SECTORS.get(c, c)),
            type=chunk["type"].map(lambda c: catalog.ACCIDENT_TYPES.get(c, c)),
            grade=chunk["grade"].map(lambda c: catalog.ACCIDENT_GRADES.get(c, c)),
            status=chunk["status"].map(lambda c: catalog.ACCIDENT_STATUSES.get(c, c)),
        )
        table = text_table(shown.to_dict("records"), api.RECORD_KEYS, max_width=24)
        print(table if not seen else table.split("\n", 1)[1])
        seen = True
    if not seen:
        print("no accident records for that region and period")
    return 0


_HAZARD_DECIMALS = ("rectification_rate", "on_time_rate", "mean_days_to_rectify", "funds")


def _hazard_value(key: str, v):
    """A hazard's cell for JSON and CSV: days as ISO dates, rates and means with their decimal
    (60.0, not 60), counts as ints, missing (None, NaN, NaT: not equal to themselves) as null."""
    if hasattr(v, "item") and not isinstance(v, dt.datetime):
        v = v.item()
    if v is None or v != v:
        return None
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    if key in _HAZARD_DECIMALS:
        return float(v)
    return _clean(v)


def cmd_records_hazards(args) -> int:
    """The hazards found in a period (retired ones not) with their state on the as-of day, or with
    --by their figures per group (rates as percentages to one decimal, null without a base)."""
    import csv

    engine = api.open_engine()
    api.ensure_schema(engine)
    as_of = args.as_of or api.default_as_of(args.period)
    try:
        if args.by:  # without pandas: the figures per group come from the store's counts
            found = api.hazard_groups(engine, args.period, args.region, by=args.by, as_of=as_of)
            keys, labels = api.HAZARD_GROUP_KEYS, [r["label"] for r in found]
        else:
            frame = api.hazard_list(engine, args.period, args.region, as_of=as_of)
            frame["status"] = frame["status"].map(catalog.HAZARD_STATUSES)
            keys, found = api.HAZARD_RECORD_KEYS, frame.to_dict("records")
    except api.LookupError_ as exc:
        raise CliError(str(exc)) from None
    rows = [{k: _hazard_value(k, r[k]) for k in keys} for r in found]
    if args.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=keys, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    elif not rows:
        print(f"no hazard records for that region and period (as of {as_of})")
    elif args.by:
        percent = {k: (lambda v: "" if v is None else f"{v:.1f}%") for k in ("rectification_rate", "on_time_rate")}
        percent["mean_days_to_rectify"] = lambda v: "" if v is None else f"{v:.1f}"
        shown = [
            {**r, **{k: f(r[k]) for k, f in percent.items()}, "label": label}
            for r, label in zip(rows, labels, strict=True)
        ]
        print(f"as of {as_of}")
        print(text_table(shown, ["group", "label", *keys[1:]]))
    else:
        names = {"region": catalog.region_name, "level": catalog.HAZARD_LEVELS.get,
                 "supervision": catalog.HAZARD_SUPERVISION.get}  # fmt: skip
        shown = [{**r, **{k: (f(r[k]) or r[k]) if r[k] else r[k] for k, f in names.items()}} for r in rows]
        columns = ["id", "record_no", "company", "region", "level", "found_on", "deadline", "rectified_on",
                   "supervision", "status"]  # fmt: skip
        print(f"as of {as_of}")
        print(text_table(shown, columns, max_width=24))
    return 0


def _ledger_value(v):
    """A record's cell for JSON and CSV: days as ISO dates, money as floats, missing as null."""
    if v is None or v != v:
        return None
    if isinstance(v, dt.datetime):
        return v.date().isoformat()
    return v


def _print_enforcement(args, rows: list[dict], keys: list[str], what: str, names: dict, whole=None) -> None:
    """``rows`` (groups with ``label``, or records) as a table, JSON or CSV (codes kept in both); a
    table of groups ends with ``whole``'s row, the whole counted once (not the groups added up)."""
    import csv

    plain = [{k: _ledger_value(r[k]) for k in keys} for r in rows]
    if args.format == "json":
        json.dump(plain, sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=keys, lineterminator="\n")
        writer.writeheader()
        writer.writerows(plain)
    elif not rows:
        print(f"no {what} for that region and period")
    elif args.by:
        shown = [{**p, "label": r["label"]} for p, r in zip(plain, rows, strict=True)]
        shown.append({**{k: _ledger_value(whole[k]) for k in keys}, "group": "(all)", "label": ""})
        print(text_table(shown, ["group", "label", *keys[1:]]))
    else:
        shown = [{**r, **{k: f(r[k]) for k, f in names.items() if r[k]}} for r in plain]
        print(text_table(shown, keys, max_width=24))


def cmd_records_inspections(args) -> int:
    """The inspections of a period (retired ones not), or with --by their counts per group
    (enterprises inspected: distinct in each group and in the whole)."""
    engine = api.open_engine()
    api.ensure_schema(engine)
    whole = None
    try:
        if args.by and args.format == "table":  # the groups and the whole's row (distinct across them) at once
            (rows, whole), keys = (
                api.inspection_table(engine, args.period, args.region, by=args.by),
                api.INSPECTION_GROUP_KEYS,
            )
        elif args.by:
            rows, keys = api.inspection_groups(engine, args.period, args.region, by=args.by), api.INSPECTION_GROUP_KEYS
        else:
            rows, keys = api.inspection_records(engine, args.period, args.region), api.INSPECTION_RECORD_KEYS
    except api.LookupError_ as exc:
        raise CliError(str(exc)) from None
    names = {"region": catalog.region_name, "method": catalog.INSPECTION_METHODS.get,
             "sector": catalog.ACCIDENT_SECTORS.get}  # fmt: skip
    _print_enforcement(args, rows, keys, "inspection records", names, whole)
    return 0


def cmd_records_cases(args) -> int:
    """The penalty cases filed in a period (retired ones not), or with --by their counts and amounts
    (元) per group."""
    engine = api.open_engine()
    api.ensure_schema(engine)
    whole = None
    try:
        if args.by and args.format == "table":  # the groups and the whole's row at once
            (rows, whole), keys = api.case_table(engine, args.period, args.region, by=args.by), api.CASE_GROUP_KEYS
        elif args.by:
            rows, keys = api.case_groups(engine, args.period, args.region, by=args.by), api.CASE_GROUP_KEYS
        else:
            rows, keys = api.case_records(engine, args.period, args.region), api.CASE_RECORD_KEYS
    except api.LookupError_ as exc:
        raise CliError(str(exc)) from None
    names = {
        "region": catalog.region_name, "source": catalog.CASE_SOURCES.get, "sector": catalog.ACCIDENT_SECTORS.get,
        "transferred": catalog.CASE_TRANSFERRED.get,
        "penalties": lambda v: "、".join(catalog.PENALTY_KINDS.get(c, c) for c in v.split(",")),
    }  # fmt: skip
    _print_enforcement(args, rows, keys, "penalty cases", names, whole)
    return 0


def cmd_reconcile(args) -> int:
    """Official figures that the ledger's counts differ from (exit 0 either way)."""
    engine = api.open_engine()
    api.ensure_schema(engine)
    try:
        rows = api.reconcile(engine, args.period, args.region)
        rows += api.hazard_reconcile(engine, args.period, args.region)
        rows += api.inspection_reconcile(engine, args.period, args.region)
    except api.LookupError_ as exc:
        raise CliError(str(exc)) from None
    keys = ["indicator", "region", "period", "official", "ledger", "difference"]
    if args.format == "json":
        json.dump([{k: r[k] for k in keys} for r in rows], sys.stdout, ensure_ascii=False, indent=2)
        print()
    elif rows:
        print(text_table(rows, keys))
    else:
        print("no differences: the ledgers' counts agree with every official figure (or there is none to compare)")
    return 0


def add_ledger_commands(sub) -> None:
    period_help = "2022, 2022-11 or 2022-01..2022-11"
    p = sub.add_parser(
        "records",
        help="records of a ledger (事故台账, 隐患台账, 检查记录, 行政处罚案件): list them or count them by a field",
    )
    kinds = p.add_subparsers(dest="kind", required=True)
    q = kinds.add_parser("accidents", help="accident records of a region and period (retired ones not listed)")
    q.add_argument("--period", required=True, type=_period, help=period_help)
    q.add_argument("--region", default=None, help="code or name (default: the city; a county includes its towns)")
    q.add_argument(
        "--by",
        choices=["type", "sector", "grade", "month", "region", "hour", "weekday"],
        default=None,
        help="count the counted records (核销 excluded) per group instead of listing them",
    )
    q.add_argument("--format", choices=["table", "json", "csv"], default="table", help="json and csv carry codes")
    q.set_defaults(func=cmd_records_accidents)
    q = kinds.add_parser("hazards", help="hazard records found in a period, as of a day (retired ones not listed)")
    q.add_argument("--period", required=True, type=_period, help=period_help + " (by the day each hazard was found)")
    q.add_argument("--region", default=None, help="code or name (default: the city; a county includes its towns)")
    q.add_argument("--as-of", type=_date, default=None, help="YYYY-MM-DD (default: the period's end, or today)")
    q.add_argument(
        "--by",
        choices=["level", "source", "sector", "region", "month", "supervision"],
        default=None,
        help="figures per group (found, rectified, rates, overdue, open, mean days) instead of the records",
    )
    q.add_argument("--format", choices=["table", "json", "csv"], default="table", help="json and csv carry codes")
    q.set_defaults(func=cmd_records_hazards)

    for kind, helps, by, func in (
        ("inspections", "inspections (检查记录) of a region and period, by 检查日期 (retired ones not listed)",
         ["method", "sector", "region", "month"], cmd_records_inspections),
        ("cases", "penalty cases (行政处罚案件) of a region filed in a period (retired ones not listed)",
         ["source", "sector", "region", "month", "penalty"], cmd_records_cases),
    ):  # fmt: skip
        q = kinds.add_parser(kind, help=helps)
        q.add_argument("--period", required=True, type=_period, help=period_help)
        q.add_argument("--region", default=None, help="code or name (default: the city; a county includes its towns)")
        q.add_argument(
            "--by",
            choices=by,
            default=None,
            help="count per group instead of listing (enterprises inspected are distinct in each group and the "
            "whole, never added up; a case of several penalty kinds counts in each)",
        )
        q.add_argument("--format", choices=["table", "json", "csv"], default="table", help="json and csv carry codes")
        q.set_defaults(func=func)

    p = sub.add_parser(
        "reconcile", help="official figures the ledgers' counts differ from (数据核对: 事故台账, 隐患台账, 检查记录)"
    )
    p.add_argument("--period", required=True, type=_period, help=period_help)
    p.add_argument("--region", default=None, help="code or name (default: every region)")
    p.add_argument("--format", choices=["table", "json"], default="table")
    p.set_defaults(func=cmd_reconcile)
