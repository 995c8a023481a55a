// The word map (views/embeddings.py's message): words in the refitted, Procrustes-turned
// PCA plane, as SVG. Equal units on both axes; the view keeps its range until the words
// leave it (or gather in a small part of it); on the timeline the server fixes one range
// for every snapshot. Key words and this step's words are always labelled, the labels
// never overlap each other or a point (placed here, each keeping its spot while it still
// fits, with a leader line when far); every other point shows its word on hover, or on
// focus (Tab reaches the labelled points, the arrow keys walk through all of them).

const MARGIN = { l: 44, r: 10, t: 10, b: 34 };
const TRAIL_COLOURS = ["#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#0f8f9c", "#6b6b6b", "#8f8f14"];
const RADIUS = { step: 6.5, context: 5.5, key: 4.5, trail: 4.5, "": 3 };

// Tall enough to spread the words, short enough that on a 1280x720 projector the map
// and its note fit under the controls without scrolling.
function mapHeight(width) {
  const room = (window.innerHeight || 900) - 330;
  return Math.round(Math.max(280, Math.min(440, 0.52 * width, room)));
}

function buildEmb(root) {
  root.innerHTML = `<div class="head"><span class="title"></span><span class="legend"></span></div>
    <div class="trail-legend" hidden></div>
    <svg xmlns="${SVG_NS}" role="img"><g class="frame"></g><g class="trails"></g><g class="pts"></g><g class="labels"></g></svg>
    <p class="note"></p><p class="caption"></p>`;
  // A point's tip (word and coordinates) is written only when it is hovered or focused,
  // just before enableTips reads it: at V=5000 a Step need not format 500 strings.
  const writeTip = (e) => {
    const dot = e.target instanceof Element && e.target.closest(".pts circle");
    const d = root.w2vData;
    if (!dot || !d || dot.w2vIndex == null) return;
    const i = dot.w2vIndex;
    setAttr(dot, "data-tip", `${d.words[i]} (${fmt(d.x[i], 3)}, ${fmt(d.y[i], 3)})`);
  };
  const pts = root.querySelector(".pts");
  pts.addEventListener("mouseover", writeTip);
  pts.addEventListener("focusin", writeTip);
  enableTips(root);
  root.w2vOffsets = {};
  root.addEventListener("keydown", (e) => {
    const dot = e.target instanceof Element && e.target.closest("circle");
    if (!dot) return;
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (!step) return;
    const dots = [...root.querySelectorAll(".pts circle")];
    const next = dots[(dots.indexOf(dot) + step + dots.length) % dots.length];
    e.preventDefault();
    next.focus();
  });
  onResize(root, root, () => { root.w2vView = null; if (root.w2vData) drawEmb(root, root.w2vData); });
}

// Round grid values over a range.
function gridSvg(s, w, h) {
  let out = "";
  const [x0, x1] = [s.inv_x(MARGIN.l), s.inv_x(w - MARGIN.r)];
  const [y0, y1] = [s.inv_y(h - MARGIN.b), s.inv_y(MARGIN.t)];
  for (const v of niceTicks(x0, x1, Math.max(3, Math.round((w - MARGIN.l) / 110)))) {
    const x = s.x(v).toFixed(1);
    out += `<line class="${v === 0 ? "zero" : "grid"}" x1="${x}" x2="${x}" y1="${MARGIN.t}" y2="${h - MARGIN.b}"/>` +
      `<text class="tick" x="${x}" y="${h - MARGIN.b + 15}" text-anchor="middle">${esc(fmt(v, 3))}</text>`;
  }
  for (const v of niceTicks(y0, y1, Math.max(3, Math.round((h - MARGIN.b) / 80)))) {
    const y = s.y(v).toFixed(1);
    out += `<line class="${v === 0 ? "zero" : "grid"}" x1="${MARGIN.l}" x2="${w - MARGIN.r}" y1="${y}" y2="${y}"/>` +
      `<text class="tick" x="${MARGIN.l - 5}" y="${y}" text-anchor="end" dy="0.35em">${esc(fmt(v, 3))}</text>`;
  }
  return out;
}

