// Django's JavaScript catalogue (base.html) in the page's language; English when it is missing.
var gettext = window.gettext || function (text) { return text; };
var interpolate = window.interpolate || function (fmt, obj) {
  return fmt.replace(/%\((\w+)\)s/g, function (_, k) { return String(obj[k]); });
};
function fmt(text, values) { return interpolate(text, values, true); }

// Counts a timed test down on the page. The server enforces the deadline; this only shows it.
(function () {
  "use strict";
  var timer = document.getElementById("timer");
  if (!timer) { return; }
  var end = Date.now() + Number(timer.dataset.seconds) * 1000;
  function tick() {
    var left = Math.max(0, Math.round((end - Date.now()) / 1000));
    timer.textContent = fmt(gettext("%(time)s left"), { time: Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0") });
    if (left > 0) { window.setTimeout(tick, 1000); } else { timer.textContent = gettext("Time is up"); }
  }
  tick();
})();

// Answer on the staff: the question's own engraved staff (its clef, the notes given) takes a
// click, or the arrow keys (up/down a step, left/right the accidental). The note head and its
// accidental are drawn over the engraving, and the note's name, read in the clef, goes into the
// answer box, which still works on its own.
(function () {
  "use strict";
  var widget = document.querySelector(".staff-click");
  if (!widget) { return; }
  var area = widget.querySelector(".staff-click-area");
  var engraved = area.querySelector("svg");
  var staff = engraved && engraved.querySelector("g.staff");
  if (!staff) { return; }
  var input = document.getElementById(widget.dataset.input);
  var LETTERS = ["C", "D", "E", "F", "G", "A", "B"];
  // The bottom line of each clef as (letter index, octave).
  var BOTTOM = { treble: [2, 4], bass: [4, 2], alto: [3, 3], tenor: [1, 3] };
  var bottom = BOTTOM[widget.dataset.clef] || BOTTOM.treble;
  var LOW = -10, HIGH = 18;  // staff positions: 0 = bottom line, 1 = first space ... 8 = top line
  // The accidentals the question's settings can ask for, flat to sharp, as the page offers them (none: naturals only).
  var ACCIDENTALS = Array.prototype.map.call(widget.querySelectorAll("input[name=staff-accidental]"),
    function (radio) { return radio.value; });
  var svgNS = "http://www.w3.org/2000/svg";
  var layer = document.createElementNS(svgNS, "svg");
  layer.setAttribute("class", "staff-click-layer");
  layer.setAttribute("aria-hidden", "true");
  area.appendChild(layer);
  area.setAttribute("tabindex", "0");
  area.setAttribute("role", "slider");
  area.setAttribute("aria-valuemin", String(LOW));
  area.setAttribute("aria-valuemax", String(HIGH));
  widget.querySelector("#staff-click-help").hidden = false;
  var picker = widget.querySelector(".staff-click-accidentals");
  if (picker) { picker.hidden = false; }

  var position = null;

  // Where the engraving sits now, in pixels from the area's top left: the bottom line's y, the gap
  // between lines, and the x where the answer goes.
  function geometry() {
    var box = area.getBoundingClientRect();
    // Verovio draws the five lines top first; sort anyway, the bottom line is the largest y.
    var ys = Array.prototype.slice.call(staff.querySelectorAll(":scope > path")).slice(0, 5).map(function (path) {
      var r = path.getBoundingClientRect();
      return r.top + r.height / 2 - box.top;
    }).sort(function (a, b) { return a - b; });
    var gap = (ys[4] - ys[0]) / 4;
    var x;
    var notes = engraved.querySelectorAll("g.note");
    if (widget.dataset.slot === "chord" && notes.length) {
      var head = notes[0].getBoundingClientRect();
      x = head.left + head.width / 2 - box.left;
    } else {
      var staves = engraved.querySelectorAll("g.staff");
      var last = staves[staves.length - 1].querySelector(":scope > path").getBoundingClientRect();
      var share = widget.dataset.slot === "empty" ? 0.62 : 0.5;  // an empty first bar also holds the clef
      x = last.left - box.left + last.width * share;
    }
    return { bottom: ys[4], gap: gap, x: x, width: box.width, height: box.height };
  }

  function accidental() {
    var checked = widget.querySelector("input[name=staff-accidental]:checked");
    return checked ? checked.value : "";
  }
  function noteName(pos) {
    var step = bottom[0] + pos;
    var octave = bottom[1] + Math.floor(step / 7);
    return LETTERS[((step % 7) + 7) % 7] + accidental() + octave;
  }
  function el(name, attrs) {
    var node = document.createElementNS(svgNS, name);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    return node;
  }
  function line(x1, y1, x2, y2, width) {
    return el("line", { x1: x1, y1: y1, x2: x2, y2: y2, "stroke-width": width, "stroke-linecap": "round" });
  }
  function flat(x, y, g) {
    var group = el("g", {});
    group.appendChild(line(x - 0.25 * g, y - 1.6 * g, x - 0.25 * g, y + 0.5 * g, 0.12 * g));
    group.appendChild(el("path", { d: "M" + (x - 0.25 * g) + " " + (y + 0.5 * g) + " C " + (x + 0.6 * g) + " " +
      (y + 0.05 * g) + " " + (x + 0.55 * g) + " " + (y - 0.55 * g) + " " + (x - 0.25 * g) + " " + (y - 0.05 * g),
      fill: "none", "stroke-width": 0.16 * g }));
    return group;
  }
  // The accidental drawn left of a head at (x, y), in staff gaps g: drawn, so no music font is needed.
  function accidentalGlyph(kind, x, y, g) {
    var group = el("g", { class: "accidental" });
    if (kind === "#") {
      group.appendChild(line(x - 0.22 * g, y - 1.1 * g, x - 0.22 * g, y + 1.2 * g, 0.1 * g));
      group.appendChild(line(x + 0.22 * g, y - 1.2 * g, x + 0.22 * g, y + 1.1 * g, 0.1 * g));
      group.appendChild(line(x - 0.5 * g, y - 0.25 * g, x + 0.5 * g, y - 0.5 * g, 0.22 * g));
      group.appendChild(line(x - 0.5 * g, y + 0.5 * g, x + 0.5 * g, y + 0.25 * g, 0.22 * g));
    } else if (kind === "x") {
      group.appendChild(line(x - 0.35 * g, y - 0.35 * g, x + 0.35 * g, y + 0.35 * g, 0.16 * g));
      group.appendChild(line(x - 0.35 * g, y + 0.35 * g, x + 0.35 * g, y - 0.35 * g, 0.16 * g));
    } else if (kind === "b") {
      group.appendChild(flat(x, y, g));
    } else if (kind === "bb") {
      group.appendChild(flat(x - 0.45 * g, y, g));
      group.appendChild(flat(x + 0.45 * g, y, g));
    }
    return group;
  }

  function draw() {
    while (layer.firstChild) { layer.removeChild(layer.firstChild); }
    if (position === null) { return; }
    var geo = geometry();
    layer.setAttribute("viewBox", "0 0 " + geo.width + " " + geo.height);
    layer.setAttribute("width", geo.width);
    layer.setAttribute("height", geo.height);
    var g = geo.gap;
    var y = geo.bottom - position * g / 2;
    for (var p = -2; p >= position; p -= 2) {
      layer.appendChild(line(geo.x - 1.1 * g, geo.bottom - p * g / 2, geo.x + 1.1 * g, geo.bottom - p * g / 2, 0.12 * g));
    }
    for (var q = 10; q <= position; q += 2) {
      layer.appendChild(line(geo.x - 1.1 * g, geo.bottom - q * g / 2, geo.x + 1.1 * g, geo.bottom - q * g / 2, 0.12 * g));
    }
    layer.appendChild(el("ellipse", { cx: geo.x, cy: y, rx: 0.66 * g, ry: 0.46 * g,
      transform: "rotate(-20 " + geo.x + " " + y + ")", class: "head" }));
    var kind = accidental();
    if (kind) { layer.appendChild(accidentalGlyph(kind, geo.x - 1.55 * g, y, g)); }
  }

  function place(pos) {
    position = Math.max(LOW, Math.min(HIGH, pos));
    draw();
    input.value = noteName(position);
    area.setAttribute("aria-valuenow", String(position));
    area.setAttribute("aria-valuetext", input.value.replace("bb", "\u266d\u266d").replace("b", "\u266d")
      .replace("#", "\u266f").replace("x", "\ud834\udd2a"));
  }
  function shiftAccidental(by) {
    if (ACCIDENTALS.length < 2) { return; }
    var index = ACCIDENTALS.indexOf(accidental()) + by;
    if (index < 0 || index >= ACCIDENTALS.length) { return; }
    widget.querySelector("input[name=staff-accidental][value='" + ACCIDENTALS[index] + "']").checked = true;
    if (position !== null) { place(position); }
  }

  area.addEventListener("click", function (event) {
    var geo = geometry();
    var y = event.clientY - area.getBoundingClientRect().top;
    place(Math.round((geo.bottom - y) / (geo.gap / 2)));
    area.focus({ preventScroll: true });
  });
  area.addEventListener("keydown", function (event) {
    if (event.key === "ArrowUp" || event.key === "ArrowDown") {
      event.preventDefault();
      place((position === null ? 4 : position) + (event.key === "ArrowUp" ? 1 : -1));
    } else if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
      event.preventDefault();
      shiftAccidental(event.key === "ArrowRight" ? 1 : -1);
    } else if (event.key === "Enter" && position !== null) {
      event.preventDefault();
      input.form.requestSubmit();
    }
  });
  widget.querySelectorAll("input[name=staff-accidental]").forEach(function (radio) {
    radio.addEventListener("change", function () { if (position !== null) { place(position); } });
  });
  window.addEventListener("resize", draw);
})();

// A test is handed in once: ask before the form goes.
(function () {
  "use strict";
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) { event.preventDefault(); }
    });
  });
})();

