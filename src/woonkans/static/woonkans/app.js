// Woonkans page behaviour. No inline scripts: the Content-Security-Policy forbids them.
(function () {
  "use strict";
  // Move focus to the first error summary so screen-reader users hear what went wrong.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-wk-error-summary]");
    if (summary) { summary.focus(); }
  });
})();
