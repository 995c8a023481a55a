// The Train page's live view: the sentence and window, the pair, the equations and the
// loss chart of one step, from the plain data of w2v_viz/train_view.py.
//
// Why a component: on every Step, Streamlit would re-render a markdown block per line, a
// KaTeX block and a Plotly figure (~60 ms of browser time); this view updates only the
// nodes whose content changed (a few ms; benchmarks/browser_latency.py). Texts go in with
// textContent (a corpus cannot inject markup); KaTeX is the copy Streamlit ships for
// st.latex (loaded once); the chart is a few SVG paths.

const SVG_NS = "http://www.w3.org/2000/svg";
const HEIGHT = 340;
const MARGIN = { l: 64, r: 16, t: 12, b: 52 };
let katexModule = null;

function loadKatex(path) {
  if (!katexModule) {
    // Streamlit's own scripts live in <base>/static/js/; so does its KaTeX chunk.
    const main = document.querySelector('script[src*="/static/js/"]');
    const base = main ? main.src.replace(/static\/js\/[^/]*$/, "") : document.baseURI;
    katexModule = import(new URL(path, base).href).then((m) => m.default);
  }
  return katexModule;
}

// Writes touch the DOM only when the content changed: every write costs the browser a
// new layout, and a Step changes only some of the texts.
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

function setText(el, text) {
  if (el.w2vKey === text) return;
  el.w2vKey = text;
  el.hidden = !text;
  el.textContent = text || "";
}

function esc(text) {
  return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

// ----- the loss chart -----------------------------------------------------------------
function scales(c, width) {
  const [x0, x1] = c.xrange;
  const f = c.log ? Math.log10 : (v) => v;
  const [y0, y1] = c.yrange.map(f);
  const pw = Math.max(width - MARGIN.l - MARGIN.r, 10), ph = HEIGHT - MARGIN.t - MARGIN.b;
  return {
    x: (v) => MARGIN.l + ((v - x0) / (x1 - x0 || 1)) * pw,
    y: (v) => MARGIN.t + ph - ((f(v) - y0) / (y1 - y0 || 1)) * ph,
    pw, ph,
  };
}

function path(xs, ys, s) {
  let d = "";
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(ys[i])) continue;
    d += (d ? "L" : "M") + s.x(xs[i]).toFixed(1) + "," + s.y(ys[i]).toFixed(1);
  }
  return d;
}

// The frame (grid, ticks, axis titles) is redrawn only when it changes; a Step usually
// changes only the lines. The title and legend above it are HTML (they flow and wrap).
function frame(c, s, width) {
  if (c.empty) return `<text class="empty" x="${width / 2}" y="${HEIGHT / 2}">${esc(c.empty)}</text>`;
  let out = "";
  const bottom = MARGIN.t + s.ph, right = MARGIN.l + s.pw;
  for (const [v, label] of c.yticks) {
    const y = s.y(v).toFixed(1);
    out += `<line class="grid" x1="${MARGIN.l}" x2="${right}" y1="${y}" y2="${y}"/>` +
      `<text class="tick" x="${MARGIN.l - 8}" y="${y}" text-anchor="end" dy="0.35em">${esc(label)}</text>`;
  }
  for (const [v, label] of c.xticks) {
    const x = s.x(v).toFixed(1);
    out += `<line class="grid" x1="${x}" x2="${x}" y1="${MARGIN.t}" y2="${bottom}"/>` +
      `<text class="tick" x="${x}" y="${bottom + 20}" text-anchor="middle">${esc(label)}</text>`;
  }
  out += `<text class="axis" x="${MARGIN.l + s.pw / 2}" y="${HEIGHT - 6}" text-anchor="middle">${esc(c.xtitle)}</text>` +
    `<text class="axis" transform="translate(16 ${MARGIN.t + s.ph / 2}) rotate(-90)" text-anchor="middle">${esc(c.ytitle)}</text>`;
  return out;
}

