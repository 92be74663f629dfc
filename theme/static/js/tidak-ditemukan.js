// The "not found" page (served for any missing address): the words of the address's last
// part offered as a search. A news item or an event keeps that part (its slug) when its
// month changes, so a link shared before finds it again in one tap.
(() => {
  const box = document.getElementById("cari-saran");
  if (!box) return;
  const parts = location.pathname.split("/").filter(Boolean);
  if (/^index\.html?$/i.test(parts[parts.length - 1] || "")) parts.pop(); // …/slug/index.html
  let last = parts[parts.length - 1] || "";
  try {
    last = decodeURIComponent(last);
  } catch {
    return;
  }
  const words = last.replace(/\.html?$/i, "").split(/[-_+.\s]+/)
    .filter((w) => /^[\p{L}\p{N}]+$/u.test(w) && !/^\d+$/.test(w));
  if (words.length < 2) return; // "404.html", "index", a number: nothing worth searching
  const q = words.slice(0, 8).join(" ");
  const link = box.querySelector("a");
  link.href = `${box.dataset.cari}?q=${encodeURIComponent(q)}`;
  link.textContent = `Cari “${q}”`;
  box.hidden = false;
})();
