// A form that comes back with errors: focus its error summary, so the user (and a screen reader) starts
// there instead of at the top of a long page. DKFDS's ErrorSummary also makes each link scroll the field's
// label into view before focusing the field. A static file, because the CSP allows no inline script.
(function () {
  "use strict";
  var summary = document.querySelector('[data-module="error-summary"]');
  if (!summary) {
    return;
  }
  if (window.DKFDS && typeof window.DKFDS.ErrorSummary === "function") {
    new window.DKFDS.ErrorSummary(summary).init();
  } else {
    summary.focus();
  }
})();
