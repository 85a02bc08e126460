"""总览: the headline figures of the chosen region and period."""

import streamlit as st

import ui
from lawreport_data.metrics import tone
from lawreport_data.periods import Period

st.title("安全生产监管统计看板")
period = Period(2022, 1, 11)
frame = ui.summary(period, "320700")
st.subheader(f"连云港市 {period.label()}")
cols = st.columns(2)
for col, code in zip(cols, ["accidents", "deaths"], strict=True):
    row = frame[frame["indicator"] == code]
    if row.empty:
        col.metric(code, "—")
        continue
    r = row.iloc[0]
    col.metric(
        f"{r['name']}（{r['unit']}）",
        r["display"],
        r["change_text"],
        delta_color=ui.TONE_COLORS[tone(r["direction"], r["polarity"])],
        delta_arrow=ui.ARROWS.get(r["direction"], "off"),
    )
st.caption("数据来源：连云港市应急管理局2022年度法治政府工作报告（连应急〔2023〕8号）")

# --- Word briefing: one button; the .docx is made when it is clicked ---
brief = ui.briefing_download()
st.download_button(brief.label, brief.data, brief.file_name, brief.mime, help=brief.help, on_click="ignore")
