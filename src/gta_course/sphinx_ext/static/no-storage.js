/* Nothing this site does is stored on the device. The theme remembers light or dark mode and the
   sidebar's scroll position in localStorage and sessionStorage; here both are replaced, before any
   other script runs, by storage that lives only as long as the page. */
(function () {
  "use strict";
  function pageOnlyStorage() {
    var items = new Map();
    return {
      get length() { return items.size; },
      key: function (i) { return Array.from(items.keys())[i] ?? null; },
      getItem: function (k) { return items.has(String(k)) ? items.get(String(k)) : null; },
      setItem: function (k, v) { items.set(String(k), String(v)); },
      removeItem: function (k) { items.delete(String(k)); },
      clear: function () { items.clear(); }
    };
  }
  ["localStorage", "sessionStorage"].forEach(function (name) {
    try {
      Object.defineProperty(window, name, { value: pageOnlyStorage(), configurable: true });
    } catch (e) { /* a browser that refuses keeps its own; the site still writes nothing itself */ }
  });
})();
