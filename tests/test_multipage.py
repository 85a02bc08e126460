"""multipage.use_app_navigation, the one place that switches off Streamlit's old pages/-directory
mode through a private class attribute: these fail if a Streamlit upgrade renames the attribute or
changes when it is set (then look again at multipage.py; tests/test_browser_cold_start.py shows what
a visitor gets)."""

import pytest
from streamlit.runtime.pages_manager import PagesManager

import multipage


@pytest.fixture
def streamlits_own_pages_manager(monkeypatch, tmp_path):
    """PagesManager as Streamlit ships it (without conftest's AppTest patch), the mode not yet
    decided (as in a fresh server), and the path of a main script with a pages/ directory beside it."""
    monkeypatch.undo()  # conftest's autouse fixture patched PagesManager.__init__ with this monkeypatch
    monkeypatch.setattr(PagesManager, "uses_pages_directory", None)
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "accidents.py").write_text("", encoding="utf-8")
    (tmp_path / "app.py").write_text("", encoding="utf-8")
    return str(tmp_path / "app.py")


def test_streamlit_keeps_the_old_mode_in_the_class_attribute_the_switch_sets():
    assert "uses_pages_directory" in vars(PagesManager)


def test_a_first_session_beside_a_pages_directory_starts_in_the_old_mode(streamlits_own_pages_manager):
    PagesManager(streamlits_own_pages_manager)
    assert PagesManager.uses_pages_directory is True


@pytest.mark.parametrize("before", [None, True])
def test_after_the_switch_every_new_session_starts_at_the_main_script(streamlits_own_pages_manager, before):
    PagesManager.uses_pages_directory = before
    assert multipage.use_app_navigation() is True
    PagesManager(streamlits_own_pages_manager)
    assert PagesManager.uses_pages_directory is False
    assert multipage.use_app_navigation() is False  # already off: nothing to do


def test_streamlits_st_navigation_still_switches_the_same_attribute_off(streamlits_own_pages_manager):
    """app.py's st.navigation clears the same flag (what the switch anticipates for the first visitor)."""
    import streamlit as st

    PagesManager.uses_pages_directory = True
    st.navigation([st.Page(lambda: None, title="x")])
    assert PagesManager.uses_pages_directory is False
