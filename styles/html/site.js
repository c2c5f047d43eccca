/* The site's one script (deferred, no dependencies): the contents drawer on
   phones, the service worker for offline reading, and the "keep this toolkit"
   button.  Pages work without it: the contents then follow the page. */
(function () {
  "use strict";
  var doc = document.documentElement;
  doc.classList.add("js");

  /* Contents drawer: a real button with aria-expanded; Escape closes and
     gives focus back to the button. */
  var toggle = document.querySelector(".toc-toggle");
  var drawer = document.getElementById("site-toc");
  if (toggle && drawer) {
    var close = drawer.querySelector(".toc-close");
    toggle.hidden = false;
    if (close) close.hidden = false;
    var setOpen = function (open, focusBack) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      drawer.classList.toggle("open", open);
      doc.classList.toggle("drawer-open", open);
      if (open) {
        var first = drawer.querySelector("a[href], button:not([hidden])");
        if (first) first.focus();
      } else if (focusBack) {
        toggle.focus();
      }
    };
    toggle.addEventListener("click", function () {
      setOpen(toggle.getAttribute("aria-expanded") !== "true", false);
    });
    if (close) close.addEventListener("click", function () { setOpen(false, true); });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") setOpen(false, true);
    });
  }

  /* Offline: the worker lives at the language's root (its scope). */
  var root = doc.getAttribute("data-site-root");
  if (!("serviceWorker" in navigator) || root === null) return;
  navigator.serviceWorker.register(root + "sw.js").then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (reg) {
    var used = performance.getEntriesByType("resource").map(function (e) { return e.name; });
    reg.active.postMessage({ keep: [location.href.split("#")[0]].concat(used) });
  }).catch(function () {});

  /* "Keep this toolkit on my phone": first say how much it downloads (from the
     toolkit's list with byte sizes), then fetch every file into the cache. */
  var keep = document.querySelector(".keep-toolkit");
  if (!keep || !("caches" in window)) return;
  var button = keep.querySelector("button");
  var status = keep.querySelector(".keep-status");
  var list = null;
  keep.hidden = false;
  var megabytes = function (bytes) {
    return (bytes / 1048576).toLocaleString(doc.lang, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  };
  button.addEventListener("click", function () {
    if (!list) {
      fetch(keep.getAttribute("data-list")).then(function (r) { return r.json(); }).then(function (data) {
        list = data;
        status.textContent = keep.getAttribute("data-confirm").replace("%(size)s", megabytes(data.bytes));
        button.textContent = keep.getAttribute("data-save");
      }).catch(function () { status.textContent = keep.getAttribute("data-failed"); });
      return;
    }
    button.disabled = true;
    status.textContent = keep.getAttribute("data-saving");
    var base = new URL(root, location.href);
    caches.open("dt-kept-" + list.version).then(function (cache) {
      return cache.addAll(list.files.map(function (f) { return new URL(f.url, base).href; }));
    }).then(function () {
      status.textContent = keep.getAttribute("data-done");
    }).catch(function () {
      status.textContent = keep.getAttribute("data-failed");
      button.disabled = false;
    });
  });
})();
