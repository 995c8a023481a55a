// This step's gradients beside the weights (views/gradients.py's message), on canvas:
// dW1 and W1 (a row per word, a column per dimension) on the left, dW2 = h eᵀ and W2 (a
// row per dimension, a column per word) on the right; side by side on a wide screen,
// stacked on a narrow one. This step's W1 rows are framed orange; W2's target column(s)
// orange, the negatives blue and dashed. Colour ranges come from the server (they only
// grow); dW2 under the full softmax uses a symmetric log scale (each legend tick ÷10).
// Labels never overlap: thinned by collision, this step's words always kept. Hover, or
// focus a heatmap and use the arrow keys, to read a cell's word, dimension and value.

const LABEL_W = 96, DIM_W = 24, GAP = 10, BLOCK_GAP = 28, HEAD_H = 36, FONT = 11.5;
const MAX_LEFT_H = 440;   // px of word rows at most (40 words: 11 px each)
const MAX_CELL = 30, WORD_LABEL_CHARS = 14;

const GRADIENTS = `
<p class="small"><span class="caption"></span> <span class="labelled"></span></p>
<div class="blocks">
  <div class="block left"></div>
  <div class="block right"></div>
</div>
<p class="keys small"><span class="key"><i class="fr row"></i><span data-t="key_row"></span></span><span class="key"><i class="fr target"></i><span data-t="key_target"></span></span><span class="key neg"><i class="fr negative"></i><span data-t="key_negative"></span></span><span class="when"></span></p>
<p class="check"><strong data-t="check"></strong> <span class="result"></span></p>
<div class="sr-only" aria-live="polite"></div>`;

// ----- colour -------------------------------------------------------------------------
function scaled(v, zmax, log) {
  if (!(zmax > 0)) return 0;
  if (!log) return v / zmax;
  const tau = zmax / 1000;
  return Math.sign(v) * Math.log10(1 + Math.abs(v) / tau) / Math.log10(1 + zmax / tau);
}

// A matrix on lib.js's heatmap painter, in the diverging colours of its range.
function paint(canvas, spec, zmax, log) {
  paintHeatmap(canvas, spec, (r, c) => divergingRgb(scaled(spec.value(r, c), zmax, log)));
}

function leaders(group, lines) {
  const nodes = ensureChildren(group, lines.length, () => el("svg:line"));
  lines.forEach(([x1, y1, x2, y2], i) => {
    setAttr(nodes[i], "x1", x1.toFixed(1)); setAttr(nodes[i], "y1", y1.toFixed(1));
    setAttr(nodes[i], "x2", x2.toFixed(1)); setAttr(nodes[i], "y2", y2.toFixed(1));
  });
}

function textNodes(group, n) {
  return [...ensureChildren(group, n, () => el("svg:text"))];
}

// The height of a label's box (its font's ascent + descent): labels closer than this
// would overlap.
function lineHeight(root) {
  if (!root.w2vLineH) {
    root.w2vProbe.textContent = "Ägy";
    root.w2vLineH = root.w2vProbe.getBBox().height || FONT * 1.3;
  }
  return root.w2vLineH;
}

// ----- layout -------------------------------------------------------------------------
function layout(width, n, d) {
  const wide = width >= 760;
  let c1, c2;
  if (wide) {
    // One cell width for both blocks when it leaves the word columns room for a label
    // each; else the words' block takes up to 55% of the width and W1's the rest.
    const c = (width - LABEL_W - 4 - GAP - BLOCK_GAP - DIM_W - 4) / (2 * d + n);
    c2 = Math.min(Math.max(c, Math.min(FONT + 1, (0.55 * width - DIM_W - 4) / n)), MAX_CELL);
    c1 = Math.min((width - BLOCK_GAP - (DIM_W + 4 + n * c2) - LABEL_W - 4 - GAP) / (2 * d), MAX_CELL);
  } else {
    c1 = Math.min((width - LABEL_W - 4 - GAP) / (2 * d), MAX_CELL);
    c2 = Math.min((width - DIM_W - 4) / n, MAX_CELL);
  }
  const rh = Math.max(11, Math.min(c1, 18, MAX_LEFT_H / n));   // a row per word
  const rh2 = Math.max(3, Math.min(c2, 16, 190 / d));          // a row per dimension
  return { wide, c1, c2, rh, rh2 };
}

