"""Lessons: short guided experiments. Each opens a prepared run through the URL (the same
mechanism as a shared link), says what to predict, click and watch, and reveals the answer
computed by the engine from the live run (w2v_viz/lessons.py; text in lessons/*.toml),
with the numbers behind it drawn beside it (views/lesson.py)."""

import weakref

import streamlit as st

from ui import run, url_state
from ui.live import live_page, running
from ui.live_view import register
from ui.session import session, view_cache
from ui.state import get_trainer, lang, promised_words, tr
from views import lesson as lesson_view
from views import loss, network, wordmap
from w2v_viz.lessons import BY_KEY, LESSONS, texts

_network, _loss, _map = register("network"), register("loss"), register("wordmap")
_evidence = register("lesson")
VIEW = {"softmax_step": "network", "rows_columns": "network", "negative_sampling": "network",
        "big_rate": "loss", "architectures": "loss", "king_queen": "map"}
CONCEAL = {"rows_columns", "negative_sampling"}   # the network's Backward box tells these


def _mark(key: str) -> None:
    """Remember that the current run is lesson ``key``'s (emptied with the model: Reset,
    Apply or another lesson)."""
    trainer = get_trainer()
    view_cache("lesson_run")["opened"] = (key, weakref.ref(trainer) if trainer else None)


def _open(key: str) -> None:
    """Load lesson ``key``'s prepared run (a callback: before the widgets are drawn)."""
    session().lesson = key
    run.open_lesson(BY_KEY[key])
    _mark(key)


def _pick() -> None:
    _open(st.session_state["lesson_pick"])


def _is_open(lesson) -> bool:
    """Is the run on screen this lesson's prepared run (or that run trained further)? Yes
    if the lesson opened it, or its link did, or it is exactly the prepared state; a run
    that only looks alike (the visitor's own, reached from the sidebar) is not."""
    trainer = get_trainer()
    if trainer is None or not url_state.lesson_loaded(lesson):
        return False
    mark = view_cache("lesson_run").get("opened")
    if mark and mark[0] == lesson.key and mark[1] is not None and mark[1]() is trainer:
        return True
    exact = url_state.wanted_params().get(url_state.LOG_PARAM, "") == lesson.log
    if exact or st.query_params.get("lesson") == lesson.key:
        _mark(lesson.key)
        return True
    return False


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
loaded = _is_open(lesson)
notice = st.empty()   # drawn either way: the live fragment below keeps its place (app.py)
if not loaded and get_trainer() is not None:
    steps = get_trainer().step_count       # a run the visitor trained is theirs: say so
    notice.info(tr("lesson.not_loaded", step=f"{steps:,}") if steps
                else tr("lesson.not_opened"), icon=":material/info:")
buttons = right.container(horizontal=True)
buttons.button(tr("lesson.restart" if loaded else "lesson.start"), on_click=_open,
               args=(lesson.key,), type="secondary" if loaded else "primary",
               key="lesson_start")   # one identity whatever its label: a click is never lost
after = keys.index(lesson.key) + 1
if after < len(keys):     # the next lesson, opened in one click (its run replaces this one)
    buttons.button(tr("lesson.next", title=text[keys[after]]["title"]), on_click=_open,
                   args=(keys[after],), key="lesson_next", icon=":material/arrow_forward:",
                   icon_position="right")


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
    revealed = st.toggle(tr("lesson.reveal"), key=f"reveal_{lesson.key}")
    if revealed:
        answer = _answer(trainer)
        if answer is None:
            st.info(t["wait"])
        else:
            st.success(lesson_view.answer_text(t, answer))
            _evidence(data=lesson_view.message(lesson.key, answer, lang()), key="evidence")
    view = VIEW[lesson.key]
    if view == "network":
        conceal = lesson.key in CONCEAL and not revealed
        _network(data=network.message(trainer, record, lang(), conceal), key="network")
    elif view == "loss":
        _loss(data=loss.message(trainer, lang()), key="loss")
    else:
        cache = view_cache("wordmap")     # shared with the Train page's map
        data, coords = wordmap.message(trainer, record, lang(), promised_words(),
                                       cache.get("coords"))
        cache["coords"] = coords
        _map(data=data, key="map")


live_page(render)
