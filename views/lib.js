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

// A view's message arrives as JSON bytes (ui/live_view.py's encode): parsed once per
// message, however many handlers read it.
const DECODED = new WeakMap();
const UTF8 = new TextDecoder();
function viewData(component) {
  const raw = component.data;
  if (!(raw instanceof Uint8Array)) return raw;
  if (!DECODED.has(raw)) DECODED.set(raw, unpack(JSON.parse(UTF8.decode(raw))));
  return DECODED.get(raw);
}

// Float arrays travel as bytes, {"$f64": base64 of little-endian float64, shape}: back to
// plain (nested) arrays here, so a view reads them as any JSON array. Arrays whose first
// item is no object hold no packed array (a list of numbers or texts): not walked.
function unpack(value) {
  if (value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    if (value.length && (value[0] === null || typeof value[0] !== "object")) return value;
    for (let i = 0; i < value.length; i++) value[i] = unpack(value[i]);
    return value;
  }
  if (typeof value.$f64 === "string") return floats(value.$f64, value.shape);
  for (const key of Object.keys(value)) value[key] = unpack(value[key]);
  return value;
}

function floats(base64, shape) {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  const flat = Array.from(new Float64Array(bytes.buffer));
  const nest = (start, dims) => {
    if (dims.length <= 1) return flat.slice(start, start + (dims[0] ?? flat.length));
    const size = dims.slice(1).reduce((a, b) => a * b, 1);
    return Array.from({ length: dims[0] }, (_, i) => nest(start + i * size, dims.slice(1)));
  };
  return nest(0, shape || [flat.length]);
}

// A script a view needs (plotly.js on Explore), loaded once per page by a script tag: the
// map is the window's, so every view's module (and the controls, which start it) share it.
function loadScript(url) {
  const href = new URL(url, document.baseURI).href;
  const loaded = (window.w2vScripts ||= new Map());
  if (!loaded.has(href)) {
    loaded.set(href, new Promise((resolve, reject) => {
      const tag = document.createElement("script");
      tag.src = href;
      tag.onload = resolve;
      tag.onerror = () => { loaded.delete(href); reject(new Error(`could not load ${url}`)); };
      document.head.appendChild(tag);
    }));
  }
  return loaded.get(href);
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

// A cosine as every page prints one: 3 decimals (views/numfmt.py's COSINE, "%.3f"), from
// the unrounded value (a value rounded on the server, then here, could differ from Explore).
function cosine(x) {
  return (Object.is(x, -0) ? "-" : "") + x.toFixed(3);
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

// The one sticky range of every chart: a view range that moves only when the data leaves
// it or fills less than `fill` of it on every axis, so most Steps leave the axes as they
// were. prev, box: [[lo, hi], ...] per axis (prev null at first); make(box): a new range.
function stickyRange(prev, box, make, fill = 0.25) {
  const inside = prev && prev.length === box.length &&
    box.every(([lo, hi], k) => lo >= prev[k][0] && hi <= prev[k][1]);
  const used = inside ? Math.max(...box.map(([lo, hi], k) => (hi - lo) / ((prev[k][1] - prev[k][0]) || 1))) : 0;
  return used >= fill ? prev : make(box);
}

// One axis [lo, hi] kept by stickyRange, a new one snapped outwards to round ticks.
function stableRange(prev, lo, hi, pad = 0.05) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return prev || [0, 1];
  return stickyRange(prev && [prev], [[lo, hi]], () => {
    const span = hi - lo || Math.abs(hi) || 1;
    const a = lo - pad * span, b = hi + pad * span;
    const ticks = niceTicks(a, b, 4);
    const step = ticks.length > 1 ? ticks[1] - ticks[0] : span;
    return [[Math.floor(a / step + 1e-9) * step, Math.ceil(b / step - 1e-9) * step]];
  })[0];
}

// A diverging colour for v in [-1, 1]: blue (negative) - white - red (positive).
function diverging(v) {
  const t = Math.max(-1, Math.min(1, v));
  const [r, g, b] = t >= 0
    ? [255 - 52 * t, 255 - 200 * t, 255 - 196 * t]     // to #cb3737
    : [255 + 222 * t, 255 + 140 * t, 255 + 60 * t];    // to #2173c3
  return `rgb(${r | 0},${g | 0},${b | 0})`;
}

// diverging() as [r, g, b], cached on 201 levels (a heatmap asks for thousands).
const DIVERGING_RGB = new Map();
function divergingRgb(v) {
  const k = Math.round(Math.max(-1, Math.min(1, v)) * 100) || 0;
  let c = DIVERGING_RGB.get(k);
  if (!c) { c = diverging(k / 100).match(/\d+/g).map(Number); DIVERGING_RGB.set(k, c); }
  return c;
}

// ----- heatmaps -----------------------------------------------------------------------
// The one heatmap painter. spec: {rows, cols, cw, ch, x, y} (cell size and the canvas's
// place, px); rgb(r, c) -> [r, g, b]. The cells go into an ImageData of one pixel per
// cell, scaled up without smoothing; white gaps between cells once they are `gapFrom` px.
// Returns the context (in CSS px) for what a view draws on top.
function paintHeatmap(canvas, spec, rgb, gapFrom = 6) {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.max(Math.round(spec.cols * spec.cw), 1), h = Math.max(Math.round(spec.rows * spec.ch), 1);
  if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
    canvas.width = Math.round(w * ratio);
    canvas.height = Math.round(h * ratio);
  }
  const style = `width:${w}px;height:${h}px;left:${spec.x}px;top:${spec.y}px`;
  if (canvas.w2vStyle !== style) { canvas.w2vStyle = style; canvas.style.cssText = style; }
  if (!canvas.w2vCells) canvas.w2vCells = document.createElement("canvas");
  const cells = canvas.w2vCells;
  if (cells.width !== spec.cols || cells.height !== spec.rows) { cells.width = spec.cols; cells.height = spec.rows; }
  const cctx = cells.getContext("2d");
  const image = cctx.createImageData(spec.cols, spec.rows);
  const px = image.data;
  for (let r = 0, k = 0; r < spec.rows; r++) {
    for (let c = 0; c < spec.cols; c++, k += 4) {
      const [R, G, B] = rgb(r, c);
      px[k] = R; px[k + 1] = G; px[k + 2] = B; px[k + 3] = 255;
    }
  }
  cctx.putImageData(image, 0, 0);
  const ctx = canvas.getContext("2d");
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(cells, 0, 0, spec.cols, spec.rows, 0, 0, spec.cols * spec.cw, spec.rows * spec.ch);
  ctx.fillStyle = "#fff";
  if (spec.cw >= gapFrom) for (let c = 1; c <= spec.cols; c++) ctx.fillRect(c * spec.cw - 1, 0, 1, h);
  if (spec.ch >= gapFrom) for (let r = 1; r <= spec.rows; r++) ctx.fillRect(0, r * spec.ch - 1, w, 1);
  return ctx;
}

