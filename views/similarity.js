// The cosine-similarity heatmap (views/similarity.py's message): cells on a canvas (one
// draw per Step, no DOM per cell), word labels in SVG around it. Every label is drawn and
// none overlaps: the top labels stand at 45° when a cell is wide enough for that, else
// upright (90°); only when a cell is narrower than the font are labels thinned (every
// k-th), the word then showing on hover. Hovering a cell, or moving with the arrow keys
// once the heatmap has focus, shows both words and their cosine.

const FONT = 12, LINE = 15, MAX_LABEL = 14;

// Black or white, whichever contrasts more with the cell: at least 4.58:1 on any colour.
function inkOn(rgb) {
  const [r, g, b] = rgb.match(/\d+/g).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  const L = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  return (L + 0.05) / 0.05 >= 1.05 / (L + 0.05) ? "#000" : "#fff";
}

function buildSim(root) {
  root.innerHTML = `<div class="head"><span class="title"></span></div>
    <div class="plot"><svg xmlns="${SVG_NS}" class="labels" aria-hidden="true"></svg><canvas tabindex="0" role="img"></canvas><div class="cursor" hidden></div></div>
    <div class="scale"><span>−1</span><i></i><span>0</span><i class="pos"></i><span>+1</span></div>
    <p class="caption"></p>`;
  enableTips(root);
  const canvas = root.querySelector("canvas");
  root.w2vCell = null;
  const showCell = (cell) => {
    root.w2vCell = cell;
    const cur = root.querySelector(".cursor"), L = root.w2vLayout, d = root.w2vData;
    if (!cell || !L || !d || cell[0] >= d.words.length || cell[1] >= d.words.length) {
      cur.hidden = true;
      placeTip(root, null);
      return;
    }
    const [i, j] = cell;
    cur.hidden = false;
    Object.assign(cur.style, { left: `${L.x0 + j * L.cell}px`, top: `${L.y0 + i * L.cell}px`,
      width: `${L.cell}px`, height: `${L.cell}px` });
    const top = L.y0 + i * L.cell;
    placeTip(root, d.cell.replace("{a}", d.words[i]).replace("{b}", d.words[j]).replace("{c}", cosine(d.cos[i][j])),
      { left: L.x0 + (j + 1) * L.cell + 6, top, bottom: top + L.cell });
  };
  root.w2vShowCell = showCell;
  canvas.addEventListener("mousemove", (e) => {
    const L = root.w2vLayout;
    if (!L) return;
    const r = canvas.getBoundingClientRect();
    const j = Math.floor((e.clientX - r.left) / L.cell), i = Math.floor((e.clientY - r.top) / L.cell);
    showCell(i >= 0 && j >= 0 && i < L.n && j < L.n ? [i, j] : null);
  });
  canvas.addEventListener("mouseleave", () => showCell(null));
  canvas.addEventListener("blur", () => showCell(null));
  canvas.addEventListener("focus", () => showCell(root.w2vCell || [0, 0]));
  canvas.addEventListener("keydown", (e) => {
    const L = root.w2vLayout, move = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] }[e.key];
    if (!L || !move) return;
    e.preventDefault();
    const [i, j] = root.w2vCell || [0, 0];
    showCell([Math.min(Math.max(i + move[0], 0), L.n - 1), Math.min(Math.max(j + move[1], 0), L.n - 1)]);
  });
  onResize(root, root, () => { root.w2vLayoutKey = null; if (root.w2vData) drawSim(root, root.w2vData); });
}