function header(block, name, x, y, w, title, zmax, log, text) {
  let head = block.querySelector(`.head[data-name="${name}"]`);
  if (!head) {
    head = el("div", "head");
    head.setAttribute("data-name", name);
    head.append(el("div", "title"), el("div", "scale"));
    head.lastChild.append(el("span", "lo"), el("i", "bar"), el("span", "hi"), el("span", "kind"));
    block.appendChild(head);
  }
  const style = `left:${x}px;top:${y}px;width:${Math.max(w, 90)}px`;
  if (head.w2vStyle !== style) { head.w2vStyle = style; head.style.cssText = style; }
  setText(head.querySelector(".title"), title);
  setText(head.querySelector(".lo"), fmt(-zmax, 2));
  setText(head.querySelector(".hi"), fmt(zmax, 2));
  const bar = head.querySelector(".bar");
  setAttr(bar, "class", log ? "bar log" : "bar");
  setText(head.querySelector(".kind"), log ? text.log_scale : "");
  setAttr(head.querySelector(".scale"), "data-tip", `${title}: ${log ? text.log_scale : text.linear_scale} ±${fmt(zmax, 3)}`);
}

function canvasFor(block, name, summary) {
  let canvas = block.querySelector(`canvas[data-name="${name}"]`);
  if (!canvas) {
    canvas = el("canvas");
    canvas.setAttribute("data-name", name);
    canvas.setAttribute("tabindex", "0");
    canvas.setAttribute("role", "img");
    block.insertBefore(canvas, block.firstChild);
  }
  setAttr(canvas, "aria-label", summary);
  return canvas;
}

function overlay(block) {
  let svg = block.querySelector("svg.overlay");
  if (!svg) {
    svg = el("svg:svg", "overlay");
    svg.append(el("svg:g", "labels rows"), el("svg:g", "labels dims1"), el("svg:g", "labels dims2"), el("svg:g", "labels cols"), el("svg:g", "leaders"), el("svg:g", "frames"), el("svg:rect", "cursor"));
    block.appendChild(svg);
  }
  return svg;
}

// ----- the whole view -------------------------------------------------------------------
// Where each heatmap sits in its block, its cell size and its values (dW2 = h eᵀ).
function specs(data, L) {
  const n = data.words.length, d = data.d;
  const dense = new Map(data.rows.map((r, a) => [r, data.dW1[a]]));
  const left = { w: LABEL_W + 4 + 2 * d * L.c1 + GAP };
  const xA = LABEL_W + 4, xB = xA + d * L.c1 + GAP;
  const s = {
    dW1: { name: "dW1", rows: n, cols: d, cw: L.c1, ch: L.rh, x: xA, y: HEAD_H, value: (r, c) => (dense.has(r) ? dense.get(r)[c] : 0) },
    W1: { name: "W1", rows: n, cols: d, cw: L.c1, ch: L.rh, x: xB, y: HEAD_H, value: (r, c) => data.W1[r][c] },
  };
  left.h = HEAD_H + n * L.rh;
  const xC = DIM_W + 4;
  s.dW2 = { name: "dW2", rows: d, cols: n, cw: L.c2, ch: L.rh2, x: xC, y: HEAD_H, value: (r, c) => data.h[r] * data.e[c] };
  s.W2 = { name: "W2", rows: d, cols: n, cw: L.c2, ch: L.rh2, x: xC, y: 0, value: (r, c) => data.W2[r][c] };
  return { s, left, xC };
}

