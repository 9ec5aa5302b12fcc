/* Accessibility fixes for markup Swagger UI builds without names or labels.
   Labels come from data attributes on #swagger-ui (translated in the template). */
(function () {
  "use strict";

  var container = document.getElementById("swagger-ui");
  var labels = container ? container.dataset : {};

  function fix() {
    document.querySelectorAll("select:not([aria-label])").forEach(function (select) {
      var row = select.closest("tr[data-param-name]");
      var label = row ? row.getAttribute("data-param-name") : labels.labelExamples;
      if (!select.labels || select.labels.length === 0) {
        select.setAttribute("aria-label", label || labels.labelValue);
      }
    });
    document.querySelectorAll("button.close-modal:not([aria-label])").forEach(function (button) {
      button.setAttribute("aria-label", labels.labelClose);
    });
    // The visible text must be part of the accessible name.
    document.querySelectorAll("button.modal-btn[aria-label]").forEach(function (button) {
      button.removeAttribute("aria-label");
    });
    // Buttons that open nested schemas often have no text of their own.
    document.querySelectorAll("button.model-box-control:not([aria-label])").forEach(function (button) {
      if (button.textContent.trim() === "") {
        var row = button.closest("tr.property-row");
        var name = row && row.cells.length ? row.cells[0].textContent.replace("*", "").trim() : "";
        button.setAttribute("aria-label", name ? labels.labelToggle + ": " + name : labels.labelToggle);
      }
    });
    // The request-body editor of "Try it out" has no label.
    document.querySelectorAll("textarea.body-param__text:not([aria-label])").forEach(function (area) {
      if (!area.labels || area.labels.length === 0) {
        area.setAttribute("aria-label", labels.labelBody);
      }
    });
    // Scrollable code samples must be reachable by keyboard.
    document.querySelectorAll(".highlight-code pre:not([tabindex])").forEach(function (pre) {
      pre.setAttribute("tabindex", "0");
    });
  }

  var pending = false;
  new MutationObserver(function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        fix();
      });
    }
  }).observe(document.body, { childList: true, subtree: true });
  fix();
})();
