/* Printing a page opens every dropdown (answers, help in other countries, facilitator notes), so
   paper shows what the screen folds away; afterwards the ones that were closed close again.
   Stores nothing, sends nothing. */
(function () {
  "use strict";
  var opened = [];

  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details:not([open])").forEach(function (details) {
      details.setAttribute("open", "");
      opened.push(details);
    });
  });

  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) {
      details.removeAttribute("open");
    });
    opened = [];
  });
})();
