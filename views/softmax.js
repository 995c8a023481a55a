// The softmax of one step, a probe word or the notes' sandbox (views/softmax.py's
// message; the sandbox's 3 bars in a capped width, softmax.css): three SVG
// panels over the same words, sorted by probability — the logits z (a dashed line at
// max z), e^(z − max z) (at most 1: the largest logit gives e^0), and the probabilities
// ŷ — with the target(s) in orange; under negative sampling, a table of the K+1 sigmoid
// units the step trains beside it (above it on a narrow screen), and the softmax is the
// one the same vectors imply. Axis ranges change only when the data leaves them;
// every column shows its numbers on hover or keyboard focus; labels never overlap
// (thinned by collision, the targets' always kept).

const MARGIN = { l: 54, r: 10 };
const PANEL_HS = [54, 54, 88], TITLE_H = 19, PANEL_GAP = 6;   // z, e^(z − max z), ŷ
const LABEL_FONT = 13, LABEL_CHARS = 14;
const PCT_TOP = 5;      // the most probable words that carry their percentage
const WIDE = 860;       // px: negative sampling's units beside the softmax from this width
const NARROW = 560;     // px: below, the units table drops its loss-term column (in the tip)

const SOFTMAX = `
<h3 class="heading"></h3>
<p class="note small"></p>
<div class="body">
  <section class="units-box" hidden>
    <p class="units-title"><strong class="units-name"></strong> <span class="sigma-def small"></span></p>
    <div class="units-scroll"><table class="units"><thead><tr><th scope="col"></th><th scope="col"></th><th scope="col"></th><th scope="col"></th><th scope="col"></th><th scope="col"></th></tr></thead><tbody></tbody></table></div>
    <p class="units-loss"><strong></strong></p>
    <p class="small units-note"></p>
  </section>
  <div class="sm-box">
    <p class="implied small"></p>
    <p class="facts"><strong class="sm-title"></strong><span class="max"></span><span class="sum"></span><strong class="loss"></strong></p>
    <svg class="chart" xmlns="${SVG_NS}" role="img"><g class="frame"></g><g class="cols"></g><g class="leaders"></g><g class="labels"></g></svg>
    <p class="legend small"><span class="key"><i class="sw target"></i><span class="t-target"></span></span><span class="key"><i class="sw other"></i><span class="t-other"></span></span><span class="shown"></span></p>
  </div>
</div>`;

function build(root) {
  root.innerHTML = SOFTMAX;
  root.w2vRanges = {};
  enableTips(root);
  // Widths come from the resize observers, so that a Step reads no layout (reading a
  // width after the writes of a Step would lay the whole page out again).
  onResize(root, root, (width) => {
    root.w2vRootWidth = width;
    root.classList.toggle("wide", width >= WIDE);
    root.classList.toggle("narrow", width < NARROW);
  });
  onResize(root, root.querySelector(".sm-box"), (width) => {
    root.w2vBoxWidth = width;
    if (root.w2vData) drawChart(root, root.w2vData);
  });
}

// ----- the three panels -------------------------------------------------------------
function panelTops() {
  let y = 0;
  return PANEL_HS.map((h) => { const top = y + TITLE_H; y = top + h + PANEL_GAP; return top; });
}

function ranges(root, data, headroom) {
  const r = root.w2vRanges;
  let zlo = 0, zhi = 0, pmax = 0;
  for (const b of data.bars) { zlo = Math.min(zlo, b.z); zhi = Math.max(zhi, b.z); pmax = Math.max(pmax, b.p); }
  r.z = stableRange(r.z, zlo, zhi, 0.08);
  if (r.z[0] > 0) r.z[0] = 0;
  if (r.z[1] < 0) r.z[1] = 0;
  // room above the tallest bar for its percentage (written upwards on narrow columns)
  const top = Math.max(pmax, 1e-9) * PANEL_HS[2] / (PANEL_HS[2] - headroom);
  r.p = stickyRange(r.p && [r.p], [[0, top]], () => {   // a round top, on a tick
    const ticks = niceTicks(0, top, 3);
    const step = ticks.length > 1 ? ticks[1] - ticks[0] : top;
    return [[0, Math.ceil(top / step - 1e-9) * step]];
  }, 0.5)[0];
  return [r.z, [0, 1], r.p];
}

