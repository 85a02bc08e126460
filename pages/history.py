"""导入记录: every import batch, its changes, and undo."""

import streamlit as st

import ui
from lawreport_data import catalog
from lawreport_data.import_errors import ImportError_

T = catalog.IMPORT_PAGE


def show_ledger_changes(batch_id: int, undone: bool) -> None:
    """A ledger batch's records: one tab each for those it added, updated and retired, paged."""
    if undone:
        st.caption(T["ledger_undone"])
    ui.ledger_change_tabs(
        ["new", "changed", "retired"],
        ui.ledger_batch_counts(batch_id),
        lambda kind, first, limit: ui.ledger_batch_changes(batch_id, kind, first, limit),
        key=f"history_page_{batch_id}",
    )


actor = ui.page_guard(change_data=True)
st.title(T["history_title"])
if done := st.session_state.pop("undo_done", None):
    st.success(done)

history = ui.import_history()
if history.empty:
    st.info(T["no_batches"])
    st.stop()

table = history[list(catalog.BATCH_COLUMNS)].copy()
table["status"] = table["status"].map(catalog.BATCH_STATUS_LABELS).fillna(table["status"])
table["encoding"] = table["encoding"].map(catalog.IMPORT_ENCODING_LABELS).fillna(table["encoding"])
table["shape"] = table["shape"].map(catalog.IMPORT_SHAPE_SHORT).fillna(table["shape"])
# A batch not undone has no undo time or user: an empty cell, not the grid's "None".
table["undone_at"] = [f"{t:%Y-%m-%d %H:%M:%S}" if t == t and t is not None else "" for t in table["undone_at"]]
table["undone_by"] = table["undone_by"].fillna("")
ui.text_table(table.rename(columns=catalog.BATCH_COLUMNS))

labels = {
    int(r["id"]): f"{r['id']} · {r['file_name']} · {r['created_at']:%Y-%m-%d %H:%M}" for r in history.to_dict("records")
}
batch_id = st.selectbox(T["undo_pick"], list(labels), format_func=labels.get, key="history_batch")
batch = history.set_index("id").loc[batch_id]
status = batch["status"]
with st.expander(T["changes_of"].format(batch=batch_id)):
    if batch["shape"] in catalog.LEDGER_SHAPES:
        show_ledger_changes(batch_id, undone=status == "undone")
    else:
        changes = ui.batch_changes(batch_id)[list(catalog.CHANGE_LOG_COLUMNS)].copy()
        changes["action"] = changes["action"].map(catalog.CHANGE_ACTION_LABELS).fillna(changes["action"])
        changes["indicator_code"] = changes["indicator_code"].map(
            lambda c: getattr(catalog.INDICATORS.get(c), "name", c)
        )
        changes["region_code"] = changes["region_code"].map(catalog.region_name)
        ui.text_table(changes.rename(columns=catalog.CHANGE_LOG_COLUMNS))

if status == "applied" and st.button(T["undo"], key="undo_batch"):
    try:
        ui.undo_batch(batch_id, actor)
    except ImportError_ as exc:
        st.error(ui.plain(exc.zh))
        st.stop()
    st.session_state["undo_done"] = T["undone"].format(batch=batch_id)
    st.rerun()
