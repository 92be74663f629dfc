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

// Exact-word tokens, as the cari plugin writes them in the `kata` metadata:
// lowercase, no diacritics, punctuation removed, wrapped in "q…q" so the
// Indonesian stemmer leaves them whole.
const fold = (s) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
const words = (q) => fold(q).split(/\s+/).map((w) => w.replace(/[^\p{L}\p{N}]/gu, "")).filter((w) => w.length > 1);
const exactTokens = (q) => [...new Set(words(q))].slice(0, 8).map((w) => `q${w}q`);

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
}

// Pages holding more of the query words exactly (not only their stem: `pengadaan`,
// not `ada`; `berkala`, not `kala`) come first; Pagefind's relevance orders pages
// with the same number of exact words.
function exactFirst(main, exactHits) {
  const count = new Map();
  for (const hit of exactHits) for (const r of hit.results) count.set(r.id, (count.get(r.id) || 0) + 1);
  if (!count.size) return main.results;
  return main.results
    .map((r, i) => ({ r, i, n: count.get(r.id) || 0 }))
    .sort((a, b) => b.n - a.n || a.i - b.i)
    .map((x) => x.r);
}

async function search() {
  const current = ++seq;
  const st = state();
  syncUrl(st);
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
  const exact = st.q && !st.newest ? exactTokens(st.q) : [];
  const [main, ...exactHits] = await Promise.all([
    pf.search(st.q || null, options),
    ...exact.map((t) => pf.search(t, { filters: st.filters })),
  ]);
  if (current !== seq || !main) return;
  results = exactFirst(main, exactHits.filter(Boolean));
  list.replaceChildren();
  shown = 0;
  const n = results.length;
  const about = st.q ? ` untuk “${st.q}”` : "";
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
  meta.textContent = [data.filters.tipe && data.filters.tipe[0], data.meta.tanggal, data.meta.opd].filter(Boolean).join(" · ");
  const excerpt = document.createElement("p");
  excerpt.innerHTML = data.excerpt; // Pagefind escapes page text; only <mark> is markup
  li.append(h, meta, excerpt);
  return li;
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
