"""Serve the dashboard: ``python serve.py [streamlit run options]``, which is what ``make run`` does.

The same as ``streamlit run app.py``, except that the first visitor after a restart does not pay for
the server's own start: what every page needs (pandas, Plotly, SQLAlchemy and the
``lawreport_data`` package) is imported, and the database opened and the default view read and drawn
once (``warm_up``), before the server accepts visitors, and then left out of the garbage collector's
full passes (``gc.freeze``); and the first visitor's script runs once, not twice (see ``main``).
Measured in ``benchmarks/README.md``.
"""

import gc
import inspect
import pickle
import sys
from pathlib import Path

import plotly.graph_objects  # noqa: F401
import streamlit.emojis  # noqa: F401  (the page icon)
from streamlit.web import cli

import multipage
from lawreport_data import api, svg_figure  # pandas, SQLAlchemy, Alembic, openpyxl, argon2, the package


def warm_up() -> None:
    """Run, once and uncached, what a first visit runs: open the database (schema checked), read the
    default view and draw its charts, and the same for the 事故台账 and 执法台账 pages; copy them as the page
    cache copies them (pickle). This loads the modules and code paths used on first use (the
    database driver, Plotly's figure classes, the ledger's reads, the migrations' environment;
    the first copy of a view took 0.09 s, later ones 0.01 s); nothing is kept, so the first
    visitor's reads are still made afresh. A database that cannot be opened does not stop the
    server: the warm-up says so on stderr and leaves the rest to the page."""
    try:
        engine = api.open_store()
        period = api.default_period(engine)
        if period is not None:
            root = api.root_region(engine)  # the sidebar's default region
            overview = api.overview_view(engine, period, root)
            board = api.progress_board(engine, period, root)
            ledger = api.accident_view(engine, period, root)
            enforcement = api.enforcement_view(engine, period, root)
            for spec in ledger.charts:  # drawn by Plotly in the browser: sent as JSON
                spec.figure.to_json()
            # drawn on the server as SVGs (ui.static_chart): the overview's, the board's, the 执法台账 page's
            for spec in [*overview.charts, *([board.chart] if board.chart else []), *enforcement.charts]:
                svg_figure.figure_svg(spec.figure)
            pickle.loads(pickle.dumps((overview, board, ledger, enforcement)))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001  (the dashboard shows the problem to its visitor)
        print(f"serve.py: warm-up skipped: {exc}", file=sys.stderr)
    # Streamlit's first element of the process asks whether it runs in a REPL (inspect.stack(), in
    # streamlit.env_util.is_repl), whose first call maps every loaded module to its file: 0.17 s of
    # the first visitor's page (benchmarks/README.md). Mapped here; later calls map only new modules.
    inspect.stack()


def main(argv: list[str]) -> int:
    # Before the first session: its first run starts at app.py, not at a file of pages/, so a first
    # visitor on a page address is not sent back through app.py by a second run (multipage.py).
    multipage.use_app_navigation()
    warm_up()
    # What is loaded by now (pandas, Plotly, Streamlit: about a million objects) lives as long as
    # the server: left out of the collector's full passes, which walked it all (0.09 s, at a random
    # moment of some visitor's page) and now walk only what is made afterwards (a few ms).
    gc.collect()
    gc.freeze()
    sys.argv = ["streamlit", "run", str(Path(__file__).with_name("app.py")), *argv]
    return cli.main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
