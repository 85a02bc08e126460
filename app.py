"""Entry point: `streamlit run app.py`. Page config and navigation only."""

import streamlit as st

st.set_page_config(page_title="安全生产监管统计看板", page_icon="🛡️", layout="wide")

pages = [
    st.Page("pages/overview.py", title="总览", url_path="overview", default=True),
    st.Page("pages/import.py", title="数据导入", url_path="import"),
    st.Page("pages/history.py", title="导入记录", url_path="history"),
]
st.navigation(pages).run()
