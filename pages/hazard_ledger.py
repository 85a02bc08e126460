"""隐患台账: the hazards found in the chosen span with their state on the 截至日期 (a sidebar control,
in the address as ``asof``): cards with 同比, the rectification funnel, 整改率 by region, open
hazards by age, the 挂牌督办 list by urgency, the enterprises with the most open hazards, the
filtered record list (paged, exported) and 数据核对."""

import streamlit as st

import ui
from lawreport_data import catalog

T = catalog.HAZARD_LEDGER_PAGE

ui.page_guard()
view = ui.controls()
as_of = ui.as_of_control(view)
ui.page_header(T["title"], view)
state = st.session_state


def _first_page() -> None:
    state["hz_page"] = 1


cards_box, charts_box, lists_box, records_box, check_box = (st.container() for _ in range(5))

filters: dict = {}
if not view.briefing:
    with records_box:
        st.subheader(T["records"])
        lists = {
            "level": catalog.HAZARD_LEVELS,
            "status": catalog.HAZARD_STATUSES,
            "supervision": catalog.HAZARD_SUPERVISION,
        }
        filters = ui.record_filters(T, view.region, lists, key="hz", on_change=_first_page)

data = ui.hazard_view(view, as_of, filters, state.get("hz_page", 1))

if not data.has_records:
    with cards_box:
        st.info(T["no_records"])
    ui.briefing_exit(view)
    st.stop()

with cards_box:
    st.caption(T["as_of_caption"].format(as_of=f"{data.as_of:%Y-%m-%d}"))
    if not data.records_here:
        st.info(T["no_records_here"])
    cols = st.columns(len(data.cards))
    for col, row in zip(cols, data.cards, strict=True):
        ui.ledger_card(col, row, view.comparison, texts=T)
    if data.synthetic:
        st.warning(catalog.UI["synthetic_warning"], icon="⚠️")

with charts_box:
    if data.charts:
        st.subheader(T["charts"])
        ui.render_charts(data.charts)

with lists_box:
    st.subheader(T["supervised"])
    if len(data.supervised):
        ui.html_table(data.supervised, "hz_supervised")
    else:
        st.caption(T["supervised_none"])
    st.subheader(T["companies"])
    if len(data.companies):
        ui.html_table(data.companies, "hz_companies")
    else:
        st.caption(T["companies_none"])

if not view.briefing:
    with records_box:
        if data.total:
            ui.html_table(data.table, "hz_records")
            ui.record_pager(data, T, key="hz_page")
            name = T["file_name"].format(
                region=view.region_name, period=str(view.period).replace("..", "_"), as_of=f"{data.as_of:%Y%m%d}"
            )
            ui.record_downloads(T, name, lambda kind: ui.hazard_export(view, as_of, filters, kind), key="hz")
        else:
            st.caption(T["no_matching"])

with check_box:
    ui.check_section(T, data, key="hz_check")

ui.briefing_exit(view)