// ----- tooltip: one per view, shown on hover and on keyboard focus --------------------
// The view's one tooltip element (made on first use; `extra`: a class a view adds).
function tipElement(root, extra = "") {
  let tip = root.querySelector(":scope > .w2v-tip");
  if (!tip) {
    tip = el("div", "w2v-tip");
    tip.hidden = true;
    tip.setAttribute("role", "tooltip");
    root.appendChild(tip);
  }
  if (extra) tip.classList.add(extra);
  return tip;
}

// Shows `text` in the tooltip beside the box r ({left, top, bottom}, px in the root; above
// it where there is room, else below), kept inside the root; text null hides it.
function placeTip(root, text, r) {
  const tip = tipElement(root);
  if (!text) { tip.hidden = true; return tip; }
  tip.textContent = text;
  tip.hidden = false;
  const above = r.top - tip.offsetHeight - 6;
  tip.style.left = `${Math.min(Math.max(r.left, 0), Math.max(root.clientWidth - tip.offsetWidth - 4, 0))}px`;
  tip.style.top = `${above >= 0 ? above : r.bottom + 6}px`;
  return tip;
}

// Any element with a `data-tip` attribute shows it; the root needs `position: relative`.
function enableTips(root) {
  tipElement(root);
  const show = (target) => {
    const text = target && target.getAttribute("data-tip");
    if (!text) { placeTip(root, null); return; }
    const box = root.getBoundingClientRect(), r = target.getBoundingClientRect();
    placeTip(root, text, { left: r.left - box.left, top: r.top - box.top, bottom: r.bottom - box.top });
  };
  const find = (e) => e.target instanceof Element ? e.target.closest("[data-tip]") : null;
  root.addEventListener("mouseover", (e) => show(find(e)));
  root.addEventListener("mouseleave", () => show(null));
  root.addEventListener("focusin", (e) => show(find(e)));
  root.addEventListener("focusout", () => show(null));
}

// ----- words --------------------------------------------------------------------------
// A label of at most n characters (the rest as "…"; the whole word shows on hover).
function shorten(word, n) {
  return word.length > n ? `${word.slice(0, n - 1)}…` : word;
}

