// _bagikan.html: the device's share sheet (Web Share API) and "Salin tautan" (the clipboard), each
// shown only where the browser has it; the links work without either.
(function () {
  var s = document.querySelector(".bagikan");
  if (!s) return;
  var salin = s.querySelector("[data-salin]"), asli = s.querySelector("[data-bagikan-asli]");
  var url = salin ? salin.getAttribute("data-alamat") : location.href.split("#")[0], status = s.querySelector("[role=status]");
  if (asli && navigator.share) {
    asli.parentNode.hidden = false;
    asli.addEventListener("click", function () {
      navigator.share({ title: document.querySelector("h1").textContent.trim(), url: url }).catch(function () {});
    });
  }
  if (salin && navigator.clipboard) {
    salin.parentNode.hidden = false;
    salin.addEventListener("click", function () {
      navigator.clipboard.writeText(url).then(function () {
        status.textContent = "Tautan disalin.";
      }, function () {
        status.textContent = "Tautan tidak dapat disalin; salin dari bilah alamat.";
      });
    });
  }
})();
