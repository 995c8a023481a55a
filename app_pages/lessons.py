import streamlit as st

st.write("lessons")
