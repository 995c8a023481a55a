// Several views in one component (ui/live_view.py's register_group): a page's views cost
// the server one mount per rerun instead of one each. The message holds the layout and a
// message per view, {rows: [[[view, weight], ...], ...], parts: {view: message}}; each view
// draws into its own cell with its own module (loaded by the stub), as if it were a
// component of its own: same data, same parentElement contract, same teardown.

export default function (component, modules) {
  const data = viewData(component);
  const [root, teardown] = mount(component, "w2v-group", () => {});
  const parts = [];
  ensureChildren(root, data.rows.length, () => el("div", "row"));
  data.rows.forEach((row, r) => {
    const cells = ensureChildren(root.children[r], row.length, () => el("div", "cell"));
    row.forEach(([view, weight], i) => {
      const cell = cells[i];
      if (cell.dataset.view !== view) cell.dataset.view = view;
      if (cell.style.flexGrow !== String(weight)) cell.style.flexGrow = weight;
      parts.push(modules[view].default({ ...component, parentElement: cell, data: data.parts[view] }));
    });
  });
  return () => {
    for (const part of parts) if (typeof part === "function") part();
    teardown();
  };
}