function frameSvg(data, width, rs, tops) {
  const titles = [data.text.z, data.text.exp, data.text.p];
  const right = width - MARGIN.r;
  let out = "";
  rs.forEach(([lo, hi], i) => {
    const top = tops[i], ph = PANEL_HS[i];
    const y = (v) => top + ph - ((v - lo) / (hi - lo || 1)) * ph;
    out += `<text class="ptitle" x="${MARGIN.l}" y="${top - 5}">${esc(titles[i])}</text>`;
    const ticks = i === 1 ? [0, 0.5, 1] : niceTicks(lo, hi, 3).filter((v, k, all) => all.length <= 3 || k % 2 === 0);
    for (const v of ticks) {
      const yy = y(v).toFixed(1);
      out += `<line class="grid" x1="${MARGIN.l}" x2="${right}" y1="${yy}" y2="${yy}"/>` +
        `<text class="tick" x="${MARGIN.l - 5}" y="${yy}" dy="0.35em" text-anchor="end">${esc(i === 2 ? percent(v) : fmt(v, 3))}</text>`;
    }
    if (lo < 0) {
      const y0 = y(0).toFixed(1);
      out += `<line class="zero" x1="${MARGIN.l}" x2="${right}" y1="${y0}" y2="${y0}"/>`;
    }
  });
  return out;
}

function colNode() {
  const g = el("svg:g", "col");
  g.setAttribute("tabindex", "0");
  g.append(el("svg:rect", "hit"), el("svg:rect", "bar z"), el("svg:rect", "bar exp"), el("svg:rect", "bar p"), el("svg:text", "pct"));
  return g;
}

function setRect(rect, x, w, y0, y1) {
  setAttr(rect, "x", x.toFixed(1));
  setAttr(rect, "width", Math.max(w, 0.5).toFixed(1));
  setAttr(rect, "y", Math.min(y0, y1).toFixed(1));
  setAttr(rect, "height", Math.max(Math.abs(y1 - y0), 0.5).toFixed(1));
}

function tipOf(b, t) {
  const role = b.y ? ` (${t.target}${b.y > 1 ? ` ×${b.y}` : ""})` : "";
  return `${b.word}${role}\nz = ${fmt(b.z)} · z − max z = ${fmt(b.shifted)}\n` +
    `e^(z − max z) = ${fmt(b.exp)} · ŷ = ${fmt(b.p)} (${percent(b.p)})`;
}

// Labels below the chart: level when every one fits its column (a few words, as in the
// sandbox), else rotated and thinned so that none overlaps another (targets first).
function placeWordLabels(root, data, xs, colw, base) {
  const group = root.querySelector(".labels");
  const nodes = ensureChildren(group, data.bars.length, () => el("svg:text"));
  if (!root.w2vLineH && nodes.length) {   // a label's box height: closer labels overlap
    const probe = nodes[0], old = probe.textContent;
    if (!probe.getAttribute("class")) probe.setAttribute("class", "label");
    probe.textContent = "Ägy";
    root.w2vLineH = probe.getBBox().height || LABEL_FONT * 1.3;
    probe.textContent = old;
    probe.w2vText = old;
  }
  const lineH = root.w2vLineH || LABEL_FONT * 1.3;
  const widths = data.bars.map((b) => textWidth(root, shorten(b.word, LABEL_CHARS), `${b.y > 0 ? 700 : 400} ${LABEL_FONT}px`));
  const flat = Math.max(0, ...widths) + 8 <= colw;
  const vertical = !flat && colw < lineH * Math.SQRT2 + 1;
  const angle = flat ? 0 : vertical ? -90 : -45;
  const footprint = flat ? colw - 1 : vertical ? lineH : lineH * Math.SQRT2;
  const spots = thinLabels(data.bars.map((b, i) => ({ pos: xs[i], strong: b.y > 0 })), footprint,
    MARGIN.l, MARGIN.l + (xs.length ? xs[xs.length - 1] - xs[0] : 0) + colw);
  const lines = [];
  let tallest = 0;
  data.bars.forEach((b, i) => {
    const node = nodes[i];
    setText(node, shorten(b.word, LABEL_CHARS));
    setAttr(node, "class", `label${b.y ? " target" : ""}${flat ? " flat" : ""}`);
    const { show, at } = spots[i];
    const x = at.toFixed(1), y = base + (flat ? 4 + lineH / 2 : 10);
    if (show && Math.abs(at - xs[i]) > 0.5) lines.push([xs[i], base + 1, at, base + 8]);
    setAttr(node, "x", x);
    setAttr(node, "y", y);
    setAttr(node, "transform", `rotate(${angle} ${x} ${y})`);
    setAttr(node, "visibility", show ? "visible" : "hidden");
    setAttr(node, "data-word", b.word);
    const w = widths[i];
    tallest = Math.max(tallest, flat ? lineH - 8 : vertical ? w : w * Math.SQRT1_2 + LABEL_FONT * 0.7);
  });
  const leaderNodes = ensureChildren(root.querySelector(".leaders"), lines.length, () => el("svg:line"));
  lines.forEach(([x1, y1, x2, y2], i) => {
    setAttr(leaderNodes[i], "x1", x1.toFixed(1)); setAttr(leaderNodes[i], "y1", y1);
    setAttr(leaderNodes[i], "x2", x2.toFixed(1)); setAttr(leaderNodes[i], "y2", y2);
  });
  return tallest + 16;
}

