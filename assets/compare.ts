// The compare view (/compare/?a=<slug>&b=<slug>…): fetches each agency's
// data.json relative to the site root (so any base path works) and shows
// the agencies side by side, one small table per figure. The figures and
// their cell paths come from the page (written by the Go build), so the
// script and the site always agree. Text is set with textContent only.

interface Figure {
  key: string;
  label: string;
  paths: Record<string, string[]>;
  share?: boolean;
}

/** One agency of agencies/index.json (render.IndexEntry). */
export interface IndexEntry {
  slug: string;
  name: string;
  names: string[];
  pinyin: string;
  initials: string;
  years: number[];
  badge: string;
}

type Cells = Record<string, Record<string, Record<string, number | null>>>;

interface Report {
  id: string;
  year?: number;
  template: string;
  badge: string;
  tables: Cells;
  derived: Cells;
}

interface AgencyData {
  agency: string;
  agency_slug: string;
  years: number[];
  reports: Report[];
}

const SLUG = /^[a-z0-9][a-z0-9-]{0,80}$/;
const KEYS = "abcdefghijklmnopqrstuvwxyz";
const MAX = 6;
const BADGE: Record<string, string> = { pass: "通过", warn: "警告", fail: "未通过" };

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, cls?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (cls) e.className = cls;
  return e;
}

// value reads a figure from a report: the sum of its paths, null when a
// cell is blank, undefined when the report's template has no such figure.
function value(r: Report, f: Figure): number | null | undefined {
  const paths = f.paths[r.template];
  if (!paths || paths.length === 0) return undefined;
  let sum = 0;
  for (const p of paths) {
    const derived = p.startsWith("derived.");
    const parts = (derived ? p.slice(8) : p).split(".");
    const src = derived ? r.derived : r.tables;
    const v = src?.[parts[0]]?.[parts[1]]?.[parts[2]];
    if (v === null || v === undefined) return null;
    sum += v;
  }
  return Math.round(sum * 1e6) / 1e6;
}

function fmt(v: number): string {
  return String(v);
}

function pct(v: number): string {
  return (Math.round(v * 10) / 10).toString() + "%";
}

function chosenFromURL(): string[] {
  const q = new URLSearchParams(location.search);
  const out: string[] = [];
  for (const k of KEYS) {
    for (const v of q.getAll(k)) {
      if (SLUG.test(v) && !out.includes(v) && out.length < MAX) out.push(v);
    }
  }
  return out;
}

function writeURL(slugs: string[]): void {
  const q = new URLSearchParams();
  slugs.forEach((s, i) => q.set(KEYS[i], s));
  const s = q.toString();
  history.replaceState(null, "", location.pathname + (s ? "?" + s : ""));
}

