// One step's whole story (views/network.py's message): the sentence and its window, the
// pair, and the network the step runs through, left to right — the input word(s), their
// row of W1 (= h), the output units z -> ŷ against y -> e, and the gradients flowing
// back to W2's columns and W1's rows — with the sizes on the arrows. Every number shows
// on hover or keyboard focus; the exact values sit in data-* attributes.

function strip(container, values, name) {
  const cells = ensureChildren(container, values.length, () => el("i"));
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  values.forEach((v, i) => {
    const cell = cells[i];
    const colour = diverging(max ? v / max : 0);
    if (cell.style.background !== colour) cell.style.background = colour;
    setAttr(cell, "data-tip", `${name}[${i}] = ${fmt(v)}`);
  });
  container.style.setProperty("--n", values.length);
  let norm = 0;
  for (const v of values) norm += v * v;
  setAttr(container, "data-tip", `${name}: ${values.length} values, ‖${name}‖ = ${fmt(Math.sqrt(norm))}\n` +
    values.slice(0, 6).map((v) => fmt(v)).join(", ") + (values.length > 6 ? ", …" : ""));
  setAttr(container, "aria-label", container.getAttribute("data-tip"));
  return Math.sqrt(norm);
}

// A bar from the middle (signed values) or from the left (probabilities).
function setBar(cell, value, scale, signed) {
  const bar = cell.lastChild.firstChild, label = cell.firstChild;
  const frac = scale ? Math.min(Math.abs(value) / scale, 1) : 0;
  const left = signed ? (value < 0 ? 50 - 50 * frac : 50) : 0;
  const width = signed ? 50 * frac : 100 * frac;
  const style = `left:${left.toFixed(2)}%;width:${width.toFixed(2)}%`;
  if (bar.w2vStyle !== style) { bar.w2vStyle = style; bar.style.cssText = style; }
  setAttr(bar, "class", value < 0 ? "bar neg" : "bar");
  setText(label, fmt(value, 3));
}

const UNIT_ROW = () => {
  const row = el("tr");
  row.tabIndex = 0;
  row.append(el("th"), ...["z", "p", "e"].map((k) => {
    const td = el("td", k), track = el("span", "track");
    track.append(el("span", "bar"));
    td.append(el("span", "num"), track);
    return td;
  }));
  row.firstChild.setAttribute("scope", "row");
  return row;
};

function drawUnits(root, data) {
  const table = root.querySelector(".units");
  const text = data.text;
  const head = table.querySelector("thead tr");
  [text.word, text.z, `${text.p} · ${text.y}`, text.e].forEach((label, i) => setText(head.children[i], label));
  const rows = ensureChildren(table.querySelector("tbody"), data.units.length, UNIT_ROW);
  let zmax = 0, emax = 1;
  for (const u of data.units) { zmax = Math.max(zmax, Math.abs(u.z)); emax = Math.max(emax, Math.abs(u.e)); }
  data.units.forEach((u, i) => {
    const row = rows[i];
    setAttr(row, "class", u.role);
    for (const [k, v] of [["word", u.word], ["id", u.id], ["z", u.z], ["p", u.p], ["y", u.y], ["e", u.e]]) {
      setAttr(row, `data-${k}`, v);
    }
    setText(row.firstChild, u.word);
    setBar(row.children[1], u.z, zmax, true);
    setBar(row.children[2], u.p, 1, false);
    row.children[2].lastChild.classList.toggle("label", u.y > 0);
    setBar(row.children[3], u.e, emax, true);
    const tip = `${u.word}: ${text.z} = ${fmt(u.z)}, ${text.p} = ${fmt(u.p)}, ${text.y} = ${u.y}, ${text.e} = ${fmt(u.e)}`;
    setAttr(row, "data-tip", tip);
    setAttr(row, "aria-label", tip);
  });
  setText(root.querySelector(".units-shown"), data.units_shown);
}

