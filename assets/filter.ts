// Search and filters over the agency list on the home page. Each item
// carries data-q (names as written, pinyin, initials, slug), data-years and
// data-badge; the form also works as a plain GET form without script.

/** norm folds case and drops spaces and hyphens so "Hu Bin" finds hubin. */
export function norm(s: string): string {
  return s.toLowerCase().replace(/[\s\-_·]/g, "");
}

export function initFilter(): void {
  const form = document.querySelector<HTMLFormElement>("#agency-filter");
  const list = document.querySelector<HTMLElement>("#agency-list");
  if (!form || !list) return;
  const q = form.querySelector<HTMLInputElement>("[name=q]")!;
  const year = form.querySelector<HTMLSelectElement>("[name=year]")!;
  const badge = form.querySelector<HTMLSelectElement>("[name=badge]")!;
  const count = document.querySelector<HTMLElement>("#agency-count");
  const items = Array.from(list.querySelectorAll<HTMLElement>("[data-q]"));
  const empty = document.querySelector<HTMLElement>("#agency-empty");

  // Start from the URL (?q=hubin&year=2023) so filtered views can be shared.
  const params = new URLSearchParams(location.search);
  q.value = params.get("q") ?? q.value;
  year.value = params.get("year") ?? year.value;
  badge.value = params.get("badge") ?? badge.value;

  const apply = (): void => {
    const needle = norm(q.value);
    let shown = 0;
    for (const it of items) {
      const ok =
        (needle === "" || (it.dataset.q ?? "").includes(needle)) &&
        (year.value === "" || (it.dataset.years ?? "").split(" ").includes(year.value)) &&
        (badge.value === "" || it.dataset.badge === badge.value);
      it.hidden = !ok;
      if (ok) shown++;
    }
    if (count) count.textContent = `显示 ${shown} / ${items.length} 个机关`;
    if (empty) empty.hidden = shown !== 0;
  };
  form.addEventListener("input", apply);
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    apply();
    const p = new URLSearchParams();
    if (q.value) p.set("q", q.value);
    if (year.value) p.set("year", year.value);
    if (badge.value) p.set("badge", badge.value);
    const s = p.toString();
    history.replaceState(null, "", s ? "?" + s : location.pathname);
  });
  apply();
}
