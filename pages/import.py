"""数据导入: upload a county file, see it checked, confirm, done."""

import streamlit as st

import ui
from lawreport_data import catalog, importer
from lawreport_data.import_errors import ImportError_

T = catalog.IMPORT_PAGE
PREVIEW_ROWS = 1000

actor = ui.page_guard(change_data=True)
st.title(T["title"])
st.caption(T["intro"])

with st.expander(T["templates"]):
    cols = st.columns(4)
    for col, (shape, kind) in zip(
        cols, [("long", "csv"), ("long", "xlsx"), ("wide", "csv"), ("wide", "xlsx")], strict=True
    ):
        label = T["template_long"] if shape == "long" else T["template_wide"]
        col.download_button(
            f"{label}（{kind.upper()}）",
            ui.import_template(shape, kind),
            file_name=f"导入模板_{label}.{kind}",
            mime="text/csv" if kind == "csv" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"template_{shape}_{kind}",
        )

if done := st.session_state.pop("import_done", None):
    st.success(done)

upload_key = f"upload_{st.session_state.get('upload_round', 0)}"
uploaded = st.file_uploader(
    T["uploader"],
    type=["csv", "txt", "xlsx"],
    key=upload_key,
    max_upload_size=importer.MAX_FILE_BYTES // (1024 * 1024),
)
sheet = st.text_input(T["sheet"], key="import_sheet").strip() or None

if uploaded is not None:
    data = uploaded.getvalue()
    try:
        with st.spinner():
            preview = ui.preview_import(data, uploaded.name, actor, sheet)
    except ImportError_ as exc:
        st.error(ui.plain(exc.zh))
        st.stop()
    parsed = preview.parsed
    m = st.columns(4)
    m[0].metric(T["encoding"], parsed.encoding_label)
    m[1].metric(T["shape"], catalog.IMPORT_SHAPE_SHORT.get(parsed.shape, parsed.shape))
    m[2].metric(T["rows"], f"{parsed.rows:,}")
    m[3].metric(T["values"], f"{len(parsed.observations):,}")
    st.caption(parsed.shape_label)
    if not parsed.ok:
        st.error(T["problems_title"].format(count=len(parsed.problems)))
        ui.text_table(importer.problems_table(parsed.problems, limit=PREVIEW_ROWS))
        st.stop()
    counts = preview.counts
    if preview.same_file:
        when = preview.same_file["created_at"].strftime("%Y-%m-%d %H:%M")
        st.info(T["same_file"].format(when=when, batch=preview.same_file["id"]))
    if not (counts["new"] or counts["changed"]):
        st.success(T["nothing_to_do"])
        st.stop()
    st.subheader(T["changes_title"].format(**counts))
    ui.text_table(importer.changes_table(preview.changes, limit=PREVIEW_ROWS, only_changes=True))
    if st.button(T["confirm"], type="primary", key="confirm_import"):
        try:
            with st.spinner():
                result = ui.apply_import(data, uploaded.name, actor, sheet)
        except ImportError_ as exc:
            st.error(ui.plain(exc.zh))
            st.stop()
        if result.noop:
            st.session_state["import_done"] = T["nothing_to_do"]
        else:
            st.session_state["import_done"] = T["done"].format(
                batch=result.batch_id, new=result.new, changed=result.changed
            )
        st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
        st.rerun()
