// The management view's charts (Chart.js, served by the project). Each chart draws the table beside it;
// the data comes from a json_script block, so no inline script is needed (CSP: script-src 'self').
(function () {
  "use strict";
  var source = document.getElementById("targets-charts");
  if (!source || typeof window.Chart === "undefined") {
    return; // without Chart.js the tables still show every number
  }
  var data = JSON.parse(source.textContent);
  var blue = "#0059b3", grey = "#a0a0a0";
  var number = function (value) { return value === null ? null : Number(value); };
  var kroner = new Intl.NumberFormat("da-DK", { maximumFractionDigits: 0 });

  function bar(canvas, labels, datasets, options) {
    return new window.Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: Object.assign({ animation: false, responsive: true, maintainAspectRatio: false,
        plugins: { legend: { display: datasets.length > 1 } } }, options || {})
    });
  }

  var builders = {
    guarantee: function (canvas, chart) {
      return bar(canvas, chart.labels, [{ label: chart.label, data: chart.values.map(number), backgroundColor: blue }],
        { scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + " %"; } } } } });
    },
    discharges: function (canvas, chart) {
      return bar(canvas, chart.labels, [{ label: chart.label, data: chart.values.map(number), backgroundColor: blue }],
        { indexAxis: "y", scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } });
    },
    costs: function (canvas, chart) {
      return bar(canvas, chart.labels, [
        { label: chart.label, data: chart.values.map(number), backgroundColor: blue },
        { label: chart.before_label, data: chart.before.map(number), backgroundColor: grey }
      ], { scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return kroner.format(v) + " kr."; } } } } });
    }
  };

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var name = canvas.getAttribute("data-chart");
    if (builders[name] && data[name]) {
      builders[name](canvas, data[name]);
    }
  });
})();
