"""登录: the login form, or who is signed in and 退出登录."""

import streamlit as st

import ui
from lawreport_data import auth, catalog

T = catalog.ACCOUNT_PAGE

st.title(T["login_title"])
actor = ui.current_actor()
if actor is not None:
    st.success(T["welcome"].format(name=ui.plain(actor.label), role=ui.role_text(actor)))
    st.button(T["logout"], on_click=ui.sign_out, key="logout_page")
    st.stop()

st.caption(T["login_required_intro"] if auth.login_required_for_reading() else T["login_intro"])
if notice := st.session_state.pop("auth_notice", None):
    st.info(notice)
with st.form("login", enter_to_submit=True):
    username = st.text_input(T["username"], key="login_username", max_chars=64)
    password = st.text_input(T["password"], type="password", key="login_password", max_chars=256)
    submitted = st.form_submit_button(T["submit"], type="primary")
if submitted:
    if problem := ui.sign_in(username, password):
        st.error(problem)
    else:
        st.rerun()
