// Counts a timed test down on the page. The server enforces the deadline; this only shows it.
(function () {
  "use strict";
  var timer = document.getElementById("timer");
  if (!timer) { return; }
  var end = Date.now() + Number(timer.dataset.seconds) * 1000;
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    timer.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0") + " left";
    if (left > 0) { window.setTimeout(tick, 1000); } else { timer.textContent = "Time is up"; }
  }
  tick();
})();
