// A tiny element builder: the page is a handful of tables and cards, no framework needed.

/**
 * el("td", { class: "num", testid: "x", raw: "123" }, "text", childNode)
 * `testid` → data-testid, `raw` → data-raw (the exact base-unit string from the API),
 * other `data*` keys via `dataset`; null/false attributes are skipped.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "testid") node.dataset.testid = value;
    else if (key === "raw") node.dataset.raw = String(value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function $(selector, root = document) {
  const node = root.querySelector(selector);
  if (!node) throw new Error(`missing element ${selector}`);
  return node;
}

/** Replace a container's content. */
export function fill(container, ...children) {
  container.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined));
}

/**
 * A table with a header row; `rows` are arrays of cells (a Node or text). Wrapped so it
 * scrolls sideways on a narrow screen instead of breaking the grid.
 */
export function table({ columns, rows, rowAttrs = () => ({}), empty = "none yet" }) {
  const head = el("thead", {}, el("tr", {}, columns.map((c) => el("th", { class: c.num ? "num" : null }, c.label))));
  const body = el(
    "tbody",
    {},
    rows.length
      ? rows.map((cells, i) => el("tr", rowAttrs(i), cells))
      : el("tr", {}, el("td", { class: "empty", colspan: columns.length }, empty)),
  );
  return el("div", { class: "table-wrap" }, el("table", {}, head, body));
}