// A label's width in `font` ("700 12px") from a canvas's measureText, cached per root:
// no forced layout (an SVG text's getBBox would lay the page out again for each word).
function textWidth(root, text, font) {
  const cache = root.w2vWidths || (root.w2vWidths = new Map());
  const key = `${font}|${text}`;
  let w = cache.get(key);
  if (w === undefined) {
    if (!root.w2vCtx) {
      root.w2vCtx = document.createElement("canvas").getContext("2d");
      root.w2vFamily = getComputedStyle(root).fontFamily || "sans-serif";
    }
    root.w2vCtx.font = `${font} ${root.w2vFamily}`;
    w = root.w2vCtx.measureText(text).width;
    cache.set(key, w);
  }
  return w;
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
// The one label placer. items: [{x, y, w, h, prev}] in pixels, in priority order (a label
// placed earlier wins); prev: the label's last centre offset [dx, dy], tried first so
// labels do not jump. Returns, per item, its centre offset [dx, dy] or null where no
// free spot was found inside `bounds` ({x0, y0, x1, y1}) without covering another label
// or a point. opts: points [[x, y, r]] to keep clear (default: the items' own, r = 4),
// looked up in a coarse grid (thousands of points); gap [gx, gy] kept around a label;
// rings: the candidate distances; crowded: a last pass may cover a point, never a label.
// Far offsets come with a leader line (drawPlacedLabel).
function placeLabels(items, bounds, opts = {}) {
  const { gap = [1, 0], rings = [3, 8, 15, 24, 36, 52, 72, 96], crowded = false } = opts;
  const CELL = 24, grid = new Map(), cellKey = (i, j) => i * 100003 + j;
  for (const p of opts.points || items.map((it) => [it.x, it.y, 4])) {
    const [x, y, r] = p;
    for (let i = Math.floor((x - r) / CELL); i <= Math.floor((x + r) / CELL); i++) {
      for (let j = Math.floor((y - r) / CELL); j <= Math.floor((y + r) / CELL); j++) {
        const k = cellKey(i, j);
        if (!grid.has(k)) grid.set(k, []);
        grid.get(k).push(p);
      }
    }
  }
  const hitsPoint = (b) => {
    for (let i = Math.floor(b.x0 / CELL); i <= Math.floor(b.x1 / CELL); i++) {
      for (let j = Math.floor(b.y0 / CELL); j <= Math.floor(b.y1 / CELL); j++) {
        for (const [x, y, r] of grid.get(cellKey(i, j)) || []) {
          if (x + r > b.x0 && x - r < b.x1 && y + r > b.y0 && y - r < b.y1) return true;
        }
      }
    }
    return false;
  };
  const boxes = [];
  const hitsLabel = (b) => boxes.some((o) => b.x0 < o.x1 && b.x1 > o.x0 && b.y0 < o.y1 && b.y1 > o.y0);
  const inside = (b) => b.x0 >= bounds.x0 && b.x1 <= bounds.x1 && b.y0 >= bounds.y0 && b.y1 <= bounds.y1;
  const box = (it, dx, dy) => ({ x0: it.x + dx - it.w / 2 - gap[0], x1: it.x + dx + it.w / 2 + gap[0],
    y0: it.y + dy - it.h / 2 - gap[1], y1: it.y + dy + it.h / 2 + gap[1] });
  return items.map((it) => {
    const candidates = it.prev ? [it.prev] : [];
    for (const r of rings) {
      const n = r < 30 ? 16 : 24;
      for (let k = 0; k < n; k++) {
        const a = (k * 2 * Math.PI) / n - Math.PI / 2;
        candidates.push([Math.cos(a) * (r + it.w / 2), Math.sin(a) * (r + it.h / 2)]);
      }
    }
    for (const strict of crowded ? [true, false] : [true]) {
      for (const [dx, dy] of candidates) {
        const b = box(it, dx, dy);
        if (inside(b) && !hitsLabel(b) && !(strict && hitsPoint(b))) {
          boxes.push(b);
          return [dx, dy];
        }
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

// Keeps `group` holding n label <g>s of a leader <line> and a <text>; returns them.
function labelGroups(group, n) {
  return ensureChildren(group, n, () => {
    const g = el("svg:g");
    g.append(el("svg:line"), el("svg:text"));
    return g;
  });
}

// A placed label (placeLabels' spot for `it`) in its <g>: hidden where there was no spot,
// else the text at the spot and a leader line from the point when the spot is farther
// than `reach` px beyond the label's half width. offsets[word] keeps the spot for the
// next frame (placeLabels' `prev`).
function drawPlacedLabel(g, it, spot, offsets, word, reach = 12) {
  const [line, text] = [g.firstChild, g.lastChild];
  setAttr(g, "data-word", word);
  if (!spot) {
    setAttr(g, "visibility", "hidden");
    delete offsets[word];
    return;
  }
  offsets[word] = spot;
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
