"""数据导入: upload a county file (an aggregate table, an accident or a hazard ledger), see it
checked, confirm, done."""

import streamlit as st

import ui
from lawreport_data import catalog, importer
from lawreport_data.import_errors import ImportError_
from lawreport_data.periods import Period

T = catalog.IMPORT_PAGE
L = catalog.ACCIDENT_IMPORT_PAGE
PREVIEW_ROWS = 1000
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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
            mime="text/csv" if kind == "csv" else XLSX_MIME,
            key=f"template_{shape}_{kind}",
        )
    ledgers = [
        (ledger, kind) for ledger in ("accidents", "hazards", "inspections", "cases") for kind in ("csv", "xlsx")
    ]
    for col, (ledger, kind) in zip([*st.columns(4), *st.columns(4)], ledgers, strict=True):
        name = catalog.LEDGER_IMPORT_PAGE[ledger]["template_ledger"]
        col.download_button(
            f"{name}（{kind.upper()}）",
            ui.ledger_template(ledger, kind),
            file_name=f"{name}.{kind}",
            mime="text/csv" if kind == "csv" else XLSX_MIME,
            key=f"template_{ledger}_{kind}",
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


def show_aggregate(preview) -> bool:
    """An aggregate file's preview; whether there is anything to import."""
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
        return False
    counts = preview.counts
    if preview.same_file:
        when = preview.same_file["created_at"].strftime("%Y-%m-%d %H:%M")
        st.info(T["same_file"].format(when=when, batch=preview.same_file["id"]))
    if not (counts["new"] or counts["changed"]):
        st.success(T["nothing_to_do"])
        return False
    st.subheader(T["changes_title"].format(**counts))
    ui.text_table(importer.changes_table(preview.changes, limit=PREVIEW_ROWS, only_changes=True))
    return True


def choose_period(default, replace_key: str) -> None:
    """The full re-send's period: a year and its months, the file's months by default (read by
    :func:`chosen_period` on the next run, before the preview)."""
    if default is None:
        st.caption(L["replace_two_years"])
        return
    year_col, months_col = st.columns([1, 3])
    year_col.number_input(L["replace_year"], 1900, 2999, default.year, step=1, key=f"{replace_key}_year")
    months_col.select_slider(
        L["replace_months"],
        options=list(range(1, 13)),
        value=(default.start, default.end),
        format_func=lambda m: L["replace_month"].format(month=m),
        key=f"{replace_key}_months",
    )


def chosen_period(replace_key: str) -> Period | None:
    """The period chosen for a full re-send (None until chosen: the file's months)."""
    year, months = st.session_state.get(f"{replace_key}_year"), st.session_state.get(f"{replace_key}_months")
    if year is None or months is None:
        return None
    return Period(int(year), int(months[0]), int(months[1]))


def show_ledger(preview, replace_key: str) -> bool:
    """A ledger's preview (accidents or hazards): counts, the key it uses, the full re-send
    choice, the dates it would clear and the four lists (paged); whether there is anything to
    import."""
    parsed = preview.parsed
    L = preview.texts
    m = st.columns(4)
    m[0].metric(T["encoding"], parsed.encoding_label)
    m[1].metric(L["kind"], catalog.IMPORT_KIND_LABELS[preview.kind])
    m[2].metric(T["rows"], f"{parsed.rows_read:,}")
    m[3].metric(L["records"], f"{len(parsed.records):,}")
    shape = catalog.IMPORT_SHAPE_LABELS[preview.kind]
    st.caption(ui.plain(L["key_caption"].format(shape=shape, key=preview.key_label)))
    if not parsed.ok:
        st.error(T["problems_title"].format(count=len(parsed.problems)))
        ui.text_table(importer.problems_table(parsed.problems, limit=PREVIEW_ROWS))
        return False
    st.checkbox(L["replace"], key=replace_key, help=L["replace_help"])
    if st.session_state.get(replace_key):
        choose_period(preview.file_period, replace_key)
    if preview.scope_text:
        st.caption(ui.plain(preview.scope_text))
    counts = preview.counts
    if preview.same_file:
        when = preview.same_file["created_at"].strftime("%Y-%m-%d %H:%M")
        st.info(T["same_file"].format(when=when, batch=preview.same_file["id"]))
    st.subheader(L["changes_title"].format(**counts))
    if preview.cleared:
        st.warning(L["cleared"].format(count=preview.cleared))
    ui.ledger_change_tabs(
        ["new", "changed", "unchanged", "retired"],
        counts,
        lambda kind, first, limit: preview.table(kind, start=first, limit=limit),
        key="ledger_page",
    )
    if not (counts["new"] or counts["changed"] or counts["retired"]):
        st.success(L["nothing_to_do"])
        return False
    return True


if uploaded is not None:
    data = uploaded.getvalue()
    replace_key = f"import_replace_{uploaded.file_id}"
    replace = bool(st.session_state.get(replace_key, False))
    period = chosen_period(replace_key) if replace else None
    bar = ui.ImportProgress()
    try:
        preview = ui.preview_import(
            data, uploaded.name, actor, sheet, replace=replace, replace_period=period, progress=bar
        )
    except ImportError_ as exc:
        bar.clear()
        st.error(ui.plain(exc.zh))
        st.stop()
    bar.clear()
    ledger = preview.kind != "aggregate"
    L = preview.texts if ledger else L
    if not (show_ledger(preview, replace_key) if ledger else show_aggregate(preview)):
        st.stop()
    if st.button(T["confirm"], type="primary", key="confirm_import"):
        bar = ui.ImportProgress()
        try:
            result = ui.apply_import(
                data,
                uploaded.name,
                actor,
                sheet,
                replace=replace and ledger,
                replace_period=period if ledger else None,
                progress=bar,
            )
        except ImportError_ as exc:
            bar.clear()
            st.error(ui.plain(exc.zh))
            st.stop()
        if result.noop:
            st.session_state["import_done"] = L["nothing_to_do"] if ledger else T["nothing_to_do"]
        elif ledger:
            st.session_state["import_done"] = L["done"].format(
                batch=result.batch_id, new=result.new, changed=result.changed, retired=result.retired
            )
        else:
            st.session_state["import_done"] = T["done"].format(
                batch=result.batch_id, new=result.new, changed=result.changed
            )
        st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1
        st.rerun()
