"""Lessons: short guided experiments. Each opens a prepared run through the URL (the same
mechanism as a shared link), says what to predict, click and watch, and reveals the answer
computed by the engine from the live run (w2v_viz/lessons.py; text in lessons/*.toml)."""

import streamlit as st

from ui import run, url_state
from ui.live import live_page, running
from ui.live_view import register
from ui.session import session, view_cache
from ui.state import lang, promised_words, tr
from views import loss, network, wordmap
from views.theory import md_escape
from w2v_viz.lessons import BY_KEY, LESSONS, texts

_network, _loss, _map = register("network"), register("loss"), register("wordmap")
VIEW = {"softmax_step": "network", "rows_columns": "network", "negative_sampling": "network",
        "big_rate": "loss", "architectures": "loss", "king_queen": "map"}


def _pick() -> None:
    session().lesson = st.session_state["lesson_pick"]
    run.open_lesson(BY_KEY[st.session_state["lesson_pick"]])


keys = [lesson.key for lesson in LESSONS]
if session().lesson is None:        # kept across page changes (the picker widget is not)
    asked = st.query_params.get("lesson")
    session().lesson = asked if asked in BY_KEY else keys[0]
st.session_state["lesson_pick"] = session().lesson
text = texts(lang())
lesson = BY_KEY[st.session_state["lesson_pick"]]
t = text[lesson.key]
# Our CSS (no user text): the lesson's title level with the lesson picker.
st.html("<style>.st-key-lesson_head h2{padding-top:0}</style>")
head, pick = st.columns([3, 2], vertical_alignment="bottom")
# h2: the live views below use h3 (no heading level skipped)
head.container(key="lesson_head").header(t["title"])
pick.selectbox(tr("lesson.choose"), keys, key="lesson_pick", on_change=_pick,
               format_func=lambda k: text[k]["title"])
left, right = st.columns(2)
left.markdown(f"**{tr('lesson.predict')}** {t['predict']}")
right.markdown(f"**{tr('lesson.do')}** {t['do']}\n\n**{tr('lesson.watch')}** {t['watch']}")
loaded = url_state.lesson_loaded(lesson)
notice = st.empty()   # drawn either way: the live fragment below keeps its place (app.py)
if not loaded:
    notice.info(tr("lesson.not_loaded"), icon="ℹ️")
right.button(tr("lesson.restart" if loaded else "lesson.start"),
             on_click=run.open_lesson, args=(lesson,),
             type="secondary" if loaded else "primary")


def _answer(trainer):
    """The lesson's answer for this run and step, computed once (lesson 5 trains another
    model for it); while Play or an Epoch run goes on, the last one computed."""
    key = (lesson.key, id(trainer), trainer.step_count, trainer.config)
    cache = view_cache("lessons")
    cached = cache.get("answer")
    if cached and (cached[0] == key or (running() and cached[0][:2] == key[:2])):
        return cached[1]
    answer = lesson.answer(trainer)
    cache["answer"] = (key, answer)
    return answer


def render(trainer, record):
    if st.toggle(tr("lesson.reveal"), key=f"reveal_{lesson.key}"):
        answer = _answer(trainer)
        if answer is None:
            st.info(t["wait"])
        else:
            safe = {k: md_escape(v, 400) if isinstance(v, str) else v for k, v in answer.items()}
            st.success(t["answer"].format(**safe))
    view = VIEW[lesson.key]
    if view == "network":
        _network(data=network.message(trainer, record, lang()), key="network")
    elif view == "loss":
        _loss(data=loss.message(trainer, lang()), key="loss")
    else:
        cache = view_cache("wordmap")     # shared with the Train page's map
        data, coords = wordmap.message(trainer, record, lang(), promised_words(),
                                       cache.get("coords"))
        cache["coords"] = coords
        _map(data=data, key="map")


live_page(render)
