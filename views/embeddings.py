"""The word map's message (``embeddings.js`` draws it as SVG): the word vectors in the
best 2-D plane of ALL the words (PCA), refitted as training goes and turned to match the
previous plane (orthogonal Procrustes on the two basis vectors, so a refit never spins or
mirrors the picture: what moves on screen is the words), with the share of the variance
that plane keeps now; the corpus's key words and this step's words labelled, trails of
chosen words (one colour each), and the timeline (an old snapshot, drawn in today's plane
with axes fixed over the whole timeline).

The plane is refitted whenever the weights changed and fitting costs at most
1/REFIT_RATIO of the time since the last fit: the larger V and d, the rarer the refits
during Play, on its own, with no size threshold to tune.
Between fits the plane's share of the variance is still computed on the current weights
(O(V d)), so the number shown is never stale.

At large V only the MAX_POINTS most frequent words are drawn (plus the key words, this
step's words and the trail words), said in the caption; the PCA is fitted on all of them.
"""

import time
from typing import TypedDict

import numpy as np

from views.i18n import t
from w2v_viz import projection
from w2v_viz.keywords import content_ids
from w2v_viz.similarity import vectors

MAX_POINTS = 500
MAX_KEY_WORDS = 30
MAX_FREQUENT_KEYS = 15
MAX_TRAILS = 8
REFIT_RATIO = 10          # fitting may take at most 1/REFIT_RATIO of the wall time
STEP, CONTEXT, KEY, TRAIL, OTHER = "step", "context", "key", "trail", ""
SPACE_KEYS = {"W1": "emb.space_W1", "W2T": "emb.space_W2T", "average": "emb.space_average"}


class Trail(TypedDict):
    word: str
    path: list[list[float]]     # [x, y] per timeline snapshot (oldest first), then now


class MapMessage(TypedDict):
    title: str
    xtitle: str
    ytitle: str
    note: str                   # what the plane is and how much variance it keeps
    caption: str                # how many words are drawn (and why not all)
    empty: str | None
    words: list[str]            # drawn words, in label priority order
    x: list[float]
    y: list[float]
    roles: list[str]            # "step" (centre), "context", "key", "trail" or "" (others)
    trails: list[Trail]         # one colour each, in this order (the legend's)
    trail_title: str
    legend: dict[str, str]      # role -> its legend text
    range: list[float] | None   # [x0, x1, y0, y1] fixed by the server (timeline), else None
    frame: int | None           # the snapshot's step when scrubbing back, None = now
    summary: str                # the map in words, for screen readers


# ----- the plane ---------------------------------------------------------------------------
def plane(E: np.ndarray, state: dict | None, step: int, key, now: float | None = None,
          force: bool = False) -> dict:
    """The plane to draw in: ``state`` (last call's return, or None) refitted when due, its
    basis turned to match the previous one. Returns a new state dict: ``mean`` (d,),
    ``basis`` (d, 2), ``share`` (of E's variance kept now), ``fit_step``, ``fitted``
    (whether this call refitted), ``at`` and ``cost`` (time of the last fit and its
    duration), ``key`` (space and shape: a change starts afresh)."""
    now = time.perf_counter() if now is None else now
    E = np.asarray(E, dtype=np.float64)
    fresh = state is None or state.get("key") != key
    due = fresh or force or (state["step"] != step
                             and now - state["at"] >= REFIT_RATIO * state["cost"])
    if not due:
        return {**state, "step": step, "fitted": False,
                "share": projection.plane_share(E, state["mean"], state["basis"])}
    start = time.perf_counter()
    mean, B, share = projection.principal_plane(E, 2)      # B: (d, 2)
    if not fresh and np.any(state["basis"]) and np.any(B):
        B = projection.turned_to(B, state["basis"])
    cost = time.perf_counter() - start
    return {"key": key, "mean": mean, "basis": B, "step": step, "fit_step": step,
            "share": share, "fitted": True, "at": now, "cost": cost}


# ----- which words -------------------------------------------------------------------------
def step_ids(record) -> list[int]:
    """This step's centre word, then its context words (as the record has them)."""
    return list(dict.fromkeys([int(record.centre), *map(int, np.ravel(record.contexts))]))


def shown_ids(V: int, step=(), key=(), trails=(), max_points: int = MAX_POINTS) -> list:
    """Ids drawn, in label priority order: this step's, the key words, the trail words,
    then the other words among the ``max_points`` most frequent (ids are by frequency)."""
    first = list(dict.fromkeys(i for i in (*step, *key, *trails) if 0 <= i < V))
    taken = set(first)
    return first + [i for i in range(min(V, max_points)) if i not in taken]


def _round(a: np.ndarray, scale: float, digits: int = 4) -> list:
    """Coordinates to ``digits`` significant digits of ``scale`` (what the eye resolves)."""
    if scale > 0 and np.isfinite(scale):
        a = np.round(a, max(0, min(12, digits - 1 - int(np.floor(np.log10(scale))))))
    return a.tolist()


