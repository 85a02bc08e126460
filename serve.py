"""Serve the dashboard: ``python serve.py [streamlit run options]``, which is what ``make run`` does.

The same as ``streamlit run app.py``, except that what every page needs (pandas, Plotly, SQLAlchemy and
the ``lawreport_data`` package) is imported when the server starts, not when the first visitor opens a
page: the first visit after a restart no longer waits about a second for imports
(``benchmarks/README.md``).
"""

import sys
from pathlib import Path

import plotly.graph_objects  # noqa: F401
from streamlit.web import cli

import lawreport_data.api  # noqa: F401  (pandas, SQLAlchemy, Alembic, openpyxl, argon2, the package)


def main(argv: list[str]) -> int:
    sys.argv = ["streamlit", "run", str(Path(__file__).with_name("app.py")), *argv]
    return cli.main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
