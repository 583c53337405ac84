/* Quick exit, after GOV.UK's "Exit this page": a visible button, and Shift pressed three times
   within five seconds. Leaving replaces this page in the history, so Back does not return here.
   Esc alone is not used: it can stop a page from loading. Stores nothing, sends nothing. */
(function () {
  "use strict";
  var SHIFT_PRESSES = 3;
  var WINDOW_MS = 5000;
  var presses = [];

  function leave(url) {
    document.body.classList.add("gta-quick-exit--leaving");
    document.title = "Loading";
    window.location.replace(url);
  }

  function exitUrl() {
    var link = document.querySelector(".gta-quick-exit__button");
    return link ? link.getAttribute("data-exit-url") : null;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".gta-quick-exit__button");
    if (!link) return;
    event.preventDefault();
    leave(link.getAttribute("data-exit-url"));
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) return;
    var now = Date.now();
    presses = presses.filter(function (t) { return now - t < WINDOW_MS; });
    presses.push(now);
    if (presses.length >= SHIFT_PRESSES) {
      var url = exitUrl();
      if (url) leave(url);
    }
  });
})();