// The view: centre and scale (pixels per unit, equal on both axes).
function chooseView(root, data, w, h) {
  const xs = [...data.x], ys = [...data.y];
  for (const t of data.trails) for (const [x, y] of t.path) { xs.push(x); ys.push(y); }
  const pw = w - MARGIN.l - MARGIN.r, ph = h - MARGIN.t - MARGIN.b;
  const fit = (x0, x1, y0, y1, pad) => ({
    cx: (x0 + x1) / 2, cy: (y0 + y1) / 2,
    scale: Math.min(pw / ((x1 - x0) || 1e-9), ph / ((y1 - y0) || 1e-9)) / pad,
    key: null,
  });
  if (data.range) {
    const [x0, x1, y0, y1] = data.range;
    return fit(x0, x1, y0, y1, 1.08);
  }
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const prev = root.w2vView && !root.w2vView.fixed ? root.w2vView : null;
  const seen = prev && [[prev.cx - (pw / 2 - 4) / prev.scale, prev.cx + (pw / 2 - 4) / prev.scale],
    [prev.cy - (ph / 2 - 4) / prev.scale, prev.cy + (ph / 2 - 4) / prev.scale]];
  return stickyRange(seen, [[x0, x1], [y0, y1]], () => null, 0.4) ? prev : fit(x0, x1, y0, y1, 1.15);
}

function scalesFor(v, w, h) {
  const ox = MARGIN.l + (w - MARGIN.l - MARGIN.r) / 2, oy = MARGIN.t + (h - MARGIN.t - MARGIN.b) / 2;
  return {
    x: (a) => ox + (a - v.cx) * v.scale, y: (b) => oy - (b - v.cy) * v.scale,
    inv_x: (px) => v.cx + (px - ox) / v.scale, inv_y: (py) => v.cy - (py - oy) / v.scale,
  };
}

function setLegend(root, data) {
  const key = JSON.stringify([data.legend, data.trails.map((t) => t.word), data.trail_title]);
  if (root.w2vLegend === key) return;
  root.w2vLegend = key;
  const roles = ["step", "context", "key", ""];
  root.querySelector(".legend").replaceChildren(...roles.map((r) => {
    const item = el("span", "item");
    item.append(el("i", `dot role-${r || "other"}`), data.legend[r]);
    return item;
  }));
  const trails = root.querySelector(".trail-legend");
  trails.hidden = !data.trails.length;
  trails.replaceChildren(el("span", "name", data.trail_title), ...data.trails.map((t, k) => {
    const item = el("span", "item");
    const mark = el("i", "line");
    mark.style.background = TRAIL_COLOURS[k % TRAIL_COLOURS.length];
    item.append(mark, t.word);
    return item;
  }));
}

