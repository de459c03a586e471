// Search and filters over the agency list (home page, /agencies/). Each item
// carries data-q (names as written, pinyin, initials, slug), data-years and
// data-badge; the form also works as a plain GET form without script. A list
// split over pages searches agencies/index.json instead of its own items.

import type { IndexEntry } from "./compare";

/** norm folds case and drops spaces and hyphens so "Hu Bin" finds hubin. */
export function norm(s: string): string {
  return s.toLowerCase().replace(/[\s\-_·]/g, "");
}

/** At most this many matches are listed from the index at once. */
const shownMax = 500;

const badgeText: Record<string, string> = { pass: "通过", warn: "警告", fail: "未通过" };

/** An index entry with what a search compares, worked out once. */
interface Searchable {
  e: IndexEntry;
  q: string;
  years: string[];
}

/** entryQ is what a search matches in an index entry: as data-q on items. */
function entryQ(e: IndexEntry): string {
  return [e.name, ...e.names, e.pinyin, e.initials, e.slug.replace(/-/g, "")].map(norm).join(" ");
}

/** entryItem builds one list item for an index entry, text set as text. */
function entryItem(e: IndexEntry, root: string): HTMLLIElement {
  const li = document.createElement("li");
  const a = document.createElement("a");
  a.className = "name";
  a.href = root + "agencies/" + encodeURIComponent(e.slug) + "/";
  a.textContent = e.name;
  const years = document.createElement("span");
  years.className = "years";
  years.textContent = e.years.join(" ");
  li.append(a, " ", years);
  if (badgeText[e.badge]) {
    const b = document.createElement("span");
    b.className = "badge badge-" + e.badge;
    b.textContent = badgeText[e.badge];
    li.append(" ", b);
  }
  return li;
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
  // A list split over pages (data-index) searches every agency in the
  // index, not only the ones on this page.
  const indexURL = list.dataset.index;
  const root = list.dataset.root ?? "";
  const pageCount = count?.textContent ?? "";
  const pagers = Array.from(document.querySelectorAll<HTMLElement>(".pager, .initials"));
  let index: Promise<Searchable[]> | null = null;
  let found: HTMLLIElement[] = [];
  let run = 0;

  // Start from the URL (?q=hubin&year=2023) so filtered views can be shared.
  const params = new URLSearchParams(location.search);
  q.value = params.get("q") ?? q.value;
  year.value = params.get("year") ?? year.value;
  badge.value = params.get("badge") ?? badge.value;

  const matches = (needle: string, itemQ: string, itemYears: string[], itemBadge: string): boolean =>
    (needle === "" || itemQ.includes(needle)) &&
    (year.value === "" || itemYears.includes(year.value)) &&
    (badge.value === "" || itemBadge === badge.value);

  const applyPage = (): void => {
    const needle = norm(q.value);
    let shown = 0;
    for (const it of items) {
      const ok = matches(needle, it.dataset.q ?? "", (it.dataset.years ?? "").split(" "), it.dataset.badge ?? "");
      it.hidden = !ok;
      if (ok) shown++;
    }
    if (count) count.textContent = `显示 ${shown} / ${items.length} 个机关`;
    if (empty) empty.hidden = shown !== 0;
  };

  const applyIndex = async (): Promise<void> => {
    const mine = ++run;
    const needle = norm(q.value);
    const filtering = needle !== "" || year.value !== "" || badge.value !== "";
    for (const li of found) li.remove();
    found = [];
    if (!filtering) {
      for (const it of items) it.hidden = false;
      for (const p of pagers) p.hidden = false;
      if (count) count.textContent = pageCount;
      if (empty) empty.hidden = true;
      return;
    }
    if (count) count.textContent = "正在检索全部机关…";
    index ??= fetch(indexURL!)
      .then((r) => (r.ok ? r.json() : Promise.reject(new Error(String(r.status)))))
      .then((d: { agencies: IndexEntry[] }) =>
        d.agencies.map((e) => ({ e, q: entryQ(e), years: e.years.map(String) })),
      );
    let all: Searchable[];
    try {
      all = await index;
    } catch {
      index = null;
      if (mine !== run) return;
      applyPage();
      if (count) count.textContent = "无法读取机关索引，只在本页中查找：" + count.textContent;
      return;
    }
    if (mine !== run) return; // a newer search started meanwhile
    const hits = all.filter((s) => matches(needle, s.q, s.years, s.e.badge));
    for (const it of items) it.hidden = true;
    for (const p of pagers) p.hidden = true;
    found = hits.slice(0, shownMax).map((s) => entryItem(s.e, root));
    list.append(...found);
    if (count) {
      count.textContent =
        hits.length > shownMax
          ? `找到 ${hits.length} 个机关，显示前 ${shownMax} 个；请输入更多文字缩小范围`
          : `找到 ${hits.length} / ${all.length} 个机关`;
    }
    if (empty) empty.hidden = hits.length !== 0;
  };

  const apply = (): void => {
    if (indexURL) void applyIndex();
    else applyPage();
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