// Sung and clapped answers: record from the microphone and send the take to the page's
// recording URL (the file chooser beside it works without this script).
(function () {
  var form = document.getElementById("recording-form");
  var button = document.getElementById("record-button");
  var rescue = document.getElementById("record-rescue");
  if (!form || !button || !rescue || !window.MediaRecorder || !navigator.mediaDevices) { return; }
  var status = document.getElementById("record-status");
  var save = document.getElementById("record-save");
  var seconds = parseFloat(form.dataset.seconds || "8") + 3;  // a little room to start and to finish
  var saveUrl = null;
  button.hidden = false;

  // A take the server did not take (no network, a busy server) stays on the page to send again or save: it
  // was dropped, and "choose a file instead" left the student with no file to choose.
  function send(take) {
    rescue.hidden = true;
    status.textContent = gettext("Sending…");
    var data = new FormData(form);
    data.delete("audio");
    data.append("audio", take, "answer.webm");
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" }).then(function (response) {
      // Answered, the server sends the page on (a redirect); a busy or failing server answers with an
      // error, and opening the form's own address then showed a page with nothing on it.
      if (!response.ok) { throw new Error(String(response.status)); }
      window.location.href = response.url;
    }).catch(function () {
      button.disabled = false;
      status.textContent = gettext("The recording could not be sent: check your connection, then send it again or save it on this device.");
      if (saveUrl) { URL.revokeObjectURL(saveUrl); }
      saveUrl = URL.createObjectURL(take);
      save.href = saveUrl;
      save.download = "answer.webm";
      rescue.hidden = false;
      document.getElementById("record-resend").onclick = function () { send(take); };
    });
  }

  button.addEventListener("click", function () {
    button.disabled = true;
    // Music, not speech: no echo cancelling, noise suppression or gain riding, which smear claps and notes.
    var constraints = { audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } };
    navigator.mediaDevices.getUserMedia(constraints).then(function (stream) {
      var chunks = [];
      var recorder = new MediaRecorder(stream);
      recorder.addEventListener("dataavailable", function (event) { if (event.data.size) { chunks.push(event.data); } });
      recorder.addEventListener("stop", function () {
        stream.getTracks().forEach(function (track) { track.stop(); });
        send(new Blob(chunks, { type: recorder.mimeType || "audio/webm" }));
      });
      recorder.start();
      status.textContent = fmt(gettext("Recording… (%(seconds)s s)"), { seconds: Math.round(seconds) });
      window.setTimeout(function () { recorder.stop(); }, seconds * 1000);
    }).catch(function () {
      status.textContent = gettext("The microphone could not be opened: choose a recording file instead.");
      button.disabled = false;
    });
  });
})();

