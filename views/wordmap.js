// The mini embedding map (views/wordmap.py's message): key words and this step's words
// in their current PCA plane. The axes keep their range until the words leave it (or
// gather in a quarter of it), and labels never overlap (placeLabels; each keeps its
// spot while it still fits). Every word is labelled; one that finds no free spot shows
// on hover.

const MAP_HEIGHT = 175;
const PAD = 10;

function buildMap(root) {
  root.innerHTML = `<div class="head"><span class="title"></span> <a class="link"></a></div>
    <svg xmlns="${SVG_NS}" height="${MAP_HEIGHT}" role="img"><g class="frame"></g><g class="pts"></g><g class="labels"></g></svg>
    <p class="note"></p>`;
  pageLink(root.querySelector("a.link"), "embeddings");
  enableTips(root);
  root.w2vOffsets = {};
  onResize(root, root, () => { if (root.w2vData) drawMap(root, root.w2vData); });
}

function drawMap(root, data) {
  root.w2vData = data;
  const svg = root.querySelector("svg");
  const width = Math.max(root.clientWidth, 160);
  setAttr(svg, "viewBox", `0 0 ${width} ${MAP_HEIGHT}`);
  setAttr(svg, "width", width);
  setAttr(svg, "aria-label", `${data.title}. ${data.summary}`);
  const pts = data.points;
  if (!pts.length) {
    svg.querySelector(".frame").innerHTML = `<text class="empty" x="${width / 2}" y="${MAP_HEIGHT / 2}" text-anchor="middle">${esc(data.empty || "")}</text>`;
    svg.querySelector(".pts").innerHTML = svg.querySelector(".labels").innerHTML = "";
    return;
  }
  // One square range for both axes (distances on screen are distances in the plane).
  const xs = pts.map((p) => p.x), ys = pts.map((p) => p.y);
  const r = root.w2vRange = stickyRange(root.w2vRange,
    [[Math.min(...xs), Math.max(...xs)], [Math.min(...ys), Math.max(...ys)]], ([[x0, x1], [y0, y1]]) => {
      const h = 1.25 * (Math.max(x1 - x0, y1 - y0) / 2 || 1), cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
      return [[cx - h, cx + h], [cy - h, cy + h]];
    }, 0.35);
  const range = { cx: (r[0][0] + r[0][1]) / 2, cy: (r[1][0] + r[1][1]) / 2, half: (r[0][1] - r[0][0]) / 2 };
  const inner = { x0: PAD, y0: PAD, x1: width - PAD, y1: MAP_HEIGHT - PAD };
  const scale = Math.min(inner.x1 - inner.x0, inner.y1 - inner.y0) / (2 * range.half);
  const ox = (inner.x0 + inner.x1) / 2, oy = (inner.y0 + inner.y1) / 2;
  const sx = (v) => ox + (v - range.cx) * scale, sy = (v) => oy - (v - range.cy) * scale;
  svg.querySelector(".frame").innerHTML =
    `<line class="axis" x1="${inner.x0}" x2="${inner.x1}" y1="${sy(0)}" y2="${sy(0)}"/>` +
    `<line class="axis" x1="${sx(0)}" x2="${sx(0)}" y1="${inner.y0}" y2="${inner.y1}"/>`;

  // Points, step words last (on top).
  const order = [...pts.keys()].sort((a, b) => (pts[a].role === "step") - (pts[b].role === "step"));
  const dots = ensureChildren(svg.querySelector(".pts"), pts.length, () => el("svg:circle"));
  order.forEach((i, n) => {
    const p = pts[i], dot = dots[n];
    setAttr(dot, "cx", sx(p.x).toFixed(1));
    setAttr(dot, "cy", sy(p.y).toFixed(1));
    setAttr(dot, "r", p.role === "step" ? 5 : 3.5);
    setAttr(dot, "class", p.role);
    setAttr(dot, "data-tip", `${p.word} (${fmt(p.x, 3)}, ${fmt(p.y, 3)})`);
  });

  // Labels: step words first, then key words; measured once per word and font.
  const group = svg.querySelector(".labels");
  const labels = labelGroups(group, pts.length);
  const priority = [...pts.keys()].sort((a, b) => (pts[b].role === "step") - (pts[a].role === "step"));
  const items = priority.map((i, n) => {
    const p = pts[i], text = labels[n].lastChild;
    setText(text, p.word);
    setAttr(text, "class", p.role);
    const size = text.w2vSize && text.w2vSize.word === p.word ? text.w2vSize : null;
    const b = size || text.getBBox();
    text.w2vSize = { word: p.word, width: b.width, height: b.height };
    return { x: sx(p.x), y: sy(p.y), w: b.width, h: b.height, prev: root.w2vOffsets[p.word] || null };
  });
  const spots = placeLabels(items, inner);
  priority.forEach((i, n) => drawPlacedLabel(labels[n], items[n], spots[n], root.w2vOffsets, pts[i].word, 12));
}

export default function (component) {
  const data = viewData(component);
  const [root, teardown] = mount(component, "w2v-map", buildMap);
  setText(root.querySelector(".title"), data.title);
  setText(root.querySelector("a.link"), `${data.link} →`);
  setText(root.querySelector(".note"), data.note);
  drawMap(root, data);
  return teardown;
}