function drawChart(root, data) {
  root.w2vData = data;
  const svg = root.querySelector("svg.chart");
  if (root.w2vBoxWidth === undefined) root.w2vBoxWidth = root.querySelector(".sm-box").clientWidth;
  const width = Math.max(root.w2vBoxWidth, 240);
  const tops = panelTops();
  const n = data.bars.length;
  const colw = (width - MARGIN.l - MARGIN.r) / Math.max(n, 1);
  const verticalPct = colw < 34;
  const rs = ranges(root, data, verticalPct ? 36 : 16);
  const barw = Math.max(colw * 0.76, 1);
  const xs = data.bars.map((_, i) => MARGIN.l + (i + 0.5) * colw);
  const base = tops[2] + PANEL_HS[2];
  const frame = frameSvg(data, width, rs, tops);
  const fg = svg.querySelector(".frame");
  if (fg.w2vKey !== frame) { fg.w2vKey = frame; fg.innerHTML = frame; }

  const ys = rs.map(([lo, hi], i) => (v) => tops[i] + PANEL_HS[i] - ((Math.min(Math.max(v, lo), hi) - lo) / (hi - lo || 1)) * PANEL_HS[i]);
  const cols = ensureChildren(svg.querySelector(".cols"), n, colNode);
  const pctRank = new Set(data.bars.map((b, i) => [b.p, i]).sort((a, b) => b[0] - a[0]).slice(0, PCT_TOP).map((x) => x[1]));
  // percentages on the targets and the most probable, none closer than a line's height
  const pctKept = [], pctShow = new Set();
  for (const i of [...data.bars.keys()].sort((a, b) => (data.bars[b].y > 0) - (data.bars[a].y > 0) || a - b)) {
    if (!(data.bars[i].y > 0 || pctRank.has(i))) continue;
    if (pctKept.some((x) => Math.abs(x - xs[i]) < (verticalPct ? 16 : 34))) continue;
    pctKept.push(xs[i]);
    pctShow.add(i);
  }
  data.bars.forEach((b, i) => {
    const g = cols[i], x = xs[i] - barw / 2;
    const [hit, rz, re, rp, pct] = g.children;
    setAttr(g, "class", b.y ? "col target" : "col");
    setRect(hit, xs[i] - colw / 2, colw, tops[0] - TITLE_H + 4, base);
    setRect(rz, x, barw, ys[0](0), ys[0](b.z));
    setRect(re, x, barw, ys[1](0), ys[1](b.exp));
    setRect(rp, x, barw, ys[2](0), ys[2](b.p));
    const labelled = pctShow.has(i);
    setText(pct, labelled ? percent(b.p) : "");
    const px = xs[i].toFixed(1), py = (ys[2](b.p) - 3).toFixed(1);
    setAttr(pct, "x", px);
    setAttr(pct, "y", py);
    setAttr(pct, "transform", verticalPct ? `rotate(-90 ${px} ${py})` : "");
    setAttr(pct, "text-anchor", verticalPct ? "start" : "middle");
    for (const [k, v] of [["word", b.word], ["id", b.id], ["z", b.z], ["shifted", b.shifted], ["exp", b.exp], ["p", b.p], ["y", b.y]]) {
      setAttr(g, `data-${k}`, v);
    }
    const tip = tipOf(b, data.text);
    setAttr(g, "data-tip", tip);
    setAttr(g, "role", "img");          // a labelled bar (aria-label needs a role on <g>)
    setAttr(g, "aria-label", tip.replace(/\n/g, "; "));
  });

  // The max-z line across the z panel, labelled at its right end.
  let maxLine = svg.querySelector(".maxline");
  if (!maxLine) {
    maxLine = el("svg:g", "maxline");
    maxLine.append(el("svg:line"), el("svg:text"));
    svg.appendChild(maxLine);
  }
  const my = ys[0](data.max_z).toFixed(1);
  const [line, label] = maxLine.children;
  setAttr(line, "x1", MARGIN.l); setAttr(line, "x2", width - MARGIN.r);
  setAttr(line, "y1", my); setAttr(line, "y2", my);
  setText(label, data.text.max_line);
  setAttr(label, "x", width - MARGIN.r);
  setAttr(label, "y", tops[0] - 5);
  setAttr(label, "text-anchor", "end");

  const labelsH = placeWordLabels(root, data, xs, colw, base);
  const height = Math.ceil(base + labelsH);
  setAttr(svg, "viewBox", `0 0 ${width} ${height}`);
  setAttr(svg, "width", width);
  setAttr(svg, "height", height);
  setAttr(svg, "aria-label", data.summary);
}

