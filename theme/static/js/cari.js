// Search page (cari/): drives Pagefind's JS API. Loaded only on this page; talks only
// to this site. The form works without this script (GET cari/?q=…); the script reads
// the same parameters, so a search can be shared as a link.
const form = document.querySelector("form[data-cari]");
const input = document.getElementById("cari-q");
const status = document.getElementById("cari-status");
const list = document.getElementById("cari-hasil");
const more = document.getElementById("cari-lagi");
const selects = [...form.querySelectorAll("select[data-saring]")];
const order = document.getElementById("cari-urut");
const perPage = Number(form.dataset.perHalaman) || 10;
const ranking = JSON.parse(form.dataset.ranking || "{}");
const regulationNames = Object.entries(JSON.parse(form.dataset.regulasi || "{}")); // name → slug, longest first
const vocabularyBase = form.dataset.kosakata;
const suggestion = document.getElementById("cari-saran");

// Exact-word tokens, as the cari plugin writes them in the `kata` metadata:
// lowercase, no diacritics, punctuation removed, wrapped in "q…q" so the
// Indonesian stemmer leaves them whole.
const fold = (s) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
const words = (q) => fold(q).split(/\s+/).map((w) => w.replace(/[^\p{L}\p{N}]/gu, "")).filter((w) => w.length > 1);
const exactTokens = (q) => [...new Set(words(q))].slice(0, 8).map((w) => `q${w}q`);

// --- A query that names a regulation ("perbup 9/2023", "peraturan bupati nomor 9 tahun
// 2023", "se 100.3/45/2025"): the exact number token the cari plugin gives each
// regulation page (`qr<jenis>n<nomor>t<tahun>q`, letters and digits only).
const alnum = (s) => s.replace(/[^\p{L}\p{N}]/gu, "");
const NUMBER = /^(?:nomor|no\.?)?\s*([0-9][0-9a-z.\/-]*?)\s*(?:\/|\s(?:tahun|thn|th\.?)\s|\s)\s*((?:19|20)\d{2})(?:\s|$)/u;

function regulationToken(q) {
  const text = ` ${fold(q).replace(/[^\p{L}\p{N}.\/\s-]/gu, " ").replace(/\s+/g, " ").trim()} `;
  for (const [name, slug] of regulationNames) {
    const at = text.indexOf(` ${name} `);
    if (at < 0) continue;
    const m = text.slice(at + name.length + 2).trim().match(NUMBER);
    if (m) return `qr${alnum(slug)}n${alnum(m[1])}t${m[2]}q`;
  }
  return null;
}

// --- Slips of a phone keyboard, corrected from the site's own words (cari/kosakata/
// <first letter>.json, {word: count}), loaded per first letter when a query needs them.
const shards = new Map();
const shardName = (w) => (/^[a-z0-9]/.test(w) ? w[0] : "lain");

async function vocabulary(letters) {
  await Promise.all([...new Set(letters.map(shardName))].map(async (name) => {
    if (shards.has(name)) return;
    shards.set(name, {}); // a missing shard is an empty one
    try {
      const r = await fetch(`${vocabularyBase}${name}.json`);
      if (r.ok) shards.set(name, await r.json());
    } catch (err) { /* offline: no correction */ }
  }));
}
const count = (w) => (w ? shards.get(shardName(w))?.[w] || 0 : 0);
const isPrefix = (w) => w.length >= 3 && Object.keys(shards.get(shardName(w)) || {}).some((v) => v.startsWith(w));
const withSuffix = (w) => { for (let i = w.length - 1; i >= Math.max(3, w.length - 4); i--) if (count(w.slice(0, i))) return true; return false; };
const LETTERS = "abcdefghijklmnopqrstuvwxyz";

function oneSlip(w) {
  // A letter missing, doubled (or one too many), two swapped, or one mistyped, inside the word.
  const out = new Set();
  for (let i = 0; i <= w.length; i++) {
    if (i < w.length) out.add(w.slice(0, i) + w.slice(i + 1));
    if (i < w.length - 1) out.add(w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2));
    for (const c of LETTERS) {
      if (i > 0) out.add(w.slice(0, i) + c + w.slice(i));
      if (i > 0 && i < w.length) out.add(w.slice(0, i) + c + w.slice(i + 1));
    }
  }
  out.delete(w);
  return [...out];
}

function best(candidates) {
  let top = null;
  for (const c of candidates) if (count(c) > count(top)) top = c;
  return top;
}