function draw(root, data) {
  root.w2vData = data;
  const t = data.text;
  if (root.w2vWidth === undefined) root.w2vWidth = root.clientWidth;   // then the observer's
  const width = Math.max(root.w2vWidth, 260);
  const n = data.words.length, d = data.d;
  const L = layout(width, n, d);
  const { s, left, xC } = specs(data, L);
  const leftBlock = root.querySelector(".block.left"), rightBlock = root.querySelector(".block.right");
  const blocks = root.querySelector(".blocks");
  setAttr(blocks, "class", L.wide ? "blocks wide" : "blocks");

  // Left: word labels, dW1, W1.
  const ov1 = overlay(leftBlock);
  const rowItems = data.words.map((w, i) => ({ pos: HEAD_H + (i + 0.5) * L.rh, text: shorten(w.word, WORD_LABEL_CHARS), strong: data.rows.includes(i) }));
  const lineH = lineHeight(root);
  const rowShow = thinLabels(rowItems, lineH, HEAD_H + lineH / 2);
  const rowNodes = textNodes(ov1.querySelector(".rows"), n);
  const rowLeaders = [];
  rowItems.forEach((it, i) => {
    const node = rowNodes[i], { show, at } = rowShow[i];
    setText(node, it.text);
    setAttr(node, "x", LABEL_W - (at !== it.pos ? 8 : 0));
    setAttr(node, "y", at.toFixed(1));
    setAttr(node, "class", it.strong ? "row strong" : "row");
    setAttr(node, "visibility", show ? "visible" : "hidden");
    setAttr(node, "data-word", data.words[i].word);
    if (show && Math.abs(at - it.pos) > 0.5) rowLeaders.push([LABEL_W - 6, at, LABEL_W + 3, it.pos]);
  });
  leaders(ov1.querySelector(".leaders"), rowLeaders);
  for (const name of ["dW1", "W1"]) {
    const sp = s[name];
    header(leftBlock, name, sp.x, 0, sp.cols * sp.cw, t[`title_${name}`], data.zmax[name], data.log[name], t);
    paint(canvasFor(leftBlock, name, data.summary[name]), sp, data.zmax[name], data.log[name]);
  }
  const frames1 = [];
  for (const r of data.rows) {
    for (const name of ["dW1", "W1"]) {
      const sp = s[name];
      frames1.push(["row", sp.x - 1, sp.y + r * sp.ch - 1, sp.cols * sp.cw + 1, sp.ch + 1]);
    }
  }
  setFrames(ov1, frames1);
  setBox(leftBlock, ov1, left.w, left.h);

  // Right: dW2, the word labels, W2 (dimension labels beside both).
  const slanted = L.c2 >= lineH * Math.SQRT2 + 1;
  const room = slanted ? lineH * Math.SQRT2 : lineH;
  // Every marked word keeps its label, unless so many negatives (K near 40) would not fit
  // side by side: then only the target's are kept and the negatives' thinned like others.
  const marked = data.words.filter((w) => w.role).length;
  const keep = marked * room <= n * L.c2 ? (w) => w.role !== "" : (w) => w.role === "target";
  const colItems = data.words.map((w, i) => ({ pos: xC + (i + 0.5) * L.c2, text: shorten(w.word, WORD_LABEL_CHARS), strong: keep(w) }));
  const colShow = thinLabels(colItems, room, lineH / 2, xC + n * L.c2 + lineH);
  let tallest = 0;
  for (const [i, it] of colItems.entries()) {
    if (!colShow[i].show) continue;
    const w = textWidth(root, it.text, `${it.strong ? 700 : 400} ${FONT}px`);
    tallest = Math.max(tallest, slanted ? w * Math.SQRT1_2 + FONT : w);
  }
  const top2 = HEAD_H + d * L.rh2;
  const labelsH = Math.ceil(tallest + 12);
  s.W2.y = top2 + labelsH + HEAD_H;
  const colNodes = textNodes(overlay(rightBlock).querySelector(".cols"), n);
  const colLeaders = [];
  colItems.forEach((it, i) => {
    const { show, at } = colShow[i];
    const node = colNodes[i], x = at.toFixed(1), y = (top2 + 9).toFixed(1);
    if (show && Math.abs(at - it.pos) > 0.5) colLeaders.push([it.pos, top2 + 1, at, top2 + 7]);
    setText(node, it.text);
    setAttr(node, "x", x);
    setAttr(node, "y", y);
    setAttr(node, "transform", `rotate(${slanted ? -45 : -90} ${x} ${y})`);
    setAttr(node, "class", `col ${data.words[i].role || "plain"} ${slanted ? "slanted" : "vertical"}`);
    setAttr(node, "visibility", show ? "visible" : "hidden");
    setAttr(node, "data-word", data.words[i].word);
  });
  const ov2 = overlay(rightBlock);
  leaders(ov2.querySelector(".leaders"), colLeaders);
  for (const [name, group] of [["dW2", ".dims1"], ["W2", ".dims2"]]) {
    const sp = s[name];
    header(rightBlock, name, sp.x, sp.y - HEAD_H, sp.cols * sp.cw, t[`title_${name}`], data.zmax[name], data.log[name], t);
    paint(canvasFor(rightBlock, name, data.summary[name]), sp, data.zmax[name], data.log[name]);
    const items = Array.from({ length: d }, (_, r) => ({ pos: sp.y + (r + 0.5) * sp.ch, text: String(r), strong: false }));
    const show = thinLabels(items, lineH);
    textNodes(ov2.querySelector(group), d).forEach((node, r) => {
      setText(node, items[r].text);
      setAttr(node, "x", DIM_W);
      setAttr(node, "y", items[r].pos.toFixed(1));
      setAttr(node, "class", "dim");
      setAttr(node, "visibility", show[r].show ? "visible" : "hidden");
    });
  }
  // Which words carry a label, said in words: the others are there, unlabelled.
  const count = (shown) => shown.filter((x) => x.show).length;
  setText(root.querySelector(".labelled"), t.labelled.replace("{rows}", count(rowShow))
    .replace("{cols}", count(colShow)).replaceAll("{n}", n));
  const frames2 = [];
  data.words.forEach((w, i) => {
    if (!w.role) return;
    for (const name of ["dW2", "W2"]) {
      const sp = s[name];
      frames2.push([w.role, sp.x + i * sp.cw - 1, sp.y - 1, sp.cw + 1, sp.rows * sp.ch + 1]);
    }
  });
  setFrames(ov2, frames2);
  setBox(rightBlock, ov2, xC + n * L.c2 + 2, s.W2.y + d * L.rh2 + 2);
  root.w2vSpecs = { dW1: [leftBlock, s.dW1], W1: [leftBlock, s.W1], dW2: [rightBlock, s.dW2], W2: [rightBlock, s.W2] };
  if (root.w2vCursor) showCell(root, root.w2vCursor.name, root.w2vCursor.r, root.w2vCursor.c, root.w2vCursor.keyboard);
}

