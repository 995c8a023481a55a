// Shared by every live view (prepended to each view's own file by ui/live_view.py).
//
// A live view is a Streamlit v2 component whose default export is called with new data
// on every rerun that sends it. `mount` keeps one root per component instance, builds it
// once, and hands back a teardown; the view then writes only the nodes whose content
// changed (each write costs the browser a layout, and a Step changes few of them).
// Texts go in with textContent, so a corpus cannot inject markup; the only HTML a view
// inserts is MathML that the server built from escaped words (views/mathml.py).

const SVG_NS = "http://www.w3.org/2000/svg";

// ----- mount / teardown ---------------------------------------------------------------
// Streamlit may call a cleanup late (for an update that was superseded): only the
// latest call's cleanup tears down. `build(root)` runs once per instance; it may
// register cleanups with `onTeardown(root, fn)`. `root.w2v` is the latest component
// object (its setStateValue / setTriggerValue), for event handlers set up in build.
function mount(component, className, build) {
  const { parentElement } = component;
  const generation = (parentElement.w2vGeneration || 0) + 1;
  parentElement.w2vGeneration = generation;
  let root = parentElement.querySelector(`:scope > .${className}`);
  if (!root) {
    root = document.createElement("div");
    root.className = `w2v-view ${className}`;
    root.w2vCleanups = [];
    parentElement.appendChild(root);
    root.w2v = component;
    build(root);
  }
  root.w2v = component;
  const teardown = () => {
    if (parentElement.w2vGeneration !== generation) return;
    for (const f of root.w2vCleanups) f();
    root.remove();
  };
  return [root, teardown];
}

function onTeardown(root, fn) {
  root.w2vCleanups.push(fn);
}

// Calls `fn(width)` when the element's width changes (not on the first observation).
function onResize(root, el, fn) {
  let last = null;
  const observer = new ResizeObserver(([entry]) => {
    const width = Math.round(entry.contentRect.width);
    if (last !== null && width !== last) fn(width);
    last = width;
  });
  observer.observe(el);
  onTeardown(root, () => observer.disconnect());
}

// ----- writes that happen only when the content changed -----------------------------
function setText(el, text) {
  text = text == null ? "" : String(text);
  if (el.w2vText === text) return;
  el.w2vText = text;
  el.hidden = !text;
  el.textContent = text;
}

// Server-built MathML (views/mathml.py: words escaped before conversion).
function setMath(el, mathml) {
  if (el.w2vMath === mathml) return;
  el.w2vMath = mathml;
  el.innerHTML = mathml || "";
}

