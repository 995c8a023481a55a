// The Theory page's live panels (views/theory_panel.py's message): beside a formula, the
// numbers of the current step — display formulas (server-built MathML), text lines,
// metrics and a small table. The prose and the general formulas around them are
// ordinary Streamlit elements that a Step does not resend; only these panels update,
// and only the nodes whose content changed are written.

// [text, role] segments: "" text, "word" a bold word (both inserted as text), "math"
// server-built MathML of the notes' own inline formulas.
function setRich(node, segs) {
  const key = JSON.stringify(segs);
  if (node.w2vKey === key) return;
  node.w2vKey = key;
  node.replaceChildren(...segs.map(([text, role]) => {
    if (role === "math") {
      const span = el("span", "imath");
      span.innerHTML = text;
      return span;
    }
    if (role === "word") return el("strong", "word", text);
    return document.createTextNode(text);
  }));
}

function drawTable(table, data) {
  table.hidden = !data;
  if (!data) return;
  const head = table.tHead.rows[0];
  ensureChildren(head, data.header.length, () => {
    const th = el("th");
    th.setAttribute("scope", "col");
    return th;
  });
  data.header.forEach((segs, i) => setRich(head.children[i], segs));
  const rows = ensureChildren(table.tBodies[0], data.rows.length, () => el("tr"));
  data.rows.forEach((cells, r) => {
    const tds = ensureChildren(rows[r], cells.length, () => el("td"));
    cells.forEach((segs, i) => {
      setRich(tds[i], segs);
      // numbers right-aligned; a bold word (the true word) marks its row
      setAttr(tds[i], "class", i && segs.length === 1 && /^[-−\d.e∞NaN]+$/.test(segs[0][0]) ? "num" : "");
    });
    setAttr(rows[r], "class", cells[0].some(([, role]) => role === "word") ? "target" : "");
  });
}

const PANEL = `
<p class="label"></p>
<div class="maths"></div>
<div class="lines"></div>
<dl class="metrics"></dl>
<table class="tbl" hidden><thead><tr></tr></thead><tbody></tbody></table>`;

function drawPanel(box, label, panel) {
  setAttr(box, "data-key", panel.key);
  setText(box.querySelector(".label"), label);
  const maths = ensureChildren(box.querySelector(".maths"), panel.math.length, () => el("div", "dmath"));
  panel.math.forEach((m, i) => setMath(maths[i], m));
  const lines = ensureChildren(box.querySelector(".lines"), panel.lines.length, () => el("p"));
  panel.lines.forEach((segs, i) => setRich(lines[i], segs));
  const metrics = ensureChildren(box.querySelector(".metrics"), panel.metrics.length, () => {
    const item = el("div", "metric");
    item.append(el("dt"), el("dd"));
    return item;
  });
  panel.metrics.forEach(([label, value], i) => {
    setText(metrics[i].firstChild, label);
    setText(metrics[i].lastChild, value);
  });
  drawTable(box.querySelector(".tbl"), panel.table);
}

// The panels live at their anchors (empty elements laid out beside the formulas,
// outside the fragment that resends this view); the view's own root stays empty. An
// anchor that appears later (a full rerun redraws the page) or loses its panel gets it
// drawn from the latest data.
function drawAll(root) {
  const data = viewData(root.w2v);
  for (const panel of data.panels) {
    const slot = document.querySelector(`.w2v-theory-slot[data-panel="${CSS.escape(panel.key)}"]`);
    if (!slot) continue;
    let box = slot.querySelector(":scope > .w2v-theory");
    if (!box) {
      box = el("section", "w2v-view w2v-theory");
      box.setAttribute("role", "group");
      box.innerHTML = PANEL;
      slot.appendChild(box);
    }
    setAttr(box, "data-step", data.step);
    setAttr(box, "data-loss", data.loss);
    setAttr(box, "aria-label", data.label);
    drawPanel(box, data.label, panel);
  }
}

function buildPanels(root) {
  root.hidden = true;
  let queued = false;
  const observer = new MutationObserver(() => {
    if (queued) return;
    queued = true;
    requestAnimationFrame(() => {
      queued = false;
      const slots = document.querySelectorAll(".w2v-theory-slot");
      for (const slot of slots) if (!slot.firstElementChild) return drawAll(root);
    });
  });
  observer.observe(document.body, { childList: true, subtree: true });
  onTeardown(root, () => {
    observer.disconnect();
    for (const box of document.querySelectorAll(".w2v-theory-slot > .w2v-theory")) box.remove();
  });
}

export default function (component) {
  const [root, teardown] = mount(component, "w2v-theory-panels", buildPanels);
  drawAll(root);
  return teardown;
}
