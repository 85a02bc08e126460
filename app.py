"""Entry point: `streamlit run app.py`. Page config and navigation only."""

import streamlit as st

from lawreport_data import catalog

st.set_page_config(page_title=catalog.APP_TITLE, page_icon="🛡️", layout="wide")

pages = {
    catalog.NAV_SECTIONS["dashboard"]: [
        st.Page("pages/overview.py", title=catalog.OVERVIEW_TITLE, url_path="overview", default=True),
        *[st.Page(f"pages/{t.code}.py", title=f"{t.number}. {t.name}", url_path=t.code) for t in catalog.TOPIC_LIST],
    ],
    catalog.NAV_SECTIONS["data"]: [
        st.Page("pages/import.py", title="数据导入", url_path="import"),
        st.Page("pages/history.py", title="导入记录", url_path="history"),
    ],
}
st.navigation(pages).run()
