// A lesson's evidence (views/lesson.py's message): tables and grids of the numbers its
// revealed answer cites, formatted on the server as the answer is, so each cited number
// can be found here. A grid lights the words the step changed; hover or focus a cell for
// its number.

function buildLesson(root) {
  root.innerHTML = '<h3 class="title"></h3><div class="sections"></div>';
  enableTips(root);
}

function drawTable(node, s) {
  if (!node.querySelector("table")) {
    // The caption and the summary stay in view above the table, which scrolls if long.
    node.innerHTML = '<p class="caption"></p><p class="foot"></p><div class="scroll" tabindex="0"><table><thead><tr></tr></thead><tbody></tbody></table></div>';
  }
  setText(node.querySelector(".caption"), s.caption);
  setAttr(node.querySelector("table"), "aria-label", s.caption);
  const head = ensureChildren(node.querySelector("thead tr"), s.head.length, () => {
    const th = el("th");
    th.setAttribute("scope", "col");
    return th;
  });
  s.head.forEach((h, i) => setText(head[i], h));
  const rows = ensureChildren(node.querySelector("tbody"), s.rows.length, () => el("tr"));
  s.rows.forEach((r, k) => {
    const cells = ensureChildren(rows[k], r.cells.length, () => el("td"));
    r.cells.forEach((c, i) => setText(cells[i], c));
    setAttr(rows[k], "class", r.role || "");
  });
  setText(node.querySelector(".foot"), s.foot);
}

function drawGrid(node, s) {
  if (!node.querySelector(".grid")) {
    node.innerHTML = '<p class="caption"></p><ul class="grid"></ul><p class="foot"></p>';
  }
  setText(node.querySelector(".caption"), s.caption);
  const cells = ensureChildren(node.querySelector(".grid"), s.cells.length, () => {
    const li = el("li");
    li.tabIndex = 0;
    return li;
  });
  s.cells.forEach((c, i) => {
    setText(cells[i], c.label);
    setAttr(cells[i], "class", c.on ? "on" : "");
    setAttr(cells[i], "data-tip", c.tip);
    setAttr(cells[i], "aria-label", c.tip);
  });
  setText(node.querySelector(".foot"), s.foot);
}

export default function (component) {
  const data = viewData(component);
  const [root, teardown] = mount(component, "w2v-lesson", buildLesson);
  setText(root.querySelector(".title"), data.title);
  const sections = ensureChildren(root.querySelector(".sections"), data.sections.length,
    () => el("section"));
  data.sections.forEach((s, i) => {
    const node = sections[i];
    if (node.dataset.kind !== s.kind) {
      node.dataset.kind = s.kind;
      node.replaceChildren();
    }
    (s.kind === "grid" ? drawGrid : drawTable)(node, s);
  });
  return teardown;
}