function lines(c, s) {
  const [faint, base, target] = c.colours;
  let out = `<path class="series per-step" d="${path(c.x, c.y, s)}" stroke="${faint}" stroke-width="1.5"/>`;
  if (c.markers) {
    out += c.x.map((x, i) => `<circle cx="${s.x(x).toFixed(1)}" cy="${s.y(c.y[i]).toFixed(1)}" r="2.5" fill="${faint}"/>`).join("");
  }
  out += `<path class="series average" d="${path(c.x, c.ma, s)}" stroke="${base}" stroke-width="3"/>`;
  out += c.ex.map((x, i) => {
    const cx = s.x(x), cy = s.y(c.ey[i]);
    const label = c.epoch_label.replace("{n}", i + 1).replace("{y}", c.ey[i].toFixed(4));
    return `<path class="epoch" d="M${cx},${cy - 8}L${cx + 8},${cy}L${cx},${cy + 8}L${cx - 8},${cy}Z" fill="${target}"><title>${esc(label)}</title></path>`;
  }).join("");
  return out;
}

function setHeader(box, c) {
  const items = c.empty ? [] : [[c.names[0], c.colours[0], "line thin"], [c.names[1], c.colours[1], "line"]];
  if (!c.empty && c.ex.length) items.push([c.names[2], c.colours[2], "diamond"]);
  const key = JSON.stringify([c.title, items]);
  if (box.w2vHeader === key) return;
  box.w2vHeader = key;
  box.querySelector(".title").textContent = c.title;
  box.querySelector(".keys").replaceChildren(...items.map(([name, colour, kind]) => {
    const item = document.createElement("span");
    item.className = "key";
    const mark = document.createElement("i");
    mark.className = kind;
    mark.style.setProperty("--colour", colour);
    item.append(mark, name);
    return item;
  }));
}

function drawChart(box, c) {
  setHeader(box, c);
  const width = Math.max(box.w2vWidth, 200);   // kept by a ResizeObserver: no forced layout
  const svg = box.querySelector("svg");
  const s = c.empty ? null : scales(c, width);
  box.w2vChart = c;   // for tests, as Plotly's el.data
  box.w2vScales = s;
  const f = frame(c, s, width);
  if (f !== box.w2vFrame) {
    box.w2vFrame = f;
    svg.setAttribute("viewBox", `0 0 ${width} ${HEIGHT}`);
    svg.setAttribute("width", width);
    svg.setAttribute("aria-label", c.title);
    svg.innerHTML = `<g class="frame">${f}</g><g class="lines"></g>` + (s ?
      `<line class="cursor" y1="${MARGIN.t}" y2="${MARGIN.t + s.ph}" visibility="hidden"/>` +
      `<rect class="hover" x="${MARGIN.l}" y="${MARGIN.t}" width="${s.pw}" height="${s.ph}"/>` : "");
  }
  svg.querySelector(".lines").innerHTML = c.empty ? "" : lines(c, s);
}

function hover(box, event) {
  const c = box.w2vChart, s = box.w2vScales, tip = box.querySelector(".tip");
  const cursor = box.querySelector(".cursor");
  if (!c || c.empty || !s || !event) {
    tip.hidden = true;
    if (cursor) cursor.setAttribute("visibility", "hidden");
    return;
  }
  const px = event.clientX - box.querySelector("svg").getBoundingClientRect().left;
  let lo = 0, hi = c.x.length - 1;   // nearest point by x (x is increasing)
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (s.x(c.x[mid]) < px) lo = mid; else hi = mid;
  }
  const i = Math.abs(s.x(c.x[lo]) - px) <= Math.abs(s.x(c.x[hi]) - px) ? lo : hi;
  const x = s.x(c.x[i]);
  cursor.setAttribute("x1", x);
  cursor.setAttribute("x2", x);
  cursor.setAttribute("visibility", "visible");
  tip.textContent = `${c.xtitle} ${c.x[i]}: ${c.y[i].toFixed(4)} · ${c.names[1]}: ${c.ma[i].toFixed(4)}`;
  tip.hidden = false;
  tip.style.left = `${Math.min(x + 10, box.clientWidth - tip.offsetWidth - 4)}px`;
}

