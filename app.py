"""Entry point: `streamlit run app.py`. Page config, the signed-in account and navigation only.
Each page checks the account again itself (``ui.page_guard``), whatever runs it."""

import streamlit as st

import multipage
import ui
from lawreport_data import auth, catalog

# Later runs, in every session, start here rather than at a file of pages/ (see multipage.py).
multipage.use_app_navigation()
st.set_page_config(page_title=catalog.APP_TITLE, page_icon="🛡️", layout="wide")

ui.require_store()  # a database that cannot be opened is named in Chinese, not a traceback
actor = ui.current_actor()
login = st.Page("pages/login.py", title=catalog.ACCOUNT_PAGE["login_title"], url_path="login")
# Every page has its address whoever visits (a deep link to a page the visitor may not open gets
# that page's own answer from ui.page_guard, in Chinese: the login form, or who may open it;
# Streamlit's English "Page not found" never shows); the menu lists only what the account may open.
dashboard = [
    # The default page's address is the root: Streamlit ignores its url_path.
    st.Page("pages/overview.py", title=catalog.OVERVIEW_TITLE, default=True),
    *[st.Page(f"pages/{t.code}.py", title=f"{t.number}. {t.name}", url_path=t.code) for t in catalog.TOPIC_LIST],
]
# The accident ledger (事故台账) sits next to its section, 事故与安全形势.
after = 1 + [t.code for t in catalog.TOPIC_LIST].index("accidents") + 1  # after the overview and that section
dashboard.insert(
    after, st.Page("pages/accident_ledger.py", title=catalog.ACCIDENT_LEDGER_TITLE, url_path="accident-ledger")
)
# The hazard ledger (隐患台账) sits next to its section, 执法检查与隐患治理.
after = [p.url_path for p in dashboard].index("enforcement") + 1  # after that section (the overview counted)
dashboard.insert(after, st.Page("pages/hazard_ledger.py", title=catalog.HAZARD_LEDGER_TITLE, url_path="hazard-ledger"))
# The enforcement ledgers (执法台账: inspections and penalty cases) after it, in the same section.
dashboard.insert(
    after + 1,
    st.Page("pages/enforcement_ledger.py", title=catalog.ENFORCEMENT_LEDGER_TITLE, url_path="enforcement-ledger"),
)
data = [
    st.Page("pages/import.py", title=catalog.IMPORT_PAGE["title"], url_path="import"),
    st.Page("pages/history.py", title=catalog.IMPORT_PAGE["history_title"], url_path="history"),
]
audit = st.Page("pages/audit.py", title=catalog.ACCOUNT_PAGE["audit_title"], url_path="audit")
targets = st.Page("pages/targets.py", title=catalog.TARGETS_PAGE["title"], url_path="targets")
pages = {
    catalog.NAV_SECTIONS["dashboard"]: dashboard,
    catalog.NAV_SECTIONS["data"]: [*data, targets, audit],
    catalog.NAV_SECTIONS["account"]: [login],
}
if actor is None and auth.login_required_for_reading():
    # Reading needs a login too (LAWREPORT_REQUIRE_LOGIN=1): every page answers with the login form.
    menu = {catalog.NAV_SECTIONS["account"]: [login]}
else:
    menu = {catalog.NAV_SECTIONS["dashboard"]: dashboard}
    # Import, history and undo are listed only for accounts that may change data; 控制指标 and the
    # audit log for admins.
    if actor is not None and actor.can_change_data:
        menu[catalog.NAV_SECTIONS["data"]] = [*data, targets, audit] if actor.is_admin else data
    menu[catalog.NAV_SECTIONS["account"]] = [login]
# The menu is the app's own (ui.sidebar_menu): Streamlit's is never drawn (.streamlit/config.toml).
page = st.navigation(pages, position="hidden")
ui.sidebar_menu(menu)
ui.account_box(actor)
ui.run_page(page, actor)
