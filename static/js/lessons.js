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

// Answer by clicking the staff: a click (or the arrow keys) places a note head; the note's
// name, read in the question's clef, goes into the answer box, which still works on its own.
(function () {
  "use strict";
  var widget = document.querySelector(".staff-click");
  if (!widget) { return; }
  var input = document.getElementById(widget.dataset.input);
  var LETTERS = ["C", "D", "E", "F", "G", "A", "B"];
  // The bottom line of each clef as (letter index, octave).
  var BOTTOM = { treble: [2, 4], bass: [4, 2], alto: [3, 3], tenor: [1, 3] };
  var bottom = BOTTOM[widget.dataset.clef] || BOTTOM.treble;
  var LOW = -6, HIGH = 14, GAP = 14, LEFT = 70, WIDTH = 220, TOP = 20;  // positions: 0 = bottom line, 1 = first space...
  var y = function (pos) { return TOP + (HIGH - pos) * GAP / 2; };
  var svgNS = "http://www.w3.org/2000/svg";
  var svg = document.createElementNS(svgNS, "svg");
  svg.setAttribute("viewBox", "0 0 " + (LEFT + WIDTH + 20) + " " + (y(LOW) + TOP));
  svg.setAttribute("class", "staff-click-svg");
  svg.setAttribute("tabindex", "0");
  svg.setAttribute("role", "slider");
  svg.setAttribute("aria-describedby", "staff-click-help");
  svg.setAttribute("aria-label", "Staff: the note's position");
  for (var line = 0; line < 5; line += 1) {
    var l = document.createElementNS(svgNS, "line");
    l.setAttribute("x1", LEFT); l.setAttribute("x2", LEFT + WIDTH);
    l.setAttribute("y1", y(line * 2)); l.setAttribute("y2", y(line * 2));
    l.setAttribute("stroke", "#333");
    svg.appendChild(l);
  }
  var clefLabel = document.createElementNS(svgNS, "text");
  clefLabel.setAttribute("x", 4); clefLabel.setAttribute("y", y(4) + 5);
  clefLabel.setAttribute("font-size", "13"); clefLabel.setAttribute("fill", "#5b6475");
  clefLabel.textContent = (widget.dataset.clef || "treble") + " clef";
  svg.appendChild(clefLabel);
  var ledgers = document.createElementNS(svgNS, "g");
  var head = document.createElementNS(svgNS, "ellipse");
  head.setAttribute("rx", 9); head.setAttribute("ry", 6.5); head.setAttribute("cx", LEFT + WIDTH / 2);
  head.setAttribute("fill", "#2456d6"); head.setAttribute("visibility", "hidden");
  svg.appendChild(ledgers); svg.appendChild(head);
  widget.insertBefore(svg, widget.querySelector(".staff-click-accidentals"));
  widget.hidden = false;

  var position = null;
  function accidental() {
    var checked = widget.querySelector("input[name=staff-accidental]:checked");
    return checked ? checked.value : "";
  }
  function noteName(pos) {
    var step = bottom[0] + pos;
    var octave = bottom[1] + Math.floor(step / 7);
    return LETTERS[((step % 7) + 7) % 7] + accidental() + octave;
  }
  function place(pos) {
    position = Math.max(LOW, Math.min(HIGH, pos));
    head.setAttribute("cy", y(position));
    head.setAttribute("visibility", "visible");
    while (ledgers.firstChild) { ledgers.removeChild(ledgers.firstChild); }
    for (var p = -2; p >= position; p -= 2) { ledgers.appendChild(ledger(p)); }
    for (var q = 10; q <= position; q += 2) { ledgers.appendChild(ledger(q)); }
    input.value = noteName(position);
    svg.setAttribute("aria-valuetext", input.value);
  }
  function ledger(pos) {
    var l = document.createElementNS(svgNS, "line");
    l.setAttribute("x1", LEFT + WIDTH / 2 - 18); l.setAttribute("x2", LEFT + WIDTH / 2 + 18);
    l.setAttribute("y1", y(pos)); l.setAttribute("y2", y(pos)); l.setAttribute("stroke", "#333");
    return l;
  }
  svg.addEventListener("click", function (event) {
    var box = svg.getBoundingClientRect();
    var units = (event.clientY - box.top) * (svg.viewBox.baseVal.height / box.height);
    place(Math.round(HIGH - (units - TOP) / (GAP / 2)));
  });
  svg.addEventListener("keydown", function (event) {
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      place((position === null ? 4 : position) + (event.key === "ArrowUp" ? 1 : -1));
    } else if (event.key === "Enter" && position !== null) {
      event.preventDefault();
      input.form.requestSubmit();
    }
  });
  widget.querySelectorAll("input[name=staff-accidental]").forEach(function (radio) {
    radio.addEventListener("change", function () { if (position !== null) { place(position); } });
  });
})();
