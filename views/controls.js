// The training controls of every page: Step, Step x10, Epoch, Play/Pause, Reset, the
// counters, and the keyboard shortcuts S (Step) and P (Play/Pause); the message is
// views/controls.py's. While Play or a bulk Epoch run goes on, the button that started
// it stops it (Pause / Stop, keeping the steps done) and the others are disabled; a bulk
// run shows its progress here.
//
// Why a component and not st.button: a Step reruns the page's fragment, and Streamlit
// re-renders every element the fragment sends; five buttons and three metrics alone cost
// about half a bare click's round trip. A click sends one trigger (its action's name);
// ui/live.py runs it on the server.

const BUTTONS = ["step", "step10", "epoch", "play", "reset"];
// Icons drawn as SVG (an emoji such as ⏸ shows as an empty box where the system lacks an
// emoji font): the path of each action's icon in a 10x10 box.
const ICONS = { play: "M2 1 L9 5 L2 9 Z", pause: "M2 1 H4 V9 H2 Z M6 1 H8 V9 H6 Z", stop: "M2 2 H8 V8 H2 Z" };
const SHORTCUTS = { s: "step", p: "play" };

function typingInto(target) {
  const node = target instanceof Element ? target : null;
  return !!node && (node.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(node.tagName));
}

// The page's first focusable element: a link that skips the sidebar to the controls.
function addSkipLink(root) {
  const link = el("a", "w2v-skip");
  link.href = "#w2v-controls";
  link.addEventListener("click", (e) => {
    e.preventDefault();
    root.querySelector("button:not(:disabled)")?.focus();
  });
  document.body.prepend(link);
  onTeardown(root, () => link.remove());
  return link;
}

function buildControls(root) {
  root.id = "w2v-controls";           // the skip link's target
  root.setAttribute("role", "group");
  root.w2vSkip = addSkipLink(root);
  root.innerHTML =
    `<div class="buttons">${BUTTONS.map((a) => `<button type="button" data-action="${a}"><svg class="icon" viewBox="0 0 10 10" aria-hidden="true"><path></path></svg><span class="label"></span></button>`).join("")}</div>` +
    '<div class="counters" role="status" aria-live="polite" aria-atomic="true"></div>' +
    '<p class="held" hidden></p>' +
    '<div class="progress" hidden><div class="bar" role="progressbar" aria-valuemin="0" aria-valuemax="100"><i></i></div><span class="text"></span></div>';
  for (const [key, action] of Object.entries(SHORTCUTS)) {
    const button = root.querySelector(`[data-action="${action}"]`);
    button.setAttribute("aria-keyshortcuts", key.toUpperCase());
    button.insertAdjacentHTML("beforeend", `<kbd aria-hidden="true">${key.toUpperCase()}</kbd>`);
  }
  root.querySelector('[data-action="step"]').classList.add("primary");
  root.addEventListener("click", (e) => {
    const button = e.target.closest("button[data-send]");
    if (button && !button.disabled) root.w2v.setTriggerValue(button.dataset.send, true);
  });
  const keys = (e) => {
    const action = SHORTCUTS[e.key.toLowerCase()];
    if (!action || e.ctrlKey || e.metaKey || e.altKey || e.repeat || typingInto(e.target)) return;
    const button = root.querySelector(`[data-action="${action}"]`);
    if (!button.disabled) {
      e.preventDefault();
      root.w2v.setTriggerValue(button.dataset.send, true);
    }
  };
  document.addEventListener("keydown", keys);
  onTeardown(root, () => document.removeEventListener("keydown", keys));
}

// What each button sends and whether it is enabled, given what is running and whether
// the divergence guard holds training (then only Reset acts; the reason is shown).
function buttonState(action, running, held) {
  if (held && !running) return [action, action === "reset"];
  if (running === "play") {
    if (action === "play") return ["pause", true];
    return [action, action === "reset"];
  }
  if (running === "epoch") {
    if (action === "epoch") return ["stop", true];
    return [action === "play" ? "play" : action, false];
  }
  return [action, true];
}

export default function (component) {
  const data = viewData(component);
  const [root, teardown] = mount(component, "w2v-controls", buildControls);
  // the controls arrive first: a script the page's views need starts loading at once
  for (const url of data.scripts || []) loadScript(url).catch(() => {});
  setText(root.w2vSkip, data.skip);
  setAttr(root, "aria-label", data.group);
  const set = (node, prop, value) => { if (node[prop] !== value) node[prop] = value; };
  for (const button of root.querySelectorAll("button")) {
    const [name, enabled] = buttonState(button.dataset.action, data.running, data.held);
    if (button.dataset.send !== name) button.dataset.send = name;
    set(button.querySelector(".label"), "textContent", data.labels[name]);
    const icon = button.querySelector(".icon");
    set(icon.style, "display", ICONS[name] ? "" : "none");
    if (ICONS[name]) setAttr(icon.firstChild, "d", ICONS[name]);
    set(button, "title", (!enabled && data.held) || data.help[name] || "");
    set(button, "disabled", !enabled);
  }
  const counters = root.querySelector(".counters");
  ensureChildren(counters, data.counters.length, () => {
    const c = el("div", "counter");
    c.append(el("span", "name"), el("span", "value"));
    return c;
  });
  data.counters.forEach((c, i) => {
    const node = counters.children[i];
    if (node.dataset.counter !== c.key) node.dataset.counter = c.key;
    set(node, "title", c.title);
    set(node.querySelector(".name"), "textContent", c.name);
    set(node.querySelector(".value"), "textContent", c.value);
  });
  const held = root.querySelector(".held");
  set(held, "hidden", !data.held);
  set(held, "textContent", data.held || "");
  const progress = root.querySelector(".progress");
  set(progress, "hidden", data.progress == null);
  if (data.progress != null) {
    const pct = Math.round(100 * Math.max(0, Math.min(1, data.progress)));
    progress.querySelector("i").style.width = `${pct}%`;
    setAttr(progress.querySelector(".bar"), "aria-valuenow", pct);
    setAttr(progress.querySelector(".bar"), "aria-label", data.progress_label);
    set(progress.querySelector(".text"), "textContent", `${data.progress_label} ${pct}%`);
  }
  return teardown;
}
