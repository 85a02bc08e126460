"""总览: headline cards, 双下降, the generated sentence, the 同比 charts and the Word briefing."""

import streamlit as st

import ui

ui.page_guard()
view = ui.overview_page()

# Word briefing of the chosen view: one button; the .docx is made when it is clicked.
brief = ui.briefing_download(view.period, view.region)
st.download_button(brief.label, brief.data, brief.file_name, brief.mime, help=brief.help, on_click="ignore")
