"""审计日志 (admins): every change of data and accounts, filterable and exportable."""

import datetime as dt

import streamlit as st

import ui
from lawreport_data import catalog, tables

T = catalog.ACCOUNT_PAGE

ui.page_guard(admin=True)
st.title(T["audit_title"])
st.caption(T["audit_intro"])

cols = st.columns(4)
actors = [None, *ui.audit_actors()]
actor = cols[0].selectbox(T["filter_actor"], actors, format_func=lambda a: T["all"] if a is None else a, key="f_actor")
actions = [None, *catalog.AUDIT_ACTION_LABELS]
action = cols[1].selectbox(
    T["filter_action"],
    actions,
    format_func=lambda a: T["all"] if a is None else catalog.AUDIT_ACTION_LABELS[a],
    key="f_action",
)
today = dt.date.today()
since = cols[2].date_input(T["filter_from"], value=None, max_value=today, key="f_since")
until = cols[3].date_input(T["filter_to"], value=None, max_value=today, key="f_until")

events = ui.audit_log(actor=actor, action=action, since=since, until=until)
if events.empty:
    st.info(T["no_events"])
    st.stop()
shown = events.drop(columns=["file_hash"]).copy()
shown["action"] = shown["action"].map(catalog.AUDIT_ACTION_LABELS).fillna(shown["action"])
shown["region_code"] = shown["region_code"].map(catalog.region_name)
shown["batch_id"] = shown["batch_id"].astype("string").fillna("")
shown["file_name"] = shown["file_name"].fillna("")
shown = shown.rename(columns=catalog.AUDIT_COLUMNS)
ui.text_table(shown)
left, right = st.columns(2)
left.download_button(T["download_csv"], tables.to_csv_bytes(shown), "审计日志.csv", "text/csv", key="audit_csv")
right.download_button(
    T["download_xlsx"],
    tables.to_xlsx_bytes(shown, sheet_name="审计日志"),
    "审计日志.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="audit_xlsx",
)