const NETWORK = `
<div class="story">
  <p class="line"><strong class="heading"></strong> <span class="sentence"></span></p>
  <p class="line small"><span class="pair"></span> <span class="negatives"></span> <span class="preview"></span></p>
  <p class="legend small"></p>
</div>
<div class="net">
  <section class="stage input" tabindex="0">
    <h3 class="title" data-t="input"></h3><div class="math" data-m="input"></div>
    <ul class="inputs"></ul>
  </section>
  <div class="arrow" aria-hidden="true"><span data-t="W1"></span></div>
  <section class="stage hidden-layer">
    <h3 class="title" data-t="hidden"></h3><div class="math" data-m="h"></div>
    <div class="cells h" tabindex="0" role="img"></div><p class="norm h-norm"></p>
  </section>
  <div class="arrow" aria-hidden="true"><span data-t="W2"></span></div>
  <section class="stage output">
    <h3 class="title"><span data-t="output"></span> <a class="link" data-page="softmax"></a></h3>
    <div class="maths"><span class="math" data-m="z"></span><span class="math" data-m="p"></span><span class="math" data-m="e"></span></div>
    <table class="units"><thead><tr><th scope="col"></th><th scope="col"></th><th scope="col"></th><th scope="col"></th></tr></thead><tbody></tbody></table>
    <p class="small units-shown"></p>
    <p class="loss"><span class="math" data-m="loss"></span> <span class="eq">=</span> <strong class="value"></strong></p>
  </section>
  <div class="arrow back" aria-hidden="true"><span>∂J</span></div>
  <section class="stage backward">
    <h3 class="title"><span data-t="backward"></span> <a class="link" data-page="gradients"></a></h3>
    <div class="math" data-m="dW2"></div><p class="small columns"></p>
    <div class="math" data-m="dW1"></div>
    <div class="cells dh" tabindex="0" role="img"></div><p class="small rows"></p>
  </section>
</div>`;

function buildNetwork(root) {
  root.innerHTML = NETWORK;
  for (const a of root.querySelectorAll("a.link")) pageLink(a, a.dataset.page);
  enableTips(root);
}

export default function (component) {
  const data = viewData(component);
  const [root, teardown] = mount(component, "w2v-network", buildNetwork);
  const $ = (sel) => root.querySelector(sel);
  const t = data.text;
  setAttr(root, "data-objective", data.objective);
  setAttr(root, "data-architecture", data.architecture);
  setText($(".heading"), data.heading);
  setSegments($(".sentence"), data.sentence);
  setText($(".legend"), data.legend);
  setSegments($(".pair"), data.pair);
  setSegments($(".negatives"), data.negatives);
  setText($(".preview"), data.preview);
  for (const node of root.querySelectorAll("[data-t]")) setText(node, t[node.dataset.t]);
  for (const node of root.querySelectorAll("[data-m]")) setMath(node, data.math[node.dataset.m]);
  setText(root.querySelector('a[data-page="softmax"]'), `${t.to_softmax} →`);
  setText(root.querySelector('a[data-page="gradients"]'), `${t.to_gradients} →`);

  const inputs = ensureChildren($(".inputs"), data.inputs.length, () => el("li"));
  data.inputs.forEach((w, i) => {
    setText(inputs[i], w.word);
    setAttr(inputs[i], "data-id", w.id);
    setAttr(inputs[i], "data-tip", `${w.word}: ${t.rows} ${w.id} (V = ${data.V})`);
  });
  setAttr($(".stage.input"), "data-tip", data.inputs.map((w) => `${w.word}: ${t.rows} ${w.id}`).join("\n"));

  const hNorm = strip($(".cells.h"), data.h, "h");
  setAttr($(".cells.h"), "data-values", JSON.stringify(data.h));
  setText($(".h-norm"), `d = ${data.d} · ‖h‖ = ${fmt(hNorm)}`);
  drawUnits(root, data);
  const loss = $(".loss .value");
  setText(loss, fmt(data.loss));
  setAttr(loss, "data-value", data.loss);
  setAttr($(".loss"), "data-tip", `${t.loss} = ${data.loss_terms.map((v) => fmt(v)).join(" + ")} = ${fmt(data.loss)}`);

  const cols = data.columns.length
    ? `${t.cols_some} ${data.columns.map((w) => w.word).join(", ")}` : `${t.cols_all} (${data.n_columns})`;
  setText($(".columns"), data.concealed || cols);
  setAttr($(".columns"), "data-columns", data.concealed ? "" : data.columns.length ? data.columns.map((w) => w.id).join(",") : "all");
  strip($(".cells.dh"), data.dh, "W2e");
  setAttr($(".cells.dh"), "data-values", JSON.stringify(data.dh));
  const rows = `${t.rows}: ${data.inputs.map((w) => w.word).join(", ")}` +
    (data.architecture === "cbow" ? ` · ${t.cbow_rows}` : "") + ` · η = ${fmt(data.lr)}`;
  setText($(".rows"), data.concealed ? "" : rows);
  return teardown;
}