export function initCompare(): void {
  const app = document.getElementById("compare-app");
  if (!app) return;
  const root = app.dataset.root ?? "";
  const figures: Figure[] = JSON.parse(app.dataset.figures || "[]");
  const handled = figures.find((f) => f.key === "handled");
  const status = document.getElementById("compare-status") as HTMLElement;
  const out = document.getElementById("compare-out") as HTMLElement;
  const chosenList = document.getElementById("compare-chosen") as HTMLUListElement;
  const form = document.getElementById("compare-pick") as HTMLFormElement;
  const input = document.getElementById("compare-q") as HTMLInputElement;
  const names = document.getElementById("compare-names") as HTMLDataListElement;

  let index: IndexEntry[] = [];
  let chosen = chosenFromURL();
  const cache = new Map<string, Promise<AgencyData | null>>();

  const load = (slug: string): Promise<AgencyData | null> => {
    let p = cache.get(slug);
    if (!p) {
      p = fetch(root + "agencies/" + slug + "/data.json")
        .then((r) => (r.ok ? (r.json() as Promise<AgencyData>) : null))
        .catch(() => null);
      cache.set(slug, p);
    }
    return p;
  };

  const find = (q: string): IndexEntry | undefined => {
    const k = q.trim().toLowerCase().replace(/\s+/g, "");
    if (!k) return undefined;
    return (
      index.find((e) => e.name === q.trim() || e.slug === k || e.names.includes(q.trim())) ||
      index.find((e) => e.pinyin === k || e.initials === k) ||
      index.find((e) => e.name.includes(k) || e.pinyin.startsWith(k))
    );
  };

  const render = async (): Promise<void> => {
    writeURL(chosen);
    status.textContent = chosen.length ? "正在读取…" : "";
    const data = await Promise.all(chosen.map(load));
    chosenList.replaceChildren();
    out.replaceChildren();
    const missing = chosen.filter((_, i) => !data[i]);
    const ok = data.filter((d): d is AgencyData => !!d);
    chosen.forEach((slug, i) => {
      const d = data[i];
      const li = el("li");
      if (d) {
        const a = el("a", d.agency);
        a.href = root + "agencies/" + slug + "/";
        li.appendChild(a);
        const latest = d.reports[d.reports.length - 1];
        if (latest) {
          li.appendChild(document.createTextNode(" " + d.years.join("、") + " "));
          li.appendChild(el("span", BADGE[latest.badge] ?? latest.badge, "badge badge-" + latest.badge));
        }
      } else {
        li.appendChild(el("span", slug + "（未找到）"));
      }
      const rm = el("button", "移除", "rm");
      rm.type = "button";
      rm.setAttribute("aria-label", "移除 " + (d ? d.agency : slug));
      rm.addEventListener("click", () => {
        chosen = chosen.filter((s) => s !== slug);
        void render();
      });
      li.appendChild(rm);
      chosenList.appendChild(li);
    });
    if (missing.length) {
      status.textContent = "找不到机关：" + missing.join("、");
    } else if (ok.length < 2) {
      status.textContent = ok.length ? "再添加一个机关即可并排比较。" : "请在上方添加要比较的机关（至少两个）。";
    } else {
      status.textContent = "已并排显示 " + ok.length + " 个机关。可复制本页网址分享。";
    }
    if (ok.length) out.appendChild(tables(ok));
  };

  const tables = (ags: AgencyData[]): HTMLElement => {
    const years = Array.from(new Set(ags.flatMap((a) => a.reports.map((r) => r.year ?? 0)).filter((y) => y > 0))).sort((x, y) => x - y);
    const grid = el("div", undefined, "compare-grid");
    for (const f of figures) {
      const values = ags.map((a) =>
        years.map((y) => a.reports.filter((r) => r.year === y).map((r) => ({ v: value(r, f), h: handled ? value(r, handled) : undefined }))),
      );
      let max = 0;
      values.forEach((rows) => rows.forEach((cell) => cell.forEach((x) => { if (typeof x.v === "number") max = Math.max(max, x.v); })));
      const wrap = el("div", undefined, "table-wrap");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", f.label);
      wrap.tabIndex = 0;
      const t = el("table", undefined, "compare cmp");
      t.appendChild(el("caption", f.label + (f.share ? "（件数与占办理结果总计的比例）" : "")));
      const head = el("tr");
      const th0 = el("th", "年度");
      th0.scope = "col";
      head.appendChild(th0);
      ags.forEach((a, i) => {
        const th = el("th", a.agency, "a" + (i % 6));
        th.scope = "col";
        head.appendChild(th);
      });
      t.appendChild(el("thead")).appendChild(head);
      const body = el("tbody");
      years.forEach((y, yi) => {
        const tr = el("tr");
        const th = el("th", String(y));
        th.scope = "row";
        tr.appendChild(th);
        ags.forEach((_, ai) => {
          const cell = values[ai][yi];
          const td = el("td", undefined, "n");
          if (cell.length === 0) {
            td.textContent = "";
            td.appendChild(el("span", "无报告", "muted"));
          } else {
            const parts = cell.map((x) => (x.v === undefined ? "不适用" : x.v === null ? "—" : fmt(x.v)));
            td.appendChild(el("span", parts.join(" / ")));
            const shares = cell
              .map((x) => (f.share && typeof x.v === "number" && typeof x.h === "number" && x.h > 0 ? pct((x.v / x.h) * 100) : ""))
              .filter((x) => x !== "");
            if (shares.length) td.appendChild(el("small", shares.join(" / ")));
            if (cell.length > 1) td.title = "该年度有两份数字不同的报告";
            const v = cell[0].v;
            if (typeof v === "number" && max > 0) {
              const bar = el("span", undefined, "bar a" + (ai % 6));
              bar.style.width = ((v / max) * 100).toFixed(1) + "%";
              bar.setAttribute("aria-hidden", "true");
              td.appendChild(bar);
            }
          }
          tr.appendChild(td);
        });
        body.appendChild(tr);
      });
      t.appendChild(body);
      wrap.appendChild(t);
      grid.appendChild(wrap);
    }
    return grid;
  };

  form.hidden = false;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const hit = find(input.value);
    if (!hit) {
      status.textContent = "没有找到“" + input.value.trim() + "”，请从列表中选择。";
      return;
    }
    if (!chosen.includes(hit.slug) && chosen.length < MAX) chosen.push(hit.slug);
    input.value = "";
    void render();
  });

  fetch(app.dataset.index ?? root + "agencies/index.json")
    .then((r) => (r.ok ? r.json() : { agencies: [] }))
    .then((doc: { agencies: IndexEntry[] }) => {
      index = doc.agencies || [];
      for (const e of index) {
        const o = el("option");
        o.value = e.name;
        o.label = e.years.join("、");
        names.appendChild(o);
      }
    })
    .catch(() => undefined);
  void render();
}