// The query's words, each known (as typed), corrected, or unknown (null).
async function correct(ws) {
  await vocabulary(ws.flatMap((w) => [w, w.slice(1)]).filter(Boolean));
  const known = (w) => w.length < 3 || /\d/.test(w) || count(w) > 0;
  const out = [];
  for (let i = 0; i < ws.length; i++) {
    const w = ws[i], next = ws[i + 1];
    if (next && !(known(w) && known(next)) && count(w + next)) { out.push(w + next); i++; continue; } // one word split in two
    if (known(w) || isPrefix(w)) { out.push(w); continue; }
    const fixed = best(oneSlip(w));
    if (fixed) { out.push(fixed); continue; }
    if (withSuffix(w)) { out.push(w); continue; } // a word of the site with a suffix: stemming finds it
    const splits = [];
    for (let j = 2; j <= w.length - 2; j++) splits.push([w.slice(0, j), w.slice(j)]);
    await vocabulary(splits.map(([, b]) => b));
    const split = splits.filter(([a, b]) => count(a) && count(b)).sort((x, y) => Math.min(count(y[0]), count(y[1])) - Math.min(count(x[0]), count(x[1])))[0];
    out.push(split ? split.join(" ") : null); // two words joined, or not a word of this site
  }
  return out;
}

let pagefind = null;
let results = [];
let shown = 0;
let seq = 0;
let timer = null;

async function engine() {
  if (!pagefind) {
    pagefind = await import(`${form.dataset.bundle}pagefind.js`);
    await pagefind.options({ baseUrl: form.dataset.base, excerptLength: 24, ranking });
    await pagefind.init();
  }
  return pagefind;
}

function state() {
  const filters = {};
  for (const s of selects) if (s.value) filters[s.dataset.saring] = s.value;
  return { q: input.value.trim(), filters, newest: order && order.value === "terbaru" };
}

