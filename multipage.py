"""The one place that tells Streamlit to take app.py's ``st.navigation`` and never the ``pages/``
directory as the app's pages. Called by app.py (every run), serve.py (before the server starts), the
page guard (``ui.page_guard``) and the tests' AppTest fixture.

Why a private attribute: the project keeps its page files in ``pages/`` (the layout it was asked
for), and Streamlit (checked on 1.67) still has the old multipage mode in which a ``pages/``
directory beside the main script *is* the navigation: every ``*.py`` in it is a page named after its
file, run on its own, without app.py. The mode is a process-wide class attribute,
``PagesManager.uses_pages_directory``, set when the first session starts (``True`` whenever
``pages/`` exists) and cleared only when some session's script calls ``st.navigation``. Until then a
first visitor who lands on ``/accidents`` runs ``pages/accidents.py`` directly: no login gate, no
role check. Streamlit offers no configuration option or public call for this, so it is set here, in
one function; ``tests/test_multipage.py`` fails if an upgrade renames or stops honouring it, and
every page checks the account itself (``ui.page_guard``) whatever runs it. The menu of file names
that mode would draw is never shown: ``client.showSidebarNavigation = false`` (.streamlit/config.toml)
hides every menu Streamlit draws, that mode's and app.py's alike, and the sidebar's menu is the app's
own (``ui.sidebar_menu``), drawn by app.py only.

A module of its own, not a function of ui.py, because serve.py calls it before the server starts:
importing ui.py there would register its chart component with no Streamlit runtime (in a manager
thrown away) and warn about every cached function.
"""

from streamlit.runtime.pages_manager import PagesManager


def use_app_navigation() -> bool:
    """Make every script run from now on, in every session, start at app.py (whose
    ``st.navigation`` picks the page); True when the old ``pages/`` mode was on (or not yet decided)."""
    was_on = PagesManager.uses_pages_directory is not False
    PagesManager.uses_pages_directory = False
    return was_on


# --- for the tests (the one place outside tests/test_multipage.py that names Streamlit's internals) ---


def uses_app_navigation() -> bool:
    """Whether every new session starts at app.py (the old ``pages/`` mode is off, not undecided)."""
    return PagesManager.uses_pages_directory is False


def forget_navigation_mode(monkeypatch) -> None:
    """For a test: the mode undecided, as in a fresh process before its first session (``monkeypatch``,
    pytest's, puts it back after the test)."""
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)


def start_every_session_at_app(monkeypatch) -> None:
    """For AppTest, which resets the process-wide mode before every run (so every run would start in
    the old mode, where the ``pages/`` files are the navigation): every session's pages manager
    leaves that mode as it is made, as the server's sessions have after app.py's first run
    (:func:`use_app_navigation`). ``monkeypatch``, pytest's, undoes it after the test."""
    init = PagesManager.__init__

    def init_in_navigation_mode(self, *args, **kwargs):
        init(self, *args, **kwargs)
        use_app_navigation()

    monkeypatch.setattr(PagesManager, "__init__", init_in_navigation_mode)
