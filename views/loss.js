// The loss chart (views/loss.py's message) as SVG: the loss of each step, its moving
// average, the epoch means. The browser owns the drawing: axes snap to round ranges that
// change only when the data leaves them (most Steps redraw only the lines), ticks are
// computed here, and the log scale is a local toggle kept in sessionStorage (no server
// round trip; it survives a page change).

const HEIGHT = 175;
const MARGIN = { l: 58, r: 14, t: 8, b: 44 };
const LOG_KEY = "w2v.loss.log";

function scales(c, width, xr, yr, log) {
  const f = log ? Math.log10 : (v) => v;
  const [y0, y1] = yr.map(f);
  const pw = Math.max(width - MARGIN.l - MARGIN.r, 10), ph = HEIGHT - MARGIN.t - MARGIN.b;
  return {
    x: (v) => MARGIN.l + ((v - xr[0]) / (xr[1] - xr[0] || 1)) * pw,
    y: (v) => MARGIN.t + ph - ((f(v) - y0) / (y1 - y0 || 1)) * ph,
    pw, ph,
  };
}

function linePath(xs, ys, s) {
  let d = "";
  for (let i = 0; i < xs.length; i++) {
    if (!Number.isFinite(ys[i])) continue;
    d += (d ? "L" : "M") + s.x(xs[i]).toFixed(1) + "," + s.y(ys[i]).toFixed(1);
  }
  return d;
}

// Axis ranges and ticks: x from 0 to a round step count; y from 0 (or, on a log axis,
// whole quarter-decades) to a round value above the data.
function axes(box, c, log) {
  const last = c.x[c.x.length - 1];
  let xr;
  if (last <= 10) xr = [0, 10];
  else {
    const step = niceTicks(0, last, 6)[1];
    xr = [0, Math.ceil(last / step) * step];
  }
  const values = [...c.y, ...c.ma, ...c.ey].filter((v) => Number.isFinite(v) && (!log || v > 0));
  let lo = Math.min(...values), hi = Math.max(...values);
  let yr, yticks;
  if (log) {
    lo = 10 ** (Math.floor(4 * Math.log10(lo)) / 4);
    hi = Math.max(10 ** (Math.ceil(4 * Math.log10(hi)) / 4), lo * 10 ** 0.25);
    yr = [lo, hi];
    yticks = niceTicks(lo, hi, 5, true);
  } else {
    const prev = box.w2vYRange && !box.w2vLogDrawn ? box.w2vYRange : null;
    const top = niceTicks(0, hi > 0 ? hi : 1, 5);
    const rounded = top[top.length - 1] >= hi ? top[top.length - 1] : top[top.length - 1] + (top[1] - top[0]);
    yr = stickyRange(prev && [prev], [[0, hi]], () => [[0, rounded]], 0.4)[0];
    yticks = niceTicks(0, yr[1], 5);
  }
  box.w2vYRange = log ? null : yr;
  box.w2vLogDrawn = log;
  return { xr, yr, xticks: last <= 10 ? [0, 2, 4, 6, 8, 10] : niceTicks(xr[0], xr[1], 6), yticks };
}

function frameSvg(c, s, a, width) {
  let out = "";
  const bottom = MARGIN.t + s.ph, right = MARGIN.l + s.pw;
  for (const v of a.yticks) {
    const y = s.y(v).toFixed(1);
    out += `<line class="grid" x1="${MARGIN.l}" x2="${right}" y1="${y}" y2="${y}"/>` +
      `<text class="tick" x="${MARGIN.l - 6}" y="${y}" text-anchor="end" dy="0.35em">${esc(fmt(v, 3))}</text>`;
  }
  for (const v of a.xticks) {
    const x = s.x(v).toFixed(1);
    out += `<line class="grid" x1="${x}" x2="${x}" y1="${MARGIN.t}" y2="${bottom}"/>` +
      `<text class="tick" x="${x}" y="${bottom + 17}" text-anchor="middle">${esc(fmt(v, 6))}</text>`;
  }
  out += `<text class="axis" x="${MARGIN.l + s.pw / 2}" y="${HEIGHT - 4}" text-anchor="middle">${esc(c.xtitle)}</text>` +
    `<text class="axis" transform="translate(13 ${MARGIN.t + s.ph / 2}) rotate(-90)" text-anchor="middle">${esc(c.ytitle)}</text>`;
  return out;
}