function syncUrl({ q, filters, newest }) {
  const params = new URLSearchParams();
  if (q) params.set("q", q);
  for (const [k, v] of Object.entries(filters)) params.set(k, v);
  if (newest) params.set("urut", "terbaru");
  const query = params.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

function restore() {
  const params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  for (const s of [...selects, order].filter(Boolean)) {
    const name = s.name;
    const v = params.get(name);
    if (v && [...s.options].some((o) => o.value === v)) s.value = v;
  }
  // The filters are folded on a phone: open on a wide screen, or when one is chosen.
  const panel = form.querySelector("details.cari__panel");
  if (panel && (matchMedia("(min-width: 48em)").matches || [...selects, order].some((s) => s && s.value))) panel.open = true;
}

// Order of results (`rank` below): a regulation the query names by its number first;
// then pages holding more of the query words exactly (not only their stem:
// `pengadaan`, not `ada`; `berkala`, not `kala`); then Pagefind's relevance, where
// scores within 30 % are an equal match and the newer item comes first.

// Pagefind scores within this ratio of each other count as an equal match; among
// equal matches the newer item comes first.
const EQUAL = Math.log(1.3);
const band = (score) => Math.round(Math.log(Math.max(score, 1e-9)) / EQUAL);

function rank(main, exactHits, regulation, byDate) {
  const exact = new Map();
  for (const hit of exactHits) for (const r of hit.results) exact.set(r.id, (exact.get(r.id) || 0) + 1);
  const named = new Set(regulation ? regulation.results.map((r) => r.id) : []);
  const age = new Map(byDate ? byDate.results.map((r, i) => [r.id, i]) : []);
  const seen = new Set(main.results.map((r) => r.id));
  const all = [...(regulation ? regulation.results.filter((r) => !seen.has(r.id)) : []), ...main.results];
  return all
    .map((r, i) => ({ r, i, reg: named.has(r.id) ? 1 : 0, n: exact.get(r.id) || 0, b: band(r.score || 0), d: age.has(r.id) ? age.get(r.id) : Infinity }))
    .sort((a, b) => b.reg - a.reg || b.n - a.n || b.b - a.b || a.d - b.d || a.i - b.i)
    .map((x) => x.r);
}

function suggest(original, corrected) {
  suggestion.replaceChildren();
  suggestion.hidden = !corrected;
  if (!corrected) return;
  const a = document.createElement("a");
  const params = new URLSearchParams(location.search);
  params.set("q", corrected);
  a.href = `?${params}`;
  a.textContent = corrected;
  a.addEventListener("click", (e) => { e.preventDefault(); input.value = corrected; search(); });
  // The results shown are already the corrected query's: said as done, with what was typed.
  suggestion.append("Ejaan dikoreksi menjadi ", a, ` (Anda mengetik “${original}”).`);
}

async function search() {
  const current = ++seq;
  const st = state();
  syncUrl(st);
  suggest();
  if (!st.q && !Object.keys(st.filters).length) {
    results = [];
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "";
    return;
  }
  status.textContent = "Mencari…";
  let pf;
  try {
    pf = await engine();
  } catch (err) {
    status.textContent = "Pencarian belum tersedia: indeks pencarian tidak dapat dimuat.";
    return;
  }
  const options = { filters: st.filters };
  if (st.newest) options.sort = { date: "desc" };
  const token = st.q ? regulationToken(st.q) : null;
  const run = async (q) => {
    const exact = q ? exactTokens(q) : [];
    const [main, regulation, byDate, ...exactHits] = await Promise.all([
      pf.search(q || null, options),
      token ? pf.search(token, { filters: st.filters }) : null,
      q && !st.newest ? pf.search(q, { filters: st.filters, sort: { date: "desc" } }) : null,
      ...exact.map((t) => pf.search(t, { filters: st.filters })),
    ]);
    return { main, regulation, byDate, exactHits, exact };
  };
  let q = st.q;
  let corrected = null;
  let found = await run(q);
  if (current !== seq || !found.main) return;
  if (q && !token) {
    // A word of the query that no page holds exactly may be a slip: only then is the
    // site's vocabulary loaded, to correct it (or to find that it is a body word).
    const typed = words(q);
    const checked = found.exact.map((t) => t.slice(1, -1));
    const missing = checked.filter((w, i) => !(found.exactHits[i] && found.exactHits[i].results.length));
    if (missing.some((w) => w.length >= 3 && !/\d/.test(w))) {
      const fixed = await correct(typed);
      if (current !== seq) return;
      const kept = fixed.filter(Boolean);
      if (fixed.length !== typed.length || fixed.some((w, i) => w !== typed[i])) {
        q = kept.join(" ");
        if (kept.length) corrected = q;
        if (!q) {
          // No word of the query is a word of this site: no unrelated results.
          results = [];
          list.replaceChildren();
          more.hidden = true;
          status.textContent = `Tidak ada hasil untuk “${st.q}”. Coba kata lain atau kurangi saringan.`;
          return;
        }
        found = await run(q);
        if (current !== seq || !found.main) return;
      }
    }
  }
  const { main, regulation, byDate, exactHits } = found;
  results = st.newest ? main.results : rank(main, exactHits.filter(Boolean), regulation, byDate);
  list.replaceChildren();
  shown = 0;
  const n = results.length;
  const about = q ? ` untuk “${q}”` : "";
  suggest(st.q, corrected);
  status.textContent = n ? `${n} hasil${about}.` : `Tidak ada hasil${about}. Coba kata lain atau kurangi saringan.`;
  await showMore(current);
}

function item(data) {
  const li = document.createElement("li");
  const h = document.createElement("h2");
  const a = document.createElement("a");
  a.href = data.url;
  a.textContent = data.meta.title || data.url;
  h.append(a);
  const meta = document.createElement("p");
  meta.className = "meta";
  meta.textContent = [data.filters.tipe && data.filters.tipe[0], data.meta.status, data.meta.tanggal, data.meta.opd].filter(Boolean).join(" · ");
  const excerpt = document.createElement("p");
  excerpt.append(...marked(data.excerpt));
  li.append(h, meta, excerpt);
  return li;
}

// An excerpt as text with the query's words in <mark>, whatever markup it holds: its HTML
// is parsed in an inert document and only text and <mark> are taken (pagefind.js escapes
// the page's text today, its index does not: a page's "<form>" stays text if that changes).
function marked(html) {
  const body = new DOMParser().parseFromString(html || "", "text/html").body;
  return [...body.childNodes].map((node) => {
    if (node.nodeName !== "MARK") return document.createTextNode(node.textContent);
    const mark = document.createElement("mark");
    mark.textContent = node.textContent;
    return mark;
  });
}

async function showMore(current = seq) {
  const next = results.slice(shown, shown + perPage);
  const data = await Promise.all(next.map((r) => r.data()));
  if (current !== seq) return;
  const first = list.children.length;
  list.append(...data.map(item));
  shown += next.length;
  more.hidden = shown >= results.length;
  return first;
}

form.addEventListener("submit", (e) => {
  e.preventDefault();
  clearTimeout(timer);
  search();
});
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(search, 250);
});
for (const s of [...selects, order].filter(Boolean)) s.addEventListener("change", search);
more.addEventListener("click", async () => {
  const first = await showMore();
  const link = list.children[first] && list.children[first].querySelector("a");
  if (link) link.focus();
});

restore();
if (location.search) search();
