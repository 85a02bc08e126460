"""登录: the login form, or who is signed in and 退出登录."""

import streamlit as st

import ui
from lawreport_data import catalog

T = catalog.ACCOUNT_PAGE

actor = ui.page_guard()
if actor is None:
    ui.login_form()
    st.stop()
st.title(T["login_title"])
st.success(T["welcome"].format(name=ui.plain(actor.label), role=ui.role_text(actor)))
st.button(T["logout"], on_click=ui.sign_out, key="logout_page")
