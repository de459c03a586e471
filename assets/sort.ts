// Sorting a table by any column without a reload. A cell's sort key is its
// data-v attribute (numbers; empty for a blank cell) or its text; blank
// cells always sort last.

type Dir = "ascending" | "descending";

export function initSort(table: HTMLTableElement): void {
  const body = table.tBodies[0];
  const head = table.tHead?.rows[table.tHead.rows.length - 1];
  if (!body || !head) return;
  Array.from(head.cells).forEach((th, col) => {
    if (th.dataset.nosort !== undefined) return;
    const btn = document.createElement("button");
    btn.type = "button";
    btn.className = "sort";
    while (th.firstChild) btn.appendChild(th.firstChild);
    th.appendChild(btn);
    btn.addEventListener("click", () => {
      const dir: Dir = th.getAttribute("aria-sort") === "descending" ? "ascending" : "descending";
      Array.from(head.cells).forEach((c) => c.removeAttribute("aria-sort"));
      th.setAttribute("aria-sort", dir);
      sortBody(body, col, dir);
    });
  });
}

function key(row: HTMLTableRowElement, col: number): number | string | null {
  const cell = row.cells[col];
  if (!cell) return null;
  const v = cell.dataset.v;
  if (v !== undefined) return v === "" ? null : Number(v);
  const t = (cell.textContent ?? "").trim();
  return t === "" ? null : t;
}

function sortBody(body: HTMLTableSectionElement, col: number, dir: Dir): void {
  const rows = Array.from(body.rows);
  const sign = dir === "ascending" ? 1 : -1;
  rows.sort((a, b) => {
    const x = key(a, col);
    const y = key(b, col);
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    if (typeof x === "number" && typeof y === "number") return sign * (x - y);
    return sign * String(x).localeCompare(String(y), "zh-CN");
  });
  for (const r of rows) body.appendChild(r);
}
