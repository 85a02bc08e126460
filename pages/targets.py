"""控制指标 (admins): the year's control targets as stored, one entered or revised at a time, or a
file of them checked (every problem by row and column) and then imported."""

import streamlit as st

import ui
from lawreport_data import catalog

T = catalog.TARGETS_PAGE

actor = ui.page_guard(admin=True, admin_only="targets_admin_only")
st.title(T["title"])
st.caption(T["intro"])
ui.target_notice()

years, shown = ui.target_years()
year = st.selectbox(T["year"], years, index=years.index(shown), key="tg_year", format_func=lambda y: f"{y}年")

st.subheader(T["stored"])
stored = ui.target_table(year)
if stored.empty:
    st.info(T["none"].format(year=year))
else:
    ui.text_table(stored)

st.subheader(T["entry"])
regions = ui.target_regions()
with st.form("tg_entry", clear_on_submit=False):
    cols = st.columns(3)
    region = cols[0].selectbox(T["region"], list(regions), format_func=regions.get, key="tg_region")
    indicator = cols[1].selectbox(T["indicator"], list(catalog.TARGET_CODES),
                                  format_func=lambda c: catalog.target_info(c).name, key="tg_indicator")  # fmt: skip
    # a count (12) or a rate (0.025): shown as typed
    value = cols[2].number_input(T["value"], min_value=0.0, step=1.0, value=None, format="%g", key="tg_value")
    saved = st.form_submit_button(T["save"], type="primary")
if saved:
    ui.save_target(actor, region, year, indicator, value)

uploaded = st.file_uploader(
    T["upload"], type=["csv", "xlsx", "txt"], key=f"tg_upload_{st.session_state.get('tg_upload_round', 0)}"
)
if uploaded is not None:
    ui.import_targets_file(actor, uploaded)
