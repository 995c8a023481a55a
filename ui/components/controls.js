// The training controls of every page: Step, Step x10, Epoch, Play/Pause, Reset, the
// counters, and the keyboard shortcuts S (Step) and P (Play/Pause).
//
// Why a component and not st.button: a Step reruns the page's fragment, and Streamlit
// re-renders every element the fragment sends; five buttons and three metrics alone cost
// about half a bare click's round trip. Here a Step updates three counter texts in place.
// A click sends one trigger (its action's name); ui/live.py runs it on the server.

const ACTIONS = ["step", "step10", "epoch", "play", "reset"];
const SHORTCUTS = { s: "step", p: "play" };

function typingInto(target) {
  const el = target instanceof Element ? target : null;
  return !!el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
}

function build(root) {
  root.innerHTML =
    `<div class="buttons">${ACTIONS.map((a) => `<button type="button" data-action="${a}"><span class="label"></span></button>`).join("")}</div>` +
    `<div class="counters"></div>`;
  for (const [key, action] of Object.entries(SHORTCUTS)) {
    const button = root.querySelector(`[data-action="${action}"]`);
    button.setAttribute("aria-keyshortcuts", key.toUpperCase());
    button.insertAdjacentHTML("beforeend", `<kbd aria-hidden="true">${key.toUpperCase()}</kbd>`);
  }
  root.querySelector('[data-action="step"]').classList.add("primary");
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  // Streamlit may call a cleanup late (for an update that was superseded): only the
  // latest call's cleanup tears down.
  const generation = (parentElement.w2vGeneration || 0) + 1;
  parentElement.w2vGeneration = generation;
  let root = parentElement.querySelector(".w2v-controls");
  if (!root) {
    root = document.createElement("div");
    root.className = "w2v-controls";
    build(root);
    parentElement.appendChild(root);
    root.addEventListener("click", (e) => {
      const button = e.target.closest("button[data-send]");
      if (button && !button.disabled) root.w2vSend(button.dataset.send, true);
    });
    root.w2vKeys = (e) => {
      const action = SHORTCUTS[e.key.toLowerCase()];
      if (!action || e.ctrlKey || e.metaKey || e.altKey || e.repeat || typingInto(e.target)) return;
      const button = root.querySelector(`[data-action="${action}"]`);
      if (!button.disabled) {
        e.preventDefault();
        root.w2vSend(button.dataset.send, true);
      }
    };
    document.addEventListener("keydown", root.w2vKeys);
  }
  root.w2vSend = setTriggerValue;

  // Only what changed is written (a Step changes the counters, little else): every DOM
  // write costs the browser a new layout.
  const set = (el, prop, value) => { if (el[prop] !== value) el[prop] = value; };
  for (const button of root.querySelectorAll("button")) {
    const action = button.dataset.action;
    const name = action === "play" && data.playing ? "pause" : action;
    if (button.dataset.send !== name) button.dataset.send = name;
    set(button.querySelector(".label"), "textContent", data.labels[name]);
    set(button, "title", data.help[name] || "");
    set(button, "disabled", data.playing && action !== "play" && action !== "reset");
  }
  const counters = root.querySelector(".counters");
  if (counters.children.length !== data.counters.length) {
    counters.innerHTML = data.counters.map(() => '<div class="counter"><span class="name"></span><span class="value"></span></div>').join("");
  }
  data.counters.forEach(([key, name, value], i) => {
    const el = counters.children[i];
    if (el.dataset.counter !== key) el.dataset.counter = key;
    set(el.querySelector(".name"), "textContent", name);
    set(el.querySelector(".value"), "textContent", value);
  });

  return () => {
    if (parentElement.w2vGeneration !== generation) return;
    document.removeEventListener("keydown", root.w2vKeys);
    root.remove();
  };
}
