// A ranked table of words by cosine (views/neighbours.py's message): nearest neighbours
// or an analogy's answers, each with a bar for its cosine (to the right of 0 when
// positive). Rows are rewritten in place only where a word or a value changed.

function buildNb(root) {
  root.innerHTML = `<table><caption></caption><thead><tr><th scope="col"></th><th scope="col"></th><th scope="col"></th></tr></thead><tbody></tbody></table><p class="empty" hidden></p>`;
}

export default function (component) {
  const data = viewData(component);
  const [root, teardown] = mount(component, "w2v-nb", buildNb);
  root.w2vData = data;      // for tests
  setText(root.querySelector("caption"), data.title);
  [...root.querySelectorAll("th")].forEach((th, k) => setText(th, data.headers[k]));
  setText(root.querySelector(".empty"), data.empty);
  root.querySelector("table").hidden = !!data.empty;
  const rows = ensureChildren(root.querySelector("tbody"), data.rows.length, () => {
    const tr = el("tr");
    tr.append(el("td", "rank"), el("th", "word"), el("td", "value"));
    tr.children[1].setAttribute("scope", "row");
    const cell = el("div", "cell");
    cell.append(el("span", "num"), el("span", "bar"));
    cell.lastChild.append(el("i"));
    tr.children[2].append(cell);
    return tr;
  });
  data.rows.forEach(([word, cos], k) => {
    const tr = rows[k];
    setText(tr.children[0], k + 1);
    setText(tr.children[1], word);
    setText(tr.children[2].firstChild.firstChild, fmt(cos, 3));
    const bar = tr.children[2].firstChild.lastChild.firstChild;
    const width = `${(50 * Math.min(Math.abs(cos), 1)).toFixed(1)}%`, left = cos >= 0 ? "50%" : `${50 - 50 * Math.min(-cos, 1)}%`;
    if (bar.style.width !== width) bar.style.width = width;
    if (bar.style.left !== left) bar.style.left = left;
    setAttr(bar, "class", cos >= 0 ? "pos" : "neg");
  });
  return teardown;
}
