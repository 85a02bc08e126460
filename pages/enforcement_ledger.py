"""执法台账: a region's and span's inspections and penalty cases from their ledgers: cards with their
change (the official 执法检查企业数 where one is stored), the enforcement figures, the charts
(inspections by 检查方式, enterprises inspected by region — each region's distinct count —, cases by
处罚种类, 罚没款 by month), the cases transferred to the judicial organs, and 数据核对."""

import streamlit as st

import ui
from lawreport_data import catalog

T = catalog.ENFORCEMENT_LEDGER_PAGE

ui.page_guard()
view = ui.controls()
ui.page_header(T["title"], view)
data = ui.enforcement_view(view)

if not data.has_records:
    st.info(T["no_records"])
    ui.briefing_exit(view)
    st.stop()

st.caption(T["caption"])
if not data.records_here:
    st.info(T["no_records_here"])
cols = st.columns(len(data.cards))
for col, row in zip(cols, data.cards, strict=True):
    ui.ledger_card(col, row, view.comparison, texts=T)

st.subheader(T["rates"])
ui.html_table(data.rates, "enf_rates")

if data.charts:
    st.subheader(T["charts"])
    ui.render_charts(data.charts)

st.subheader(T["transferred"])
if len(data.transferred):
    ui.html_table(data.transferred, "enf_transferred")
else:
    st.caption(T["transferred_none"])

st.subheader(T["check"], anchor=ui.CHECK_ANCHOR)
st.caption(T["check_intro"])
if data.checks:
    ui.html_table(data.check_table, "enf_check")
else:
    st.caption(T["check_none"])

ui.briefing_exit(view)
