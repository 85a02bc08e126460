"""Entry point: `streamlit run app.py`. Page config and navigation only."""

import streamlit as st

st.set_page_config(page_title="安全生产监管统计看板", page_icon="🛡️", layout="wide")

pages = [
    st.Page("pages/overview.py", title="总览", url_path="overview", default=True),
]
st.navigation(pages).run()