function setBox(block, svg, w, h) {
  const style = `width:${Math.ceil(w)}px;height:${Math.ceil(h)}px`;
  if (block.w2vStyle !== style) { block.w2vStyle = style; block.style.cssText = style; }
  setAttr(svg, "width", Math.ceil(w));
  setAttr(svg, "height", Math.ceil(h));
  setAttr(svg, "viewBox", `0 0 ${Math.ceil(w)} ${Math.ceil(h)}`);
}

function setFrames(svg, frames) {
  const nodes = ensureChildren(svg.querySelector(".frames"), frames.length, () => el("svg:rect"));
  frames.forEach(([kind, x, y, w, h], i) => {
    setAttr(nodes[i], "class", `frame ${kind}`);
    setAttr(nodes[i], "x", x.toFixed(1));
    setAttr(nodes[i], "y", y.toFixed(1));
    setAttr(nodes[i], "width", w.toFixed(1));
    setAttr(nodes[i], "height", h.toFixed(1));
  });
}

// ----- reading a cell: hover, or the arrow keys on a focused heatmap ------------------
function cellText(data, name, r, c) {
  const t = data.text;
  if (name === "dW1" || name === "W1") {
    const w = data.words[r];
    const a = data.rows.indexOf(r);
    const v = name === "W1" ? data.W1[r][c] : (a >= 0 ? data.dW1[a][c] : 0);
    return `${name} · ${w.word} (${t.row_of} ${w.id}) · ${t.dim} ${c}\n${t.value}: ${fmt(v)}`;
  }
  const w = data.words[c];
  const role = w.role ? ` · ${t[`key_${w.role}`]}` : "";
  if (name === "dW2") {
    const v = data.h[r] * data.e[c];
    return `dW2 · ${w.word} (${t.col_of} ${w.id})${role} · ${t.dim} ${r}\n` +
      `h[${r}] · e = ${fmt(data.h[r], 3)} × ${fmt(data.e[c], 3)} = ${fmt(v)}`;
  }
  return `W2 · ${w.word} (${t.col_of} ${w.id})${role} · ${t.dim} ${r}\n${t.value}: ${fmt(data.W2[r][c])}`;
}