// Sizes from the words and the width: label column, cell size, label angle and thinning.
function layout(root, data) {
  const n = data.words.length;
  const svg = root.querySelector("svg");
  const probe = el("svg:text");
  probe.setAttribute("font-size", FONT);
  svg.appendChild(probe);
  const widths = data.words.map((w) => { probe.textContent = shorten(w, MAX_LABEL); return probe.getBBox().width; });
  probe.remove();
  const labelW = Math.min(Math.max(...widths, 10), 110) + 8;
  const width = Math.max(root.clientWidth, 200);
  const cell = Math.max(6, Math.min(34, Math.floor((width - labelW - 6) / Math.max(n, 1))));
  const every = cell >= LINE ? 1 : Math.ceil(LINE / cell);         // thinning, rows and columns
  const angle = cell >= 2 * LINE ? 45 : 90;
  const top = Math.min(Math.max(...widths, 10), 110) * Math.sin((angle * Math.PI) / 180) + 10;
  return { n, cell, every, angle, x0: labelW, y0: Math.ceil(top), widths };
}

function drawLabels(root, data, L) {
  const svg = root.querySelector("svg");
  const size = L.n * L.cell;
  setAttr(svg, "width", L.x0 + size + 4);
  setAttr(svg, "height", L.y0 + size + 2);
  const step = new Set(data.step);
  let out = "";
  data.words.forEach((w, k) => {
    if (k % L.every) return;
    const cls = step.has(k) ? "step" : "";
    const c = L.x0 + (k + 0.5) * L.cell, r = L.y0 + (k + 0.5) * L.cell;
    out += `<text class="row ${cls}" x="${L.x0 - 5}" y="${r.toFixed(1)}" text-anchor="end" dy="0.35em" data-tip="${esc(w)}">${esc(shorten(w, MAX_LABEL))}</text>`;
    out += `<text class="col ${cls}" transform="translate(${(c + 4).toFixed(1)} ${L.y0 - 4}) rotate(-${L.angle})" data-tip="${esc(w)}">${esc(shorten(w, MAX_LABEL))}</text>`;
  });
  svg.innerHTML = out;
}

function drawCells(root, data, L) {
  const size = L.n * L.cell;
  const ctx = paintHeatmap(root.querySelector("canvas"), { rows: L.n, cols: L.n, cw: L.cell, ch: L.cell, x: L.x0, y: L.y0 },
    (i, j) => divergingRgb(data.cos[i][j]), 10);
  if (L.cell >= 30) {         // values in the cells when they fit
    ctx.font = "11px sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    for (let i = 0; i < L.n; i++) {
      for (let j = 0; j < L.n; j++) {
        const v = data.cos[i][j];
        ctx.fillStyle = inkOn(diverging(v));
        ctx.fillText(v.toFixed(2), (j + 0.5) * L.cell, (i + 0.5) * L.cell);
      }
    }
  }
  ctx.strokeStyle = "#c25e00";          // this step's words: their row and column framed
  ctx.lineWidth = 2;
  for (const k of data.step) {
    ctx.strokeRect(1, k * L.cell + 1, size - 2, L.cell - 2);
    ctx.strokeRect(k * L.cell + 1, 1, L.cell - 2, size - 2);
  }
}

function drawSim(root, data) {
  root.w2vData = data;
  const canvas = root.querySelector("canvas");
  setAttr(canvas, "aria-label", `${data.title}. ${data.summary} ${data.keys_hint}`);
  const key = JSON.stringify([data.words, data.step, root.clientWidth]);
  if (root.w2vLayoutKey !== key) {
    root.w2vLayoutKey = key;
    root.w2vLayout = layout(root, data);
    drawLabels(root, data, root.w2vLayout);
    root.querySelector(".plot").style.height = `${root.w2vLayout.y0 + root.w2vLayout.n * root.w2vLayout.cell + 2}px`;
  }
  drawCells(root, data, root.w2vLayout);
  if (root.w2vCell && root.querySelector(".cursor").hidden === false) root.w2vShowCell(root.w2vCell);
}

export default function (component) {
  const data = viewData(component);
  const [root, teardown] = mount(component, "w2v-sim", buildSim);
  setText(root.querySelector(".title"), data.title);
  setText(root.querySelector(".caption"), data.caption);
  drawSim(root, data);
  return teardown;
}