# ----- the message -------------------------------------------------------------------------
def message(trainer, record, lang: str, state: dict | None, space: str = "W1",
            promised=(), trail_words=(), frame: int | None = None,
            max_points: int = MAX_POINTS, now: float | None = None) -> tuple[MapMessage, dict]:
    """The map and the plane state to pass back next time. ``frame``: a timeline snapshot
    index to show (None: the weights now)."""
    model, vocab, timeline = trainer.model, trainer.vocab, trainer.timeline
    V, d, words = model.V, model.d, vocab.words
    E_now = vectors(model.W1, model.W2, space)
    state = plane(E_now, state, trainer.step_count, (space, V, d), now)
    mean, B = state["mean"], state["basis"]
    steps = step_ids(record)
    keys = key_ids(vocab, promised)
    trail_ids = list(dict.fromkeys(vocab.id(w) for w in trail_words if w in vocab))[:MAX_TRAILS]
    ids = shown_ids(V, steps, keys, trail_ids, max_points)
    frame = None if frame is None or not 0 <= frame < len(timeline) else frame
    E = vectors(model.W1[ids], model.W2[:, ids], space) if frame is None \
        else projection.snapshot_matrix(timeline, frame, space, ids)
    P = projection.onto_plane(E, mean, B)
    share = state["share"] if frame is None else projection.plane_share(
        projection.snapshot_matrix(timeline, frame, space), mean, B)

    # Trails: every snapshot in today's plane, ending at the frame shown (or now).
    trails = []
    last = len(timeline) if frame is None else frame + 1
    for w in trail_ids:
        path = [projection.onto_plane(projection.snapshot_matrix(timeline, s, space, [w])[0],
                                      mean, B) for s in range(last)]
        if frame is None:
            path.append(P[ids.index(w)])
        trails.append({"word": words[w], "path": np.array(path).reshape(-1, 2)})

    fixed = None
    if frame is not None:      # the timeline: one range for every snapshot and now
        all_P = [projection.onto_plane(vectors(model.W1[ids], model.W2[:, ids], space), mean, B)]
        all_P += [projection.onto_plane(projection.snapshot_matrix(timeline, s, space, ids),
                                        mean, B) for s in range(len(timeline))]
        stack = np.vstack(all_P)
        fixed = [float(stack[:, 0].min()), float(stack[:, 0].max()),
                 float(stack[:, 1].min()), float(stack[:, 1].max())]
    scale = float(np.abs(P).max()) if P.size else 0.0
    for tr in trails:
        tr["path"] = _round(tr["path"], scale)

    role_of = {**{i: OTHER for i in ids}, **{i: TRAIL for i in trail_ids},
               **{i: KEY for i in keys}, **{i: CONTEXT for i in steps[1:]}, steps[0]: STEP}
    roles = [role_of[i] for i in ids]
    fit_step = f"{state['fit_step']:,}"
    when = (t("emb.frame_at", lang, step=f"{timeline.steps[frame]:,}") if frame is not None
            else t("emb.now_lower", lang))
    note = t("emb.plane_note", lang, V=f"{V:,}", space=t(SPACE_KEYS[space], lang),
             step=fit_step, share=_percent(share), when=when)
    caption = (t("emb.caption_all", lang, V=f"{V:,}") if len(ids) >= V
               else t("emb.caption_capped", lang, n=f"{len(ids):,}", V=f"{V:,}",
                      top=f"{max_points:,}"))
    labelled = [words[i] for i, r in zip(ids, roles) if r][:6]
    summary = t("emb.summary", lang, n=f"{len(ids):,}", share=_percent(share),
                words=", ".join(labelled), centre=words[steps[0]])
    msg: MapMessage = {
        "title": t("emb.map_title", lang), "xtitle": t("emb.axis1", lang),
        "ytitle": t("emb.axis2", lang), "note": note, "caption": caption,
        "empty": None if V >= 2 else t("map.too_few", lang),
        "words": [words[i] for i in ids], "x": _round(P[:, 0], scale),
        "y": _round(P[:, 1], scale), "roles": roles, "trails": trails,
        "trail_title": t("emb.trail_legend", lang),
        "legend": {STEP: t("emb.legend_centre", lang), CONTEXT: t("emb.legend_context", lang),
                   KEY: t("emb.legend_key", lang), OTHER: t("emb.legend_other", lang)},
        "range": fixed, "frame": None if frame is None else int(timeline.steps[frame]),
        "summary": summary}
    return msg, state


def key_ids(vocab, promised=()) -> list:
    """The key words' ids: those a bundled corpus promises (all of them, up to
    MAX_KEY_WORDS), else the MAX_FREQUENT_KEYS most frequent content words (no stop
    words: w2v_viz/keywords.py)."""
    ids = list(dict.fromkeys(vocab.id(w) for w in promised if w in vocab))
    if len(ids) < 3:
        ids = content_ids(vocab, MAX_FREQUENT_KEYS)
    return ids[:MAX_KEY_WORDS]


def _percent(p: float) -> str:
    return f"{100 * p:.0f}%" if p >= 0.1 else f"{100 * p:.1f}%"