function showCell(root, name, r, c, keyboard) {
  const cursorOwner = root.w2vCursorRect;
  if (cursorOwner) cursorOwner.setAttribute("visibility", "hidden");
  if (name == null || !root.w2vSpecs) { placeTip(root, null); root.w2vCursor = null; return; }
  const [block, sp] = root.w2vSpecs[name];
  r = Math.max(0, Math.min(sp.rows - 1, r));
  c = Math.max(0, Math.min(sp.cols - 1, c));
  root.w2vCursor = { name, r, c, keyboard };
  const text = cellText(root.w2vData, name, r, c);
  const rect = block.querySelector("svg.overlay .cursor");
  root.w2vCursorRect = rect;
  setAttr(rect, "x", sp.x + c * sp.cw - 1);
  setAttr(rect, "y", sp.y + r * sp.ch - 1);
  setAttr(rect, "width", sp.cw + 1);
  setAttr(rect, "height", sp.ch + 1);
  rect.setAttribute("visibility", "visible");
  const box = root.getBoundingClientRect(), b = block.getBoundingClientRect();
  const cy = b.top - box.top + sp.y + r * sp.ch;
  const tip = placeTip(root, text, { left: b.left - box.left + sp.x + (c + 1) * sp.cw + 8, top: cy, bottom: cy + sp.ch });
  Object.assign(tip.dataset, { name, r, c });
  if (keyboard) setText(root.querySelector(".sr-only"), text.replace("\n", " · "));
}

function hookEvents(root) {
  root.addEventListener("mousemove", (e) => {
    const canvas = e.target instanceof HTMLCanvasElement ? e.target : null;
    if (!canvas || !root.w2vSpecs) { if (root.w2vCursor && !root.w2vCursor.keyboard) showCell(root, null); return; }
    const [, sp] = root.w2vSpecs[canvas.dataset.name];
    const b = canvas.getBoundingClientRect();
    showCell(root, canvas.dataset.name, Math.floor((e.clientY - b.top) / sp.ch), Math.floor((e.clientX - b.left) / sp.cw), false);
  });
  root.addEventListener("mouseleave", () => { if (root.w2vCursor && !root.w2vCursor.keyboard) showCell(root, null); });
  root.addEventListener("focusin", (e) => {
    if (!(e.target instanceof HTMLCanvasElement)) return;
    const name = e.target.dataset.name, data = root.w2vData;
    const word = data.words.findIndex((w) => w.role === "target");
    const start = name.endsWith("W1") ? [Math.max(data.rows[0] ?? 0, 0), 0] : [0, Math.max(word, 0)];
    showCell(root, name, start[0], start[1], true);
  });
  root.addEventListener("focusout", () => showCell(root, null));
  root.addEventListener("keydown", (e) => {
    const cur = root.w2vCursor;
    if (!cur || !(e.target instanceof HTMLCanvasElement)) return;
    const move = { ArrowUp: [-1, 0], ArrowDown: [1, 0], ArrowLeft: [0, -1], ArrowRight: [0, 1] }[e.key];
    if (!move) return;
    e.preventDefault();
    showCell(root, cur.name, cur.r + move[0], cur.c + move[1], true);
  });
}

function build(root) {
  root.innerHTML = GRADIENTS;
  tipElement(root, "grad-tip");
  const probeSvg = el("svg:svg", "measure");
  probeSvg.setAttribute("aria-hidden", "true");
  root.w2vProbe = el("svg:text", "col");
  probeSvg.appendChild(root.w2vProbe);
  root.appendChild(probeSvg);
  enableTips(root);
  hookEvents(root);
  onResize(root, root, (width) => {
    root.w2vWidth = width;
    if (root.w2vData) draw(root, root.w2vData);
  });
}

export default function (component) {
  const data = viewData(component);
  const [root, teardown] = mount(component, "w2v-gradients", build);
  const t = data.text;
  setAttr(root, "data-objective", data.objective);
  for (const node of root.querySelectorAll("[data-t]")) setText(node, t[node.dataset.t]);
  setText(root.querySelector(".caption"), t.caption);
  root.querySelector(".keys .neg").hidden = data.objective !== "negative";
  setText(root.querySelector(".keys .when"), t.when);
  const check = root.querySelector(".check");
  check.hidden = !data.check.text;
  setText(check.querySelector(".result"), data.check.text);
  setAttr(check, "data-passed", data.check.passed);
  setAttr(check, "data-error", data.check.error ?? "");
  draw(root, data);
  return teardown;
}
