"""The baseline of bench_pages.py: a bare Streamlit page with a title and a line of text."""

import streamlit as st

st.title("空白页")
st.write("基准")
