// A form that comes back with errors: focus its error summary, so the user (and a screen reader) starts
// there instead of at the top of a long page. DKFDS's ErrorSummary also makes each link scroll the field's
// label into view before focusing the field. A static file, because the CSP allows no inline script.
(function () {
  "use strict";
  var SELECTOR = '[data-module="error-summary"]';

  function focusSummary() {
    var summary = document.querySelector(SELECTOR);
    if (!summary || summary.dataset.summaryReady) {
      return;
    }
    summary.dataset.summaryReady = "1";
    if (window.DKFDS && typeof window.DKFDS.ErrorSummary === "function") {
      new window.DKFDS.ErrorSummary(summary).init();
    } else {
      summary.focus();
    }
  }

  focusSummary();
  // A form htmx swaps in (the citizen search) gets the same treatment once it has settled.
  document.addEventListener("htmx:afterSettle", focusSummary);
})();
