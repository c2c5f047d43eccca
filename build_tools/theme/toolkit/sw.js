/* The site's service worker, one per language site (scope: the language's
   folder).  Written by extensions/offline.py, which fills in VERSION (a hash
   of the site's files: a new edition gets new caches, the old ones are
   deleted).  Pages: network first, the cached copy when offline, else the
   offline page.  Everything else (style sheets, fonts, figures): cache first.
   Nothing here talks to another host. */
"use strict";
var VERSION = "@VERSION@";
var PAGES = "dt-pages-" + VERSION;
var ASSETS = "dt-assets-" + VERSION;
var OFFLINE = "offline.html";
var PRECACHE = @PRECACHE@;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(ASSETS).then(function (cache) { return cache.addAll(PRECACHE); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("dt-") === 0 && n.slice(-VERSION.length) !== VERSION; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

/* The page that registered us was loaded before we ran: site.js sends its
   address and the files it used, so it opens offline after one visit. */
self.addEventListener("message", function (event) {
  var urls = (event.data && event.data.keep) || [];
  var same = urls.filter(function (u) { return new URL(u).origin === self.location.origin; });
  event.waitUntil(caches.open(PAGES).then(function (cache) {
    return Promise.all(same.map(function (u) {
      return cache.match(u).then(function (hit) { return hit || cache.add(u).catch(function () {}); });
    }));
  }));
});

self.addEventListener("fetch", function (event) {
  var req = event.request;
  if (req.method !== "GET" || new URL(req.url).origin !== self.location.origin) return;
  if (req.mode === "navigate") {
    event.respondWith(fetch(req).then(function (res) {
      var copy = res.clone();
      caches.open(PAGES).then(function (cache) { cache.put(req, copy); });
      return res;
    }).catch(function () {
      return caches.match(req, { ignoreSearch: true }).then(function (hit) {
        return hit || caches.match(new URL(OFFLINE, self.registration.scope).href);
      });
    }));
    return;
  }
  event.respondWith(caches.match(req).then(function (hit) {
    return hit || fetch(req).then(function (res) {
      if (res.ok) {
        var copy = res.clone();
        caches.open(ASSETS).then(function (cache) { cache.put(req, copy); });
      }
      return res;
    });
  }));
});
