"""执法台账: a region's and span's inspections and penalty cases from their ledgers: cards with their
change (the official 执法检查企业数 where one is stored), the enforcement figures, the charts in two
groups, one drawn at a time (执法检查: inspections by 检查方式 and month, enterprises inspected by region —
each region's distinct count —; 行政处罚: cases by 来源 and 处罚种类, 罚没款 by month and region), the cases
transferred to the judicial organs, the filtered record list (检查记录 or 行政处罚案件; paged, exported)
and 数据核对."""

import streamlit as st

import ui
from lawreport_data import catalog

T = catalog.ENFORCEMENT_LEDGER_PAGE

ui.page_guard()
view = ui.controls()
ui.page_header(T["title"], view)
state = st.session_state


def _first_page() -> None:
    state["enf_page"] = 1


main_box, records_box, check_box = st.container(), st.container(), st.container()

kind, filters = "inspections", {}
if not view.briefing:
    with records_box:
        st.subheader(T["records"])
        kinds = T["list_kinds"]
        kind = st.radio(T["list_kind"], list(kinds), format_func=kinds.get, horizontal=True, key="enf_list",
                        on_change=_first_page)  # fmt: skip
        lists = {"method": catalog.INSPECTION_METHODS} if kind == "inspections" else {"source": catalog.CASE_SOURCES}
        filters = ui.record_filters(T, view.region, lists, key=f"enf_{kind}", on_change=_first_page)

data = ui.enforcement_view(view, kind, filters, state.get("enf_page", 1))

if not data.has_records:
    with main_box:
        st.info(T["no_records"])
    ui.briefing_exit(view)
    st.stop()

with main_box:
    st.caption(T["caption"])
    if not data.records_here:
        st.info(T["no_records_here"])
    cols = st.columns(len(data.cards))
    for col, row in zip(cols, data.cards, strict=True):
        ui.ledger_card(col, row, view.comparison, texts=T)
    st.markdown(f"**{ui.plain(data.sentence)}**")
    if data.synthetic:
        st.warning(catalog.UI["synthetic_warning"], icon="⚠️")
    st.subheader(T["rates"])
    ui.html_table(data.rates, "enf_rates")
    groups = data.chart_groups()  # one group drawn at a time: the inspections' or the cases'
    if groups:
        st.subheader(T["charts"])
        chosen = st.segmented_control(T["chart_group"], list(groups), default=next(iter(groups)),
                                      format_func=T["chart_groups"].get, key="enf_charts")  # fmt: skip
        # drawn on the server as SVGs (ui.static_chart): the page loads no Plotly code
        ui.render_charts(groups.get(chosen) or next(iter(groups.values())), static=True)
    st.subheader(T["transferred"])
    if len(data.transferred):
        ui.long_table(data.transferred, "enf_transferred", first=ui.LEDGER_PAGE_SIZE, note=T["transferred_first"],
                      switch=T["transferred_all"])  # fmt: skip
    else:
        st.caption(T["transferred_none"])

if not view.briefing:
    with records_box:
        if data.total:
            ui.html_table(data.table, "enf_records")
            ui.record_pager(data, T, key="enf_page")
            name = T["file_name"].format(kind=T["list_kinds"][kind], region=view.region_name,
                                         period=str(view.period).replace("..", "_"))  # fmt: skip
            ui.record_downloads(T, name, lambda fmt: ui.enforcement_export(view, kind, filters, fmt), key="enf")
        else:
            st.caption(T["no_matching"])

with check_box:
    ui.check_section(T, data, key="enf_check")

ui.briefing_exit(view)