function linesSvg(c, s) {
  const [faint, base, epoch] = c.colours;
  let out = `<path class="series per-step" d="${linePath(c.x, c.y, s)}" stroke="${faint}" stroke-width="1.5"/>`;
  if (c.x.length <= 60) {
    out += c.x.map((x, i) => `<circle cx="${s.x(x).toFixed(1)}" cy="${s.y(c.y[i]).toFixed(1)}" r="2.5" fill="${faint}"/>`).join("");
  }
  out += `<path class="series average" d="${linePath(c.x, c.ma, s)}" stroke="${base}" stroke-width="3"/>`;
  out += c.ex.map((x, i) => {
    const cx = s.x(x), cy = s.y(c.ey[i]);
    const label = c.epoch_label.replace("{n}", i + 1).replace("{y}", fmt(c.ey[i]));
    return `<path class="epoch" d="M${cx},${cy - 7}L${cx + 7},${cy}L${cx},${cy + 7}L${cx - 7},${cy}Z" fill="${epoch}"><title>${esc(label)}</title></path>`;
  }).join("");
  return out;
}

function setKeys(box, c) {
  const items = c.empty ? [] : [[c.names[0], c.colours[0], "line thin"], [c.names[1], c.colours[1], "line"]];
  if (!c.empty && c.ex.length) items.push([c.names[2], c.colours[2], "diamond"]);
  const key = JSON.stringify([c.title, items]);
  if (box.w2vKeys === key) return;
  box.w2vKeys = key;
  box.querySelector(".title").textContent = c.title;
  box.querySelector(".keys").replaceChildren(...items.map(([name, colour, kind]) => {
    const item = el("span", "key");
    const mark = el("i", kind);
    mark.style.setProperty("--colour", colour);
    item.append(mark, name);
    return item;
  }));
}

function drawLoss(box, c) {
  setKeys(box, c);
  const log = box.querySelector(".log input").checked;
  const width = Math.max(box.w2vWidth || box.clientWidth, 200);
  const svg = box.querySelector("svg");
  setAttr(svg, "aria-label", `${c.title}. ${c.summary}`);
  box.w2vChart = c;   // for tests and the hover
  if (c.empty) {
    box.w2vScales = null;
    box.w2vFrame = null;
    svg.setAttribute("viewBox", `0 0 ${width} ${HEIGHT}`);
    svg.innerHTML = `<text class="empty" x="${width / 2}" y="${HEIGHT / 2}">${esc(c.empty)}</text>`;
    return;
  }
  const a = axes(box, c, log);
  const s = scales(c, width, a.xr, a.yr, log);
  box.w2vScales = s;
  const f = frameSvg(c, s, a, width);
  if (f !== box.w2vFrame) {
    box.w2vFrame = f;
    svg.setAttribute("viewBox", `0 0 ${width} ${HEIGHT}`);
    svg.setAttribute("width", width);
    svg.innerHTML = `<g class="frame">${f}</g><g class="lines"></g>` +
      `<line class="cursor" y1="${MARGIN.t}" y2="${MARGIN.t + s.ph}" visibility="hidden"/>` +
      `<rect class="hover" x="${MARGIN.l}" y="${MARGIN.t}" width="${s.pw}" height="${s.ph}"/>`;
  }
  svg.querySelector(".lines").innerHTML = linesSvg(c, s);
}

function hoverLoss(box, event) {
  const c = box.w2vChart, s = box.w2vScales;
  const cursor = box.querySelector(".cursor");
  if (!c || c.empty || !s || !event) {
    placeTip(box, null);
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
  placeTip(box, `${c.xtitle} ${c.x[i]}: ${fmt(c.y[i])} · ${c.names[1]}: ${fmt(c.ma[i])}`,
    { left: x + 10, top: 0, bottom: 4 });      // along the top of the plot
}

const LOSS = `
<div class="head"><span class="title"></span><span class="keys"></span>
  <label class="log"><input type="checkbox"><span></span></label></div>
<div class="plot"><svg xmlns="${SVG_NS}" height="${HEIGHT}" role="img"></svg></div>
<p class="caption"></p>`;

function buildLoss(root) {
  root.innerHTML = LOSS;
  tipElement(root, "tip");
  const input = root.querySelector(".log input");
  input.checked = sessionStorage.getItem(LOG_KEY) === "1";
  input.addEventListener("change", () => {
    sessionStorage.setItem(LOG_KEY, input.checked ? "1" : "0");
    root.w2vFrame = null;
    if (root.w2vChart) drawLoss(root, root.w2vChart);
  });
  root.addEventListener("mousemove", (e) => hoverLoss(root, e.target.classList.contains("hover") ? e : null));
  root.addEventListener("mouseleave", () => hoverLoss(root, null));
  onResize(root, root, (width) => {
    root.w2vWidth = width;
    root.w2vFrame = null;
    hoverLoss(root, null);
    if (root.w2vChart) drawLoss(root, root.w2vChart);
  });
}

export default function (component) {
  const data = viewData(component);
  const [root, teardown] = mount(component, "w2v-loss", buildLoss);
  setText(root.querySelector(".log span"), data.log_label);
  setText(root.querySelector(".caption"), data.caption);
  drawLoss(root, data);
  return teardown;
}