function drawEmb(root, data) {
  root.w2vData = data;
  setLegend(root, data);
  const svg = root.querySelector("svg");
  const w = Math.max(root.clientWidth, 240), h = mapHeight(w);
  setAttr(svg, "viewBox", `0 0 ${w} ${h}`);
  setAttr(svg, "width", w);
  setAttr(svg, "height", h);
  setAttr(svg, "aria-label", `${data.title}. ${data.summary}`);
  const frame = svg.querySelector(".frame"), pts = svg.querySelector(".pts");
  const labelsG = svg.querySelector(".labels"), trailsG = svg.querySelector(".trails");
  if (data.empty || !data.words.length) {
    frame.innerHTML = `<text class="empty" x="${w / 2}" y="${h / 2}" text-anchor="middle">${esc(data.empty || "")}</text>`;
    pts.innerHTML = labelsG.innerHTML = trailsG.innerHTML = "";
    root.w2vGridKey = null;
    return;
  }
  const view = chooseView(root, data, w, h);
  view.fixed = !!data.range;
  root.w2vView = view;
  const s = scalesFor(view, w, h);
  const gridKey = JSON.stringify([view.cx, view.cy, view.scale, w, h, data.xtitle, data.ytitle]);
  if (root.w2vGridKey !== gridKey) {
    root.w2vGridKey = gridKey;
    frame.innerHTML = gridSvg(s, w, h) +
      `<text class="axis" x="${MARGIN.l + (w - MARGIN.l - MARGIN.r) / 2}" y="${h - 4}" text-anchor="middle">${esc(data.xtitle)}</text>` +
      `<text class="axis" transform="translate(12 ${MARGIN.t + (h - MARGIN.t - MARGIN.b) / 2}) rotate(-90)" text-anchor="middle">${esc(data.ytitle)}</text>`;
  }

  // Trails, one colour per word, under the points.
  const paths = ensureChildren(trailsG, data.trails.length, () => el("svg:path"));
  data.trails.forEach((t, k) => {
    const d = t.path.map(([x, y], i) => `${i ? "L" : "M"}${s.x(x).toFixed(1)},${s.y(y).toFixed(1)}`).join("");
    setAttr(paths[k], "d", d);
    setAttr(paths[k], "stroke", TRAIL_COLOURS[k % TRAIL_COLOURS.length]);
    setAttr(paths[k], "data-word", t.word);
  });

  // Points: the priority words (first in the message) drawn last, on top.
  const n = data.words.length;
  const trailColour = {};
  data.trails.forEach((t, k) => { trailColour[t.word] = TRAIL_COLOURS[k % TRAIL_COLOURS.length]; });
  const dots = ensureChildren(pts, n, () => el("svg:circle"));
  const px = data.x.map((x) => s.x(x)), py = data.y.map((y) => s.y(y));
  for (let m = 0; m < n; m++) {
    const i = n - 1 - m, dot = dots[m], role = data.roles[i];
    setAttr(dot, "cx", px[i].toFixed(1));
    setAttr(dot, "cy", py[i].toFixed(1));
    setAttr(dot, "r", RADIUS[role]);
    setAttr(dot, "class", `role-${role || "other"}`);
    setAttr(dot, "tabindex", role ? 0 : -1);
    dot.w2vIndex = i;            // its tip is written when hovered or focused (below)
    const colour = role !== "step" && role !== "context" && trailColour[data.words[i]];
    if (colour) dot.style.fill = colour; else if (dot.style.fill) dot.style.fill = "";
  }

  // Labels of the labelled words (roles other than ""), in priority order.
  const labelled = [];
  for (let i = 0; i < n; i++) if (data.roles[i]) labelled.push(i);
  const groups = labelGroups(labelsG, labelled.length);
  const items = labelled.map((i, k) => {
    const text = groups[k].lastChild, word = data.words[i];
    setText(text, word);
    setAttr(text, "class", `role-${data.roles[i]}`);
    const cached = text.w2vSize && text.w2vSize.word === word && text.w2vSize.role === data.roles[i];
    if (!cached) {
      const b = text.getBBox();
      text.w2vSize = { word, role: data.roles[i], width: b.width, height: b.height };
    }
    return { x: px[i], y: py[i], w: text.w2vSize.width, h: text.w2vSize.height,
      prev: root.w2vOffsets[word] || null };
  });
  const obstacles = data.x.map((_, i) => [px[i], py[i], RADIUS[data.roles[i]] + 1]);
  const bounds = { x0: MARGIN.l + 1, y0: MARGIN.t, x1: w - MARGIN.r, y1: h - MARGIN.b };
  // Boxes keep a gap of 6 px between two labels side by side ("man princess", never
  // "manprincess") and 2 px above and below.
  const spots = placeLabels(items, bounds, { points: obstacles, gap: [3, 1], crowded: true,
    rings: [2, 6, 12, 20, 30, 44, 60, 80, 105, 135, 170] });
  labelled.forEach((i, k) => drawPlacedLabel(groups[k], items[k], spots[k], root.w2vOffsets, data.words[i], 14));
}

export default function (component) {
  const data = viewData(component);
  const [root, teardown] = mount(component, "w2v-emb", buildEmb);
  setText(root.querySelector(".title"), data.title);
  setText(root.querySelector(".note"), data.note);
  setText(root.querySelector(".caption"), data.caption);
  drawEmb(root, data);
  return teardown;
}