// ----- negative sampling: the K+1 units ---------------------------------------------
const UNIT_ROW = () => {
  const row = el("tr");
  row.tabIndex = 0;
  row.append(el("th"), el("td", "num z"), el("td", "s"), el("td", "num y"), el("td", "num e"), el("td", "num term"));
  row.firstChild.setAttribute("scope", "row");
  const track = el("span", "track");
  track.append(el("span", "bar"));
  row.children[2].append(el("span", "num"), track);
  return row;
};

function drawUnits(root, data) {
  const box = root.querySelector(".units-box");
  box.hidden = !data.units;
  if (!data.units) return;
  const t = data.text;
  setText(box.querySelector(".units-name"), t.units_title);
  setText(box.querySelector(".sigma-def"), t.units_def);
  const head = box.querySelector("thead tr");
  [t.word, "z", t.sigma, "y", "e", t.term].forEach((s, i) => setText(head.children[i], s));
  const rows = ensureChildren(box.querySelector("tbody"), data.units.length, UNIT_ROW);
  data.units.forEach((u, i) => {
    const row = rows[i];
    const first = i > 0 && u.group !== data.units[i - 1].group;
    setAttr(row, "class", `${u.role}${first ? " group-start" : ""}`);
    for (const [k, v] of [["word", u.word], ["id", u.id], ["z", u.z], ["s", u.s], ["y", u.y], ["e", u.e], ["term", u.term]]) {
      setAttr(row, `data-${k}`, v);
    }
    const role = u.role === "target" ? t.target : t.negative;
    setText(row.children[0], u.word);
    setText(row.children[1], fmt(u.z, 3));
    setText(row.children[2].firstChild, fmt(u.s, 3));
    const bar = row.children[2].lastChild.firstChild;
    const style = `width:${(100 * Math.min(Math.max(u.s, 0), 1)).toFixed(1)}%`;
    if (bar.w2vStyle !== style) { bar.w2vStyle = style; bar.style.cssText = style; }
    setText(row.children[3], String(u.y));
    setText(row.children[4], fmt(u.e, 3));
    setText(row.children[5], fmt(u.term, 3));
    const tip = `${u.word} (${role}): z = ${fmt(u.z)}, σ(z) = ${fmt(u.s)}, y = ${u.y}, e = σ(z) − y = ${fmt(u.e)}, ${t.term} = ${fmt(u.term)}`;
    setAttr(row, "data-tip", tip);
    setAttr(row, "aria-label", tip);
  });
  setText(box.querySelector(".units-note"), data.units_note);
  const loss = box.querySelector(".units-loss strong");
  setText(loss, data.loss_text);
  setAttr(loss, "data-value", data.loss ?? "");
}

export default function (component) {
  const data = viewData(component);
  const [root, teardown] = mount(component, "w2v-softmax", build);
  const $ = (sel) => root.querySelector(sel);
  const t = data.text;
  setAttr(root, "data-kind", data.kind);
  setAttr(root, "data-objective", data.objective);
  setText($(".heading"), data.heading);
  setText($(".note"), data.note);
  drawUnits(root, data);
  setText($(".sm-title"), data.units ? t.softmax_title : "");
  setText($(".implied"), data.implied);
  setText($(".facts .max"), `${t.max_line} = ${fmt(data.max_z)} (${data.max_word})`);
  setText($(".facts .sum"), `${t.sum} = ${fmt(data.sum_exp)}`);
  const loss = $(".facts .loss");
  setText(loss, data.units ? "" : data.loss_text);
  setAttr(loss, "data-value", data.units ? "" : data.loss ?? "");
  if (root.w2vRootWidth === undefined) {
    root.w2vRootWidth = root.clientWidth;
    root.classList.toggle("wide", root.w2vRootWidth >= WIDE);
    root.classList.toggle("narrow", root.w2vRootWidth < NARROW);
  }
  setText($(".t-target"), t.target);
  setText($(".t-other"), t.other);
  $(".legend .key").hidden = data.kind === "probe";
  setText($(".legend .shown"), data.shown);
  drawChart(root, data);
  return teardown;
}
