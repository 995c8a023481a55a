// Explore: every word of the vocabulary as a Plotly chart, updated in place.
//
// The view keeps two charts, 2-D and 3-D, and shows one. A new message redraws the shown
// chart with Plotly.react, which keeps the chart, its WebGL context and the visitor's
// zoom (uirevision), and recomputes the 5,000 points only when their revision changed
// (datarevision): a search redraws the labels and the ranges. Building a 3-D scene is
// the slow part (a new WebGL context and its shaders), so after the first draw the other
// chart is built once, hidden, when the page is idle: a switch then only updates it.
// plotly.js is the installed package's file (ui/live_view.py's plotly_js), loaded once
// per page, only where this view is (the page's controls start loading it: ui/live.py).

// The figure of `dims` with every word's point: the arrays of `points` are the same
// objects from one message to the next while their revision is, so Plotly keeps them.
function assemble(m, points, dims) {
  const fig = m.figures[dims];
  const base = { ...fig.data[0], x: points.x, y: points.y, text: points.text,
    customdata: points.customdata, hovertext: points.hovertext };
  if (dims === 3) base.z = points.z;
  if (points.color) base.marker = { ...base.marker, color: points.color };
  const font = { family: getComputedStyle(document.body).fontFamily, ...(fig.layout.font || {}) };
  return { data: [base, ...fig.data.slice(1)], layout: { ...fig.layout, font } };
}

function build(root) {
  root.charts = {};
  root.drawn = {};              // dims -> the key of the figure it shows
  for (const dims of [2, 3]) {
    const chart = el("div", "exp-chart exp-hidden");
    chart.dataset.dims = dims;
    root.appendChild(chart);
    root.charts[dims] = chart;
  }
  onTeardown(root, () => {
    if (window.Plotly) for (const chart of Object.values(root.charts)) window.Plotly.purge(chart);
  });
}

// What a chart of `dims` would show for message `m` (its points by revision).
function figureKey(m, dims) {
  return `${m.rev}|${JSON.stringify(m.figures[dims])}`;
}

function pointsOf(root, m) {
  if (root.rev !== m.rev) {
    root.rev = m.rev;
    root.points = m.points;
  }
  return root.points;
}

async function draw(root, dims, m) {
  const key = figureKey(m, dims);
  if (root.drawn[dims] === key) return;
  const fig = assemble(m, pointsOf(root, m), dims);
  await window.Plotly.react(root.charts[dims], fig.data, fig.layout, m.config);
  if (dims === 2) await placeSearchLabels(root.charts[2]);
  root.drawn[dims] = key;
}

// A search's labels come placed above or below their points; in a tight cluster they
// would cover each other. Once drawn, lib.js's placeLabels moves them, in the chart's
// pixels, clear of each other and of the points (the searched word, last, first).
function placeSearchLabels(chart) {
  const notes = chart.layout.annotations || [];
  const { xaxis: xa, yaxis: ya } = chart._fullLayout;
  if (!notes.length || !xa || !ya) return null;
  const px = (v) => xa._offset + xa.l2p(v);
  const py = (v) => ya._offset + ya.l2p(v);
  const order = notes.map((_, i) => notes.length - 1 - i);
  const items = order.map((i) => {
    const text = chart.querySelector(`.annotation[data-index="${i}"] .annotation-text-g`);
    const box = text ? text.getBoundingClientRect() : { width: 60, height: 20 };
    return { x: px(notes[i].x), y: py(notes[i].y), w: box.width, h: box.height };
  });
  const trace = chart.data[0];
  const points = Array.from(trace.x, (x, i) => [px(x), py(trace.y[i]), 3]);
  const bounds = { x0: xa._offset, x1: xa._offset + xa._length,
    y0: ya._offset, y1: ya._offset + ya._length };
  const update = {};
  placeLabels(items, bounds, { points, crowded: true }).forEach((offset, k) => {
    if (offset) {
      update[`annotations[${order[k]}].ax`] = Math.round(offset[0]);
      update[`annotations[${order[k]}].ay`] = Math.round(offset[1]);
    }
  });
  return Object.keys(update).length ? window.Plotly.relayout(chart, update) : null;
}

function show(root, dims) {
  for (const [n, chart] of Object.entries(root.charts)) {
    const shown = Number(n) === dims;
    chart.classList.toggle("exp-hidden", !shown);
    if (shown) window.Plotly.Plots.resize(chart);     // drawn hidden: fit the width now
  }
}

// Draws the latest message, one draw at a time; then, once, the other chart when idle.
async function pump(root) {
  if (root.busy) { root.again = true; return; }
  root.busy = true;
  try {
    do {
      root.again = false;
      const m = root.latest;
      await draw(root, m.dims, m);
      show(root, m.dims);
    } while (root.again);
  } finally {
    root.busy = false;
  }
  const other = root.latest.dims === 2 ? 3 : 2;
  if (!(other in root.drawn) && !root.idle) {
    root.idle = true;
    // two frames on (the chart just drawn is on screen), then the browser's idle time
    requestAnimationFrame(() => requestAnimationFrame(() => requestIdleCallback(() => {
      root.idle = false;
      if (root.busy || other in root.drawn || !root.isConnected) return;
      root.busy = true;
      draw(root, other, root.latest)
        .catch(() => {})           // a hidden chart: the next switch draws it
        .finally(() => { root.busy = false; if (root.again) pump(root); });
    })));
  }
}

export default function (component) {
  const m = viewData(component);
  const [root, teardown] = mount(component, "w2v-explore", build);
  root.latest = m;
  setAttr(root, "role", "figure");
  setAttr(root, "aria-label", m.alt);
  loadScript(m.plotly).then(() => pump(root)).catch((error) => {
    setText(root.querySelector(".exp-chart"), String(error));
  });
  return teardown;
}