// ----- the equations -------------------------------------------------------------------
// One row per equation "lhs = value", aligned on "=". Typesetting is cheap, laying out
// its output is not (~4 ms for all rows): a left side is re-typeset only when it changed
// (it holds the words of the step), a short value when it changed.
function setEquations(el, equations, katex) {
  while (el.children.length > equations.length) el.lastChild.remove();
  while (el.children.length < equations.length) {
    el.insertAdjacentHTML("beforeend", '<div class="row"><span class="lhs"></span><span class="value"></span></div>');
  }
  equations.forEach(([lhs, value], i) => {
    const row = el.children[i];
    if (row.w2vLhs !== lhs) {
      row.w2vLhs = lhs;
      katex.render("\\displaystyle " + lhs, row.firstChild, { throwOnError: false });
    }
    if (row.w2vValue !== value) {
      row.w2vValue = value;
      // HTML only (no MathML copy): half the nodes to lay out; the digits stay readable.
      katex.render("{}= " + value, row.lastChild, { throwOnError: false, output: "html" });
    }
  });
}

// ----- the view -----------------------------------------------------------------------
const TEMPLATE = `
<div class="w2v-left">
  <h5 class="heading"></h5>
  <p class="sentence"></p>
  <p class="legend"></p>
  <p class="pair"></p>
  <p class="negatives"></p>
  <p class="preview"></p>
  <div class="equations"></div>
</div>
<div class="w2v-right">
  <label class="log"><input type="checkbox"><span></span></label>
  <div class="w2v-loss">
    <div class="head"><span class="title"></span><span class="keys"></span></div>
    <div class="plot"><svg xmlns="${SVG_NS}" height="${HEIGHT}" role="img"></svg><div class="tip" hidden></div></div>
  </div>
  <p class="caption"></p>
</div>`;

export default function (component) {
  const { data, parentElement, setStateValue } = component;
  // Streamlit may call a cleanup late (for an update that was superseded): only the
  // latest call's cleanup tears down.
  const generation = (parentElement.w2vGeneration || 0) + 1;
  parentElement.w2vGeneration = generation;
  let root = parentElement.querySelector(".w2v-train");
  if (!root) {
    root = document.createElement("div");
    root.className = "w2v-train";
    root.innerHTML = TEMPLATE;
    parentElement.appendChild(root);
    const box = root.querySelector(".w2v-loss");
    box.addEventListener("mousemove", (e) => hover(box, e.target.classList.contains("hover") ? e : null));
    box.addEventListener("mouseleave", () => hover(box, null));
    root.querySelector(".log input").addEventListener("change", (e) => setStateValue("log_scale", e.target.checked));
  }
  const $ = (sel) => root.querySelector(sel);
  setText($(".heading"), data.heading);
  setSegments($(".sentence"), data.sentence);
  setText($(".legend"), data.legend);
  setSegments($(".pair"), data.pair);
  setSegments($(".negatives"), data.negatives);
  setText($(".preview"), data.preview);
  setText($(".log span"), data.log_label);
  if ($(".log input").checked !== data.chart.log) $(".log input").checked = data.chart.log;
  setText($(".caption"), data.caption);
  const box = $(".w2v-loss");
  if (box.w2vWidth === undefined) box.w2vWidth = box.clientWidth;
  drawChart(box, data.chart);

  if (data.katex) {   // else the page shows them with st.latex (ui/train_view.py)
    loadKatex(data.katex).then((katex) => setEquations($(".equations"), data.equations, katex));
  }

  // Redraw the chart at the new width when the column is resized.
  if (!root.w2vResize) {
    root.w2vResize = new ResizeObserver(([entry]) => {
      const width = Math.round(entry.contentRect.width);
      if (width !== box.w2vWidth && box.w2vChart) {
        box.w2vWidth = width;
        box.w2vFrame = null;
        hover(box, null);
        drawChart(box, box.w2vChart);
      }
    });
    root.w2vResize.observe(box);
  }
  return () => {
    if (parentElement.w2vGeneration !== generation) return;
    root.w2vResize.disconnect();
    root.remove();
  };
}
