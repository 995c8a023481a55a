// A ranked table of words by cosine (views/neighbours.py's message): nearest neighbours
// or an analogy's answers, each with a bar for its cosine (to the right of 0 when
// positive). Rows are rewritten in place only where a word or a value changed. Above the
// table, the inputs that pick its words (one shared list of suggestions); a pick is sent
// as the trigger "pick", {name, word}, when the input changes (Enter, a suggestion, or
// leaving it).

let nbLists = 0;        // the views share the page's document: one id per datalist

function buildNb(root) {
  root.w2vList = `w2v-nb-words-${++nbLists}`;
  root.innerHTML = `<div class="picks"></div><datalist id="${root.w2vList}"></datalist><table><caption></caption><thead><tr><th scope="col"></th><th scope="col"></th><th scope="col"></th></tr></thead><tbody></tbody></table><p class="empty" hidden></p>`;
}

function pickInput(root) {
  const label = el("label", "pick"), input = el("input");
  Object.assign(input, { type: "text", autocomplete: "off", spellcheck: false });
  input.setAttribute("list", root.w2vList);
  label.append(el("span"), input);
  input.addEventListener("change", () => {
    const word = input.value.trim();
    if (!word) input.value = input.dataset.sent;        // an emptied input: as it was
    else if (word !== input.dataset.sent) root.w2v.setTriggerValue("pick", { name: label.dataset.name, word });
  });
  return label;
}

function drawPicks(root, data) {
  const labels = ensureChildren(root.querySelector(".picks"), data.picks.length, () => pickInput(root));
  data.picks.forEach((pick, k) => {
    const label = labels[k], input = label.lastChild;
    label.dataset.name = pick.name;
    setText(label.firstChild, pick.label);
    setAttr(input, "title", data.help);
    // a new value from the server only: a refresh (Play) leaves what is being typed
    if (input.dataset.sent !== pick.value) input.value = input.dataset.sent = pick.value;
  });
  const words = data.options.join("\n");
  if (root.w2vWords !== words) {
    root.w2vWords = words;
    root.querySelector("datalist").replaceChildren(...data.options.map((w) => Object.assign(el("option"), { value: w })));
  }
}

export default function (component) {
  const data = viewData(component);
  const [root, teardown] = mount(component, "w2v-nb", buildNb);
  root.w2vData = data;      // for tests
  drawPicks(root, data);
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
    setText(tr.children[2].firstChild.firstChild, cosine(cos));
    const bar = tr.children[2].firstChild.lastChild.firstChild;
    const width = `${(50 * Math.min(Math.abs(cos), 1)).toFixed(1)}%`, left = cos >= 0 ? "50%" : `${50 - 50 * Math.min(-cos, 1)}%`;
    if (bar.style.width !== width) bar.style.width = width;
    if (bar.style.left !== left) bar.style.left = left;
    setAttr(bar, "class", cos >= 0 ? "pos" : "neg");
  });
  return teardown;
}
