"""事故台账: the figures counted from the counties' accident records (the official figure shown where
one exists, the ledger's count beside it), the breakdowns a 通报 cites, the filtered record list
(only the visible page is read), a record's detail, the filtered records' CSV/XLSX, and 数据核对."""

import streamlit as st

import ui
from lawreport_data import catalog

T = catalog.ACCIDENT_LEDGER_PAGE
COLUMNS = catalog.ACCIDENT_LIST_COLUMNS

ui.page_guard()
view = ui.controls()
ui.page_header(T["title"], view)
state = st.session_state


def _first_page() -> None:
    state["acc_page"] = 1


def _show_check(filters: dict, what: str) -> None:
    state["acc_check"], state["acc_check_what"] = filters, what
    state["acc_page"] = 1


def _clear_check() -> None:
    state.pop("acc_check", None)
    state["acc_page"] = 1


# The sections in the page's order; the record list's filters are drawn (and read) before the one
# call that needs them, the rest filled from what it returns.
cards_box, charts_box, list_box, check_box = st.container(), st.container(), st.container(), st.container()

filters: dict = {}
if not view.briefing:
    with list_box:
        st.subheader(T["records"])
        lists = {
            "sector": catalog.ACCIDENT_SECTORS, "type": catalog.ACCIDENT_TYPES, "grade": catalog.ACCIDENT_GRADES,
            "status": catalog.ACCIDENT_STATUSES,
        }  # fmt: skip
        filters = ui.record_filters(T, view.region, lists, key="acc", on_change=_first_page)
        if check := state.get("acc_check"):
            filters.update(check)  # a 数据核对 row's records: its region, period, status (and grades)
            st.info(T["filter_from_check"].format(what=state.get("acc_check_what", "")), icon=":material/filter_alt:")
            st.button(T["filter_clear"], on_click=_clear_check, key="acc_check_clear", type="tertiary")

# 按发生时段、星期统计 is made only when its switch (below the charts) is on.
data = ui.accident_view(view, filters, state.get("acc_page", 1), on_demand=bool(state.get("acc_charts_more")))

if not data.has_records:
    with cards_box:
        st.info(T["no_records"])
    ui.briefing_exit(view)
    st.stop()

with cards_box:
    if not data.records_here:
        st.info(T["no_records_here"])
    cols = st.columns(len(data.cards))
    for col, row in zip(cols, data.cards, strict=True):
        ui.ledger_card(col, row, view.comparison)
    if data.synthetic:
        st.warning(catalog.UI["synthetic_warning"], icon="⚠️")

with charts_box:
    st.subheader(T["charts"])
    if data.charts:
        later = {f"by_{by}" for by in catalog.ACCIDENT_BREAKDOWNS_ON_DEMAND}
        ui.render_charts([c for c in data.charts if c.kind not in later])
        ui.charts_on_demand(T["charts_on_demand"], [c for c in data.charts if c.kind in later], key="acc_charts_more")
    else:
        st.caption(T["no_chart_records"])

if not view.briefing:
    with list_box:
        if data.total:
            ui.html_table(data.table, "records")
            ui.record_pager(data, T, key="acc_page")
            rows = data.records.to_dict("records")
            labels = {
                int(r["id"]): " · ".join(
                    str(x) for x in (r["record_no"] or r["id"], f"{r['occurred_at']:%Y-%m-%d %H:%M}", r["unit"]) if x
                )
                for r in rows
            }
            # The detail is made and sent only when a reader opens it (a rerun), as a chart's table.
            detail = st.expander(T["detail"], key="acc_detail_box", on_change="rerun")
            if detail.open:
                with detail:
                    chosen = st.selectbox(T["detail_pick"], list(labels), format_func=labels.get, key="acc_detail")
                    record = next(r for r in rows if int(r["id"]) == chosen)
                    ui.html_table(data.detail(chosen), "detail")
                    st.markdown(f"**{T['summary']}**")
                    st.text(record["summary"] or T["no_summary"])  # plain text: never markdown or HTML
            name = T["file_name"].format(region=view.region_name, period=str(view.period).replace("..", "_"))
            ui.record_downloads(T, name, lambda kind: ui.accident_export(view, filters, kind), key="acc")
        else:
            st.caption(T["no_matching"])

with check_box:
    st.subheader(T["check"], anchor=ui.CHECK_ANCHOR)
    st.caption(T["check_intro"])
    if not data.checks:
        st.caption(T["check_none"])
    else:
        ui.html_table(data.check_table, "check")
        if not view.briefing:
            what = [T["check_what"].format(region=c["region_name"], period=c["period_label"], indicator=c["name"])
                    for c in data.checks]  # fmt: skip
            i = st.selectbox(T["check_pick"], range(len(what)), format_func=what.__getitem__, key="acc_check_pick")
            st.button(
                T["check_show"], key="acc_check_show", on_click=_show_check, args=(data.checks[i]["filters"], what[i])
            )

ui.briefing_exit(view)
