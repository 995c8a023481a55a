// "Copy link to this step": copies the page's address (its query string is the run, kept
// current by the server) without Streamlit's embed parameters. Where the clipboard is
// not available (http on another host, an old browser) the link is shown, selected, in a
// read-only field, kept current: a Step reruns only the page's fragment, not this
// sidebar button, so the field follows the address bar itself. With no link possible,
// the note says why and what to do instead.

const FOLLOW_MS = 250;   // how often the shown link is compared with the address bar

function shareUrl() {
  const url = new URL(window.location.href);
  url.searchParams.delete("embed");
  url.searchParams.delete("embed_options");
  return url.toString();
}

function buildShare(root) {
  root.innerHTML =
    '<button type="button" class="copy"><span class="label"></span></button>' +
    '<p class="status" role="status" aria-live="polite"></p>' +
    '<label class="manual" hidden><span class="text"></span><input type="text" readonly></label>' +
    '<p class="note" hidden></p>';
  const status = root.querySelector(".status");
  const manual = root.querySelector(".manual");
  const input = manual.querySelector("input");
  root.querySelector(".copy").addEventListener("click", async () => {
    const url = shareUrl();
    input.value = url;
    try {
      await navigator.clipboard.writeText(url);
      setText(status, root.w2vCopied);
      manual.hidden = false;     // the link stays visible: it can be read or re-copied
    } catch (err) {
      setText(status, "");
      manual.hidden = false;
      input.focus();
      input.select();
    }
  });
  // The address changes on every action (history.replaceState fires no event): follow it.
  const timer = setInterval(() => {
    if (manual.hidden) return;
    const url = shareUrl();
    if (input.value === url) return;
    const selected = document.activeElement === input;
    input.value = url;
    if (selected) input.select();
  }, FOLLOW_MS);
  onTeardown(root, () => clearInterval(timer));
}

export default function (component) {
  const data = viewData(component);
  const [root, teardown] = mount(component, "w2v-share", buildShare);
  root.w2vCopied = data.copied;
  const button = root.querySelector(".copy");
  setText(button.querySelector(".label"), data.label);
  setAttr(button, "title", data.help);
  setText(root.querySelector(".manual .text"), data.manual);
  const note = root.querySelector(".note");
  setText(note, data.note);
  button.hidden = !!data.note;
  if (data.note) root.querySelector(".manual").hidden = true;
  return teardown;
}
