/* Help for the reader's own country first. The choice comes from the address (?country=CA or
   #country=CA), is written back to the address only, and is carried over the site's own links.
   Nothing is stored. Without JavaScript every country is listed, the build's own first. */
(function () {
  "use strict";

  function fromAddress() {
    var query = new URLSearchParams(window.location.search).get("country");
    var hash = new URLSearchParams(window.location.hash.slice(1)).get("country");
    return (query || hash || "").toUpperCase();
  }

  function show(code) {
    var found = false;
    document.querySelectorAll(".gta-help").forEach(function (list) {
      var chosen = list.querySelector(":scope > .gta-country-" + code.toLowerCase());  // docutils lowercases classes
      var first = list.querySelector(":scope > .gta-help-country");
      if (chosen && first) { list.insertBefore(chosen, first); found = true; }
    });
    document.querySelectorAll(".gta-country-picker a[data-country]").forEach(function (link) {
      if (link.getAttribute("data-country") === code) link.setAttribute("aria-current", "true");
      else link.removeAttribute("aria-current");
    });
    return found;
  }

  function carry(code) {
    document.querySelectorAll("a[href]").forEach(function (link) {
      var href = link.getAttribute("href");
      if (!href || href.charAt(0) === "#" || link.closest(".gta-country-picker, .gta-quick-exit")) return;
      var url = new URL(href, window.location.href);
      if (url.origin !== window.location.origin || !/\.html$|\/$/.test(url.pathname)) return;
      url.searchParams.set("country", code);
      link.setAttribute("href", url.href);
    });
  }

  function choose(code) {
    if (!show(code)) return;
    var url = new URL(window.location.href);
    url.searchParams.set("country", code);
    window.history.replaceState(null, "", url.href);
    carry(code);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".gta-country-picker a[data-country]");
    if (!link) return;
    event.preventDefault();
    choose(link.getAttribute("data-country"));
  });

  document.addEventListener("DOMContentLoaded", function () {
    var code = fromAddress();
    if (code && show(code)) carry(code);
  });
})();