// Part writing on a grand staff: pick a voice, click above a chord to place its note. Each
// position is a transparent target (data-staff, data-col, data-pos), so a click lands exactly;
// the four text boxes follow the staff (they are the answer, and stay editable).
(function () {
  "use strict";
  var widget = document.querySelector(".voices-staff");
  if (!widget) { return; }
  var chords = parseInt(widget.dataset.chords, 10);
  var fifths = parseInt(widget.dataset.keyFifths || "0", 10);
  var LETTERS = ["C", "D", "E", "F", "G", "A", "B"];
  var SHARP_ORDER = [3, 0, 4, 1, 5, 2, 6];
  var STAVES = { treble: { bottom: [2, 4], top: 20 }, bass: { bottom: [4, 2], top: 170 } };
  var STAFF_OF = { soprano: "treble", alto: "treble", tenor: "bass", bass: "bass" };
  var VOICE_NAMES = { soprano: gettext("Soprano"), alto: gettext("Alto"), tenor: gettext("Tenor"), bass: gettext("Bass") };
  var STAFF_NAMES = { treble: gettext("treble"), bass: gettext("bass") };
  var COLOUR = { soprano: "#c0392b", alto: "#2456d6", tenor: "#1e8449", bass: "#6c3483" };
  var LOW = -6, HIGH = 14, HALF = 6, COL = 48, SYSTEM = 18;
  // The clef and key-signature glyphs come from the question's own engraving above (Verovio
  // puts each glyph it uses in its <defs>), so they match it and no music font is needed.
  var engraving = document.querySelector(".question .notation svg");
  function glyph(code) {
    var found = engraving && engraving.querySelector("[id^='" + code + "-']");
    return found ? found.id : null;
  }
  var CLEF = { treble: { glyph: glyph("E050"), pos: 2 }, bass: { glyph: glyph("E062"), pos: 6 } };
  // Key-signature positions in the treble staff (0 = bottom line); the bass is two steps lower.
  var SHARP_POS = [8, 5, 9, 6, 3, 7, 4], FLAT_POS = [4, 7, 3, 6, 2, 5, 1];
  var keyGlyph = glyph(fifths > 0 ? "E262" : "E260");
  var KEY_STEP = 11;
  var LEFT = SYSTEM + 44 + Math.abs(fifths) * KEY_STEP + 6;
  var GLYPH_SCALE = 2 * HALF / 250;  // a SMuFL staff space is 250 font units
  var svgNS = "http://www.w3.org/2000/svg";
  var status = document.getElementById("voices-staff-status");
  var y = function (staff, pos) { return STAVES[staff].top + (HIGH - pos) * HALF; };
  var width = LEFT + chords * COL + 8;
  var height = y("bass", LOW) + 20;
  var svg = document.createElementNS(svgNS, "svg");
  // Drawn at its own size (a sensible staff on a desktop), shrunk by CSS only where the column is narrower.
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.setAttribute("class", "voices-staff-svg");
  svg.setAttribute("aria-label", gettext("Grand staff: click to place the chosen voice's note"));
  function el(name, attrs, parent) {
    var e = document.createElementNS(svgNS, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (parent || svg).appendChild(e);
    return e;
  }
  function useGlyph(id, x, yy, cls) {
    return el("use", { href: "#" + id, transform: "translate(" + x + " " + yy + ") scale(" + GLYPH_SCALE + ")", class: cls });
  }
  var end = LEFT + chords * COL;
  Object.keys(STAVES).forEach(function (staff) {
    for (var line = 0; line < 5; line += 1) {
      el("line", { x1: SYSTEM, x2: end, y1: y(staff, line * 2), y2: y(staff, line * 2), stroke: "#333" });
    }
    el("line", { x1: end, x2: end, y1: y(staff, 8), y2: y(staff, 0), stroke: "#333" });
    var clef = CLEF[staff];
    if (clef.glyph) {
      el("title", {}, useGlyph(clef.glyph, SYSTEM + 6, y(staff, clef.pos), "pw-clef")).textContent = STAFF_NAMES[staff];
    } else {
      el("text", { x: SYSTEM + 4, y: y(staff, 4) + 5, "font-size": 14, fill: "#5b6475", class: "pw-clef" }).textContent = STAFF_NAMES[staff];
    }
    var shift = staff === "bass" ? -2 : 0;
    for (var k = 0; k < Math.abs(fifths); k += 1) {
      var pos = (fifths > 0 ? SHARP_POS : FLAT_POS)[k] + shift;
      var kx = SYSTEM + 44 + k * KEY_STEP;
      if (keyGlyph) {
        useGlyph(keyGlyph, kx, y(staff, pos), "pw-key");
      } else {
        el("text", { x: kx, y: y(staff, pos) + 5, "font-size": 16, class: "pw-key" }).textContent = fifths > 0 ? "♯" : "♭";
      }
    }
  });
  // The system line and the brace that join the two staves.
  var top = y("treble", 8), bottom = y("bass", 0), mid = (top + bottom) / 2;
  el("line", { x1: SYSTEM, x2: SYSTEM, y1: top, y2: bottom, stroke: "#333", "stroke-width": 1.5 });
  el("path", { class: "pw-brace", fill: "#333", d: "M" + (SYSTEM - 4) + " " + top +
    " C" + (SYSTEM - 14) + " " + (top + 20) + " " + (SYSTEM - 2) + " " + (mid - 20) + " " + (SYSTEM - 12) + " " + mid +
    " C" + (SYSTEM - 2) + " " + (mid + 20) + " " + (SYSTEM - 14) + " " + (bottom - 20) + " " + (SYSTEM - 4) + " " + bottom +
    " C" + (SYSTEM - 10) + " " + (bottom - 20) + " " + (SYSTEM + 1) + " " + (mid + 20) + " " + (SYSTEM - 9) + " " + mid +
    " C" + (SYSTEM + 1) + " " + (mid - 20) + " " + (SYSTEM - 10) + " " + (top + 20) + " " + (SYSTEM - 4) + " " + top + "Z" });
  var drawn = el("g", {});
  var targets = el("g", {});
  Object.keys(STAVES).forEach(function (staff) {
    for (var col = 0; col < chords; col += 1) {
      for (var pos = LOW; pos <= HIGH; pos += 1) {
        el("rect", { x: LEFT + col * COL, y: y(staff, pos) - HALF / 2, width: COL, height: HALF, fill: "transparent",
                     "data-staff": staff, "data-col": col, "data-pos": pos, class: "pw-target" }, targets);
      }
    }
  });
  widget.insertBefore(svg, status);
  widget.hidden = false;

  function keyAlter(letter) {
    if (fifths > 0 && SHARP_ORDER.slice(0, fifths).indexOf(letter) >= 0) { return "#"; }
    if (fifths < 0 && SHARP_ORDER.slice().reverse().slice(0, -fifths).indexOf(letter) >= 0) { return "b"; }
    return "";
  }
  function input(voice) { return document.getElementById("voice-" + voice); }
  function tokens(voice) {
    var words = (input(voice).value || "").trim().split(/\s+/).filter(Boolean);
    while (words.length < chords) { words.push("?"); }
    return words.slice(0, chords);
  }
  function posOf(staff, token) {
    var m = /^([A-G])(#|##|x|b|bb|n)?(\d)$/.exec(token);
    if (!m) { return null; }
    var bottom = STAVES[staff].bottom;
    return LETTERS.indexOf(m[1]) + 7 * parseInt(m[3], 10) - (bottom[0] + 7 * bottom[1]);
  }
  function redraw() {
    while (drawn.firstChild) { drawn.removeChild(drawn.firstChild); }
    Object.keys(STAFF_OF).forEach(function (voice, v) {
      var staff = STAFF_OF[voice];
      tokens(voice).forEach(function (token, col) {
        var pos = posOf(staff, token);
        if (pos === null || pos < LOW - 4 || pos > HIGH + 4) { return; }
        var cx = LEFT + col * COL + COL / 2 + (v % 2 ? 9 : -9);
        for (var p = -2; p >= pos; p -= 2) { el("line", { x1: cx - 11, x2: cx + 11, y1: y(staff, p), y2: y(staff, p), stroke: "#333" }, drawn); }
        for (var q = 10; q <= pos; q += 2) { el("line", { x1: cx - 11, x2: cx + 11, y1: y(staff, q), y2: y(staff, q), stroke: "#333" }, drawn); }
        el("ellipse", { cx: cx, cy: y(staff, pos), rx: 7, ry: 5, fill: COLOUR[voice] }, drawn);
        var acc = token.replace(/^[A-G]/, "").replace(/\d$/, "");
        if (acc) { el("text", { x: cx - 21, y: y(staff, pos) + 5, "font-size": 14 }, drawn).textContent = acc.replace("#", "♯").replace(/b/g, "♭"); }
      });
    });
  }
  svg.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest(".pw-target") : null;
    if (!target) { return; }
    var voice = widget.querySelector("input[name=pw-voice]:checked").value;
    var staff = target.dataset.staff;
    if (STAFF_OF[voice] !== staff) {
      status.textContent = fmt(gettext("%(voice)s is written on the %(staff)s staff."), { voice: VOICE_NAMES[voice], staff: STAFF_NAMES[STAFF_OF[voice]] });
      return;
    }
    if (input(voice).readOnly) { status.textContent = gettext("The bass is given."); return; }
    var bottom = STAVES[staff].bottom;
    var step = bottom[0] + parseInt(target.dataset.pos, 10);
    var letter = ((step % 7) + 7) % 7;
    var octave = bottom[1] + Math.floor(step / 7);
    var chosen = widget.querySelector("input[name=pw-accidental]:checked").value;
    var acc = chosen === "key" ? keyAlter(letter) : chosen === "n" ? "" : chosen;
    var words = tokens(voice);
    words[parseInt(target.dataset.col, 10)] = LETTERS[letter] + acc + octave;
    input(voice).value = words.join(" ");
    status.textContent = fmt(gettext("%(voice)s, chord %(chord)s: %(note)s"), { voice: VOICE_NAMES[voice], chord: parseInt(target.dataset.col, 10) + 1, note: LETTERS[letter] + acc + octave });
    redraw();
  });
  Object.keys(STAFF_OF).forEach(function (voice) { input(voice).addEventListener("input", redraw); });
  redraw();
})();

// A keyboard to play on is one row that scrolls sideways on a phone: it opens with middle C's octave
// in sight (it opened on the lowest octave), where most questions' notes are.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll(".keyboard.scrolls"), function (keyboard) {
    if (keyboard.scrollWidth <= keyboard.clientWidth) { return; }
    var middleC = keyboard.querySelector('[data-midi="60"]');
    var octave = middleC && middleC.closest(".octave");
    if (!octave) { return; }
    // Its C (labelled) at the row's left edge: centred, a phone's 7-key octave cut C itself in half.
    keyboard.scrollLeft = octave.getBoundingClientRect().left - keyboard.getBoundingClientRect().left + keyboard.scrollLeft;
  });
})();