function setAttr(el, name, value) {
  value = String(value);
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

// [text, role] segments: role "" is plain text, "word" bold, others a <mark class=role>.
function setSegments(el, segments) {
  const key = JSON.stringify(segments);
  if (el.w2vKey === key) return;
  el.w2vKey = key;
  el.hidden = !segments;
  if (!segments) return;
  el.replaceChildren(...segments.map(([text, role]) => {
    if (!role) return document.createTextNode(text);
    const node = document.createElement(role === "word" ? "strong" : "mark");
    node.className = role;
    node.textContent = text;
    return node;
  }));
}

// Keeps `parent` holding exactly `n` children made by `make()`; returns them.
function ensureChildren(parent, n, make) {
  while (parent.children.length > n) parent.lastChild.remove();
  while (parent.children.length < n) parent.appendChild(make());
  return parent.children;
}

function el(tag, className, text) {
  const node = tag.startsWith("svg:")
    ? document.createElementNS(SVG_NS, tag.slice(4)) : document.createElement(tag);
  if (className) node.setAttribute("class", className);
  if (text != null) node.textContent = text;
  return node;
}

function esc(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

// ----- numbers ------------------------------------------------------------------------
// `sig` significant digits; scientific past 1e6 and below 1e-3 (both languages), so a
// diverging loss never runs off the screen. Matches w2v_viz's fmt on the server.
function fmt(x, sig = 4) {
  if (x === null || x === undefined) return "—";
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "-∞";
  if (x === 0) return "0";
  // As views/numfmt.py: the exponent is the rounded mantissa's (999999.7 is 1e6), and in
  // the plain range every integer digit stays (123457, not 123500).
  const digits = Math.max(sig, 1) - 1;
  const [m, e] = x.toExponential(digits).split("e");
  const exp = Number(e);
  if (exp >= -3 && exp < 6) {
    const s = x.toFixed(Math.max(digits - exp, 0));
    return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
  }
  return `${m.includes(".") ? m.replace(/\.?0+$/, "") : m}e${exp}`;
}

function percent(p) {
  const v = 100 * p;
  if (v >= 10) return `${v.toFixed(0)}%`;
  if (v >= 0.1) return `${v.toFixed(1)}%`;
  return `${fmt(v, 2)}%`;
}

// Round ticks covering [lo, hi]: steps of 1, 2 or 5 x 10^k (about n ticks); on a log
// axis spanning a decade or more, 1, 2, 5 x 10^k (only powers of ten past two decades).
function niceTicks(lo, hi, n = 5, log = false) {
  const clean = (v) => Number(v.toPrecision(12));
  if (log && hi / lo >= 10) {
    const k0 = Math.floor(Math.log10(lo)), k1 = Math.ceil(Math.log10(hi));
    const mults = hi / lo > 100 ? [1] : [1, 2, 5];
    const out = [];
    for (let k = k0; k <= k1; k++) for (const m of mults) out.push(clean(m * 10 ** k));
    return out.filter((v) => v >= lo && v <= hi);
  }
  if (!(hi > lo)) return [clean(lo)];
  const raw = (hi - lo) / Math.max(n, 1);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  const first = Math.ceil(lo / step - 1e-9);
  const out = [];
  for (let i = 0; (first + i) * step <= hi + 1e-9 * step; i++) out.push(clean((first + i) * step));
  return out;
}

// A range that only changes when the data leaves it (or shrinks to under a quarter of
// it): snapped outwards to round ticks, so most Steps leave the axes as they were.
function stableRange(prev, lo, hi, pad = 0.05) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return prev || [0, 1];
  if (prev && lo >= prev[0] && hi <= prev[1] && hi - lo >= 0.25 * (prev[1] - prev[0])) return prev;
  const span = hi - lo || Math.abs(hi) || 1;
  const a = lo - pad * span, b = hi + pad * span;
  const ticks = niceTicks(a, b, 4);
  const step = ticks.length > 1 ? ticks[1] - ticks[0] : span;
  return [Math.floor(a / step + 1e-9) * step, Math.ceil(b / step - 1e-9) * step];
}

// A diverging colour for v in [-1, 1]: blue (negative) - white - red (positive).
function diverging(v) {
  const t = Math.max(-1, Math.min(1, v));
  const [r, g, b] = t >= 0
    ? [255 - 52 * t, 255 - 200 * t, 255 - 196 * t]     // to #cb3737
    : [255 + 222 * t, 255 + 140 * t, 255 + 60 * t];    // to #2173c3
  return `rgb(${r | 0},${g | 0},${b | 0})`;
}

// ----- tooltip: one per view, shown on hover and on keyboard focus --------------------
// Any element with a `data-tip` attribute shows it; the root needs `position: relative`.
function enableTips(root) {
  const tip = el("div", "w2v-tip");
  tip.hidden = true;
  tip.setAttribute("role", "tooltip");
  root.appendChild(tip);
  const show = (target) => {
    const text = target && target.getAttribute("data-tip");
    if (!text) { tip.hidden = true; return; }
    tip.textContent = text;
    tip.hidden = false;
    const box = root.getBoundingClientRect(), r = target.getBoundingClientRect();
    const x = Math.min(Math.max(r.left - box.left, 0), Math.max(box.width - tip.offsetWidth - 4, 0));
    const above = r.top - box.top - tip.offsetHeight - 6;
    tip.style.left = `${x}px`;
    tip.style.top = `${above >= 0 ? above : r.bottom - box.top + 6}px`;
  };
  const find = (e) => e.target instanceof Element ? e.target.closest("[data-tip]") : null;
  root.addEventListener("mouseover", (e) => show(find(e)));
  root.addEventListener("mouseleave", () => show(null));
  root.addEventListener("focusin", (e) => show(find(e)));
  root.addEventListener("focusout", () => show(null));
}

// ----- navigation to another page of the app, without a reload ----------------------
// A reload would start a new session; Streamlit's own sidebar link switches pages in
// place, so a view's link clicks it (a plain link is the fallback).
function pageLink(a, path) {
  a.href = path;
  a.addEventListener("click", (e) => {
    const nav = [...document.querySelectorAll('[data-testid="stSidebarNav"] a')]
      .find((link) => new URL(link.href).pathname.replace(/\/$/, "").endsWith(`/${path}`));
    if (nav) {
      e.preventDefault();
      nav.click();
    }
  });
}

// ----- labels that never overlap ------------------------------------------------------
// items: [{x, y, w, h, prev}] in pixels, in priority order (a label placed earlier wins);
// prev: the label's last centre offset [dx, dy], tried first so labels do not jump.
// Returns, per item, its centre offset [dx, dy] or null where no free spot was found
// inside `bounds` ({x0, y0, x1, y1}) without covering another label or any point. Far
// offsets come with a leader line (the caller draws it when |offset| > reach).
function placeLabels(items, bounds, pointRadius = 4) {
  const boxes = [];
  const hits = (b) => boxes.some((o) => b.x0 < o.x1 && b.x1 > o.x0 && b.y0 < o.y1 && b.y1 > o.y0) ||
    items.some((p) => p.x + pointRadius > b.x0 && p.x - pointRadius < b.x1 &&
      p.y + pointRadius > b.y0 && p.y - pointRadius < b.y1);
  const inside = (b) => b.x0 >= bounds.x0 && b.x1 <= bounds.x1 && b.y0 >= bounds.y0 && b.y1 <= bounds.y1;
  const box = (it, dx, dy) => ({ x0: it.x + dx - it.w / 2 - 1, x1: it.x + dx + it.w / 2 + 1,
    y0: it.y + dy - it.h / 2, y1: it.y + dy + it.h / 2 });
  return items.map((it) => {
    const candidates = it.prev ? [it.prev] : [];
    for (const r of [3, 8, 15, 24, 36, 52, 72, 96]) {
      for (let k = 0; k < 16; k++) {
        const a = (k * Math.PI) / 8;
        candidates.push([Math.cos(a) * (r + it.w / 2), Math.sin(a) * (r + it.h / 2)]);
      }
    }
    for (const [dx, dy] of candidates) {
      const b = box(it, dx, dy);
      if (inside(b) && !hits(b)) {
        boxes.push(b);
        return [dx, dy];
      }
    }
    return null;
  });
}

// Labels along one axis (heatmap rows or columns, bar labels) that never come closer
// than `room` px.
// items: [{pos, strong}] along one axis (label centres, px). The strong labels (this
// step's words) are all kept, spread apart to at least `room` px if they crowd (a leader
// line joins a moved label to its row or column); the others are kept in order where
// they are at least `room` px from every kept label. Returns [{show, at}].
function thinLabels(items, room, lo = -Infinity, hi = Infinity) {
  const out = items.map((it) => ({ show: false, at: it.pos }));
  const strong = [...items.keys()].filter((i) => items[i].strong).sort((a, b) => items[a].pos - items[b].pos);
  let prev = -Infinity;
  for (const i of strong) { out[i].at = Math.max(items[i].pos, prev + room); prev = out[i].at; }
  let next = Infinity;
  for (const i of strong.slice().reverse()) { out[i].at = Math.min(out[i].at, hi, next - room); next = out[i].at; }
  prev = -Infinity;
  for (const i of strong) { out[i].at = Math.max(out[i].at, lo, prev + room); prev = out[i].at; out[i].show = true; }
  const kept = strong.map((i) => out[i].at);
  for (const [i, it] of items.entries()) {
    if (it.strong || kept.some((p) => Math.abs(p - it.pos) < room)) continue;
    kept.push(it.pos);
    out[i].show = true;
  }
  return out;
}

// A placed label (placeLabels' spot) in its <g>: the text at the spot, and a leader line
// from the point when the spot is farther than `reach` px beyond the label's half width.
function drawPlacedLabel(g, text, line, it, spot, reach = 12) {
  setAttr(g, "visibility", "visible");
  setAttr(text, "x", (it.x + spot[0]).toFixed(1));
  setAttr(text, "y", (it.y + spot[1]).toFixed(1));
  const far = Math.hypot(spot[0], spot[1]) > it.w / 2 + reach;
  setAttr(line, "visibility", far ? "visible" : "hidden");
  if (far) {
    setAttr(line, "x1", it.x.toFixed(1)); setAttr(line, "y1", it.y.toFixed(1));
    setAttr(line, "x2", (it.x + spot[0]).toFixed(1)); setAttr(line, "y2", (it.y + spot[1]).toFixed(1));
  }
}
