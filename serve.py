"""Serve the dashboard: ``python serve.py [streamlit run options]``, which is what ``make run`` does.

The same as ``streamlit run app.py``, except that the first visitor after a restart does not pay for
the server's own start: what every page needs (pandas, Plotly, SQLAlchemy and the
``lawreport_data`` package) is imported, and the database opened and the default view read and drawn
once (``warm_up``), before the server accepts visitors; and the first visitor's script runs once, not
twice (see ``main``). Measured in ``benchmarks/README.md``.
"""

import sys
from pathlib import Path

import plotly.graph_objects  # noqa: F401
import streamlit.emojis  # noqa: F401  (the page icon)
from streamlit.web import cli

import multipage
from lawreport_data import api, catalog  # pandas, SQLAlchemy, Alembic, openpyxl, argon2, the package


def warm_up() -> None:
    """Run, once and uncached, what a first visit runs: open the database (schema checked), read the
    default view and draw its charts. This loads the modules that are imported on first use (the
    database driver, Plotly's figure classes, the migrations' environment); nothing is kept, so the
    first visitor's reads are still made afresh. A database that cannot be opened does not stop
    the server: the warm-up says so on stderr and leaves the rest to the page."""
    try:
        engine = api.open_store()
        period = api.default_period(engine)
        if period is not None:
            _, specs = api.overview(engine, period, catalog.CITY_CODE)
            for spec in specs:
                spec.figure.to_json()
        engine.dispose()
    except Exception as exc:  # noqa: BLE001  (the dashboard shows the problem to its visitor)
        print(f"serve.py: warm-up skipped: {exc}", file=sys.stderr)


def main(argv: list[str]) -> int:
    # Before the first session: its first run starts at app.py, not at a file of pages/, so a first
    # visitor on a page address is not sent back through app.py by a second run (multipage.py).
    multipage.use_app_navigation()
    warm_up()
    sys.argv = ["streamlit", "run", str(Path(__file__).with_name("app.py")), *argv]
    return cli.main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
