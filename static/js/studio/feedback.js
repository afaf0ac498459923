// Showing a graded take: notes coloured by verdict with a card of numbers, the
// pitch contour over the target line, the scores and tips, and a replay cursor.

const SVG_NS = "http://www.w3.org/2000/svg";
// Django's JavaScript catalogue (base.html) in the page's language; English when it is missing.
const gettext = window.gettext || ((text) => text);
const interpolate = window.interpolate || ((fmt, obj) => fmt.replace(/%\((\w+)\)s/g, (_, k) => String(obj[k])));
const say = (fmt, values) => interpolate(fmt, values, true);
// The width at which the studio CSS lays the page out for a phone (studio.css, @media max-width: 40rem).
const PHONE_WIDTH = "(max-width: 40rem)";
// The keyboard's usual spellings, as music.spelling.common_spelling writes them.
const NOTE_NAMES = ["C", "C♯", "D", "E♭", "E", "F", "F♯", "G", "G♯", "A", "B♭", "B"];
// A verdict code in words, in the notes table as the server renders it (grading_tags.verdict_label) and in the
// feedback lines: a right note is "in tune" and "on time", never the API's "ok".
const PITCH_WORDS = { ok: gettext("in tune"), flat: gettext("flat"), sharp: gettext("sharp"), wrong: gettext("wrong note"), missed: gettext("missed") };
const STATUS_WORDS = { queued: gettext("queued"), analyzing: gettext("analyzing"), done: gettext("done"), failed: gettext("failed") };
const VERDICT_CLASSES = ["v-ok", "v-flat", "v-sharp", "v-wrong", "v-missed", "t-early", "t-late", "graded", "playing"];
const TIMING_WORDS = { ok: gettext("on time"), early: gettext("early"), late: gettext("late"), missed: gettext("missed") };

/** A score out of 100 as every page writes it (music.words.score_text): "79%". */
export function scoreText(percent) {
  return percent === null || percent === undefined ? "—" : `${Math.round(percent)}%`;
}

export function noteName(midi) {
  if (midi === null || midi === undefined) return "—";
  const m = Math.round(midi);
  return `${NOTE_NAMES[((m % 12) + 12) % 12]}${Math.floor(m / 12) - 1}`;
}

/** A target note as its score writes it ("Bb4" -> "B♭4": never "A♯4" for a B flat); by MIDI number without one. */
export function targetName(note) {
  if (!note.written) return noteName(note.target_midi);
  return note.written.replace(/^([A-G])(#{1,2}|b{1,2})?/, (_, letter, accidental = "") =>
    letter + accidental.replace(/#/g, "♯").replace(/b/g, "♭"));
}

function signed(value, digits = 0) {
  if (value === null || value === undefined) return "—";
  const text = Number(value).toFixed(digits);
  return value > 0 ? `+${text}` : text;
}

// An entry within this of the first note's beat is "on" it; past ENTRY_FAR_MS it is told in seconds. The words name
// the first note's beat, not the count-in's: a take recorded with the count-in off read "270 ms after the count-in's
// beat" (walk19); the beat is where the count-in, or the music itself, put the first note.
const ENTRY_WITH_MS = 100;
const ENTRY_FAR_MS = 1000;

/**
 * The take's "Entry" line from GET /api/recordings/{id}/'s ``timing``.
 *
 * ``entry_ms`` is where the first note came against the beat the count-in led to (negative: before it),
 * read from the take's own tempo line. Each note's timing (the table's "ms") is judged against that
 * same line, its neighbours, so an early or late start moves none of them: an entry seconds off with
 * every note on time is a take begun before (or after) the count-in, and the line says so rather than
 * leave two figures that look as if they disagree.
 */
export function entryText(timing) {
  const latency = timing.latency_ms ? say(gettext(" (latency %(ms)s ms taken off)"), { ms: Math.round(timing.latency_ms) }) : "";
  if (timing.entry_ms === null || timing.entry_ms === undefined) {
    // Nothing to say (an uploaded file has no count-in): "" and the row stays hidden, never "Entry —".
    return timing.latency_ms ? say(gettext("latency %(ms)s ms taken off"), { ms: Math.round(timing.latency_ms) }) : "";
  }
  const ms = Math.round(timing.entry_ms);
  if (Math.abs(ms) <= ENTRY_WITH_MS) return say(gettext("on the first note's beat (%(ms)s ms)"), { ms: signed(ms) }) + latency;
  let word;
  if (Math.abs(ms) <= ENTRY_FAR_MS) {
    word = say(ms > 0 ? gettext("%(ms)s ms after the first note's beat") : gettext("%(ms)s ms before the first note's beat"), { ms: Math.abs(ms) });
  } else {
    const seconds = (Math.abs(ms) / 1000).toFixed(1);
    word = say(ms > 0 ? gettext("%(s)s s after the first note's beat") : gettext("%(s)s s before the first note's beat"), { s: seconds });
  }
  return word + latency;
}

/** Under an entry off the count-in: why the notes can still all be on time (``entryText``); "" otherwise. */
export function entryNote(timing) {
  const ms = timing.entry_ms;
  if (ms === null || ms === undefined || Math.abs(Math.round(ms)) <= ENTRY_WITH_MS) return "";
  return gettext("Each note's timing is measured against your own steady beat, so where you started does not change it.");
}

function el(name, attrs = {}, text = "") {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

/** A note's pitch and timing verdicts in words, as the notes table shows them: "in tune", "on time", "flat". */
export function verdictWords(note) {
  return [PITCH_WORDS[note.pitch] || note.pitch, TIMING_WORDS[note.timing] || note.timing];
}

/** One line per note, for the card and for screen readers. */
export function describeNote(note) {
  const parts = [say(gettext("Note %(n)s (%(name)s, bar %(bar)s)"), { n: note.index + 1, name: targetName(note), bar: note.bar ?? "?" })];
  if (note.pitch === "missed") {
    parts.push(gettext("missed: no note was heard here"));
  } else {
    parts.push(say(gettext("pitch %(verdict)s, %(cents)s cents (sung %(sung)s)"), { verdict: PITCH_WORDS[note.pitch] || note.pitch, cents: signed(note.cents), sung: noteName(note.sung_midi) }));
    parts.push(say(gettext("timing %(verdict)s, %(ms)s ms"), { verdict: TIMING_WORDS[note.timing] || note.timing, ms: signed(note.timing_error === null ? null : note.timing_error * 1000) }));
  }
  parts.push(say(gettext("confidence %(percent)s"), { percent: `${Math.round((note.confidence || 0) * 100)} %` }));
  return parts.join(gettext("; "));
}

export class Feedback {
  constructor({ root, score, card, noteIds, targets }) {
    this.root = root;
    this.targets = targets || [];
    this.score = score;
    this.card = card;
    this.noteIds = noteIds || [];
    // The 简谱 numbers carry the untransposed staff's ids; a transposed staff gets new ids, the numbers do not.
    this.writtenIds = [...this.noteIds];
    this.jianpuElements = [];
    this.notes = [];
    this.elements = [];
    this.cursorIndex = -1;
    this.shownSeconds = [0, 0];  // the span of the take the contour plots (drawContour)
    this.audio = root.querySelector("#take-audio");
    this.audio.addEventListener("play", () => this.followAudio());
    // A browser's MediaRecorder writes WebM without a duration, so the player shows an endless,
    // unseekable track. Seeking far past the end makes Chromium read to the end and learn it.
    // The file is fetched whole into a blob first: a blob seeks without HTTP range requests.
    const findDuration = async () => {
      if (this.audio.duration !== Infinity || this.audio.src.startsWith("blob:")) return;
      try {
        const response = await fetch(this.audio.src, { credentials: "same-origin" });
        if (!response.ok) return;
        const url = URL.createObjectURL(await response.blob());
        const back = () => {
          if (this.audio.duration === Infinity) return;
          this.audio.removeEventListener("durationchange", back);
          this.audio.currentTime = 0;
        };
        this.audio.addEventListener("durationchange", back);
        this.audio.addEventListener("loadedmetadata", () => { this.audio.currentTime = 1e7; }, { once: true });
        this.audio.src = url;
      } catch { /* it still plays, only without a scrub bar */ }
    };
    this.audio.addEventListener("loadedmetadata", findDuration);
    if (this.audio.readyState >= 1) findDuration();  // the metadata came before this script
    this.audio.addEventListener("seeked", () => this.moveCursor(this.audio.currentTime));
    document.addEventListener("keydown", (event) => { if (event.key === "Escape") this.hideCard(); });
  }

  /** Re-link the notes after the notation was re-rendered (transposed). */
  setNoteIds(ids) {
    this.noteIds = ids || [];
    if (this.notes.length) this.colourNotes();
  }

  clear() {
    this.root.hidden = true;
    this.notes = [];
    for (const node of this.elements) {
      if (!node) continue;
      node.classList.remove(...VERDICT_CLASSES);
      node.removeAttribute("tabindex");
      node.removeAttribute("aria-label");
      node.removeAttribute("role");
    }
    this.elements = [];
    for (const node of this.jianpuElements.flat()) node.classList.remove(...VERDICT_CLASSES);
    this.jianpuElements = [];
    this.hideCard();
  }

  /** Show a recording body from GET /api/recordings/{id}/ (status done). */
  show(body, { audioUrl, pageUrl, drillUrl } = {}) {
    const result = body.result || {};
    this.result = result;
    const written = result.target_line || [];
    this.notes = (result.notes || []).map((n) => ({
      bar: (this.targets[n.index] || {}).bar, written: (written[n.index] || {}).pitch, ...n,
    }));
    const summary = result.summary || {};
    const $ = (sel) => this.root.querySelector(sel);
    $("#fb-score").textContent = scoreText(summary.score);
    $("#fb-pitch").textContent = say(gettext("%(ok)s of %(total)s notes"), { ok: summary.pitch_ok, total: summary.notes });
    $("#fb-timing").textContent = say(gettext("%(ok)s of %(total)s notes"), { ok: summary.timing_ok, total: summary.notes });
    const entry = entryText(body.timing || {});
    $("#fb-entry").textContent = entry;
    for (const cell of [$("#fb-entry"), $("#fb-entry-label")]) if (cell) cell.hidden = !entry;
    const entryWhy = $("#fb-entry-note");
    if (entryWhy) {
      entryWhy.textContent = entryNote(body.timing || {});
      entryWhy.hidden = !entryWhy.textContent;
    }
    const tips = $("#fb-tips");
    tips.replaceChildren(...(body.feedback || result.feedback || []).map((line) => {
      const li = document.createElement("li");
      li.textContent = line;
      return li;
    }));
    this.fillTable($("#fb-notes tbody"));
    this.colourNotes();
    this.drawContour($("#contour"));
    if (audioUrl && this.audio.getAttribute("src") !== audioUrl) this.audio.src = audioUrl;
    if (pageUrl && $("#take-link")) $("#take-link").href = pageUrl;
    // Staff / 简谱 / Both reloads the page: after a take it opens the take's own page, where this take is
    // coloured in the notation chosen, rather than a studio with the verdicts gone.
    const notationNext = document.querySelector(".notation-choice input[name=next]");
    if (pageUrl && notationNext) notationNext.value = pageUrl;
    if (drillUrl) $("#drill-form").action = drillUrl;
    this.root.hidden = false;
  }

  fillTable(tbody) {
    tbody.replaceChildren(...this.notes.map((n) => {
      const tr = document.createElement("tr");
      tr.className = `note pitch-${n.pitch} timing-${n.timing}`;
      tr.dataset.index = n.index;
      tr.dataset.pitch = n.pitch;
      tr.dataset.timing = n.timing;
      const [pitchWord, timingWord] = verdictWords(n);
      const cells = [
        n.index + 1, n.bar ?? "", targetName(n), pitchWord,
        n.cents === null ? "—" : Math.round(n.cents), timingWord,
        n.timing_error === null ? "—" : signed(n.timing_error * 1000), `${Math.round((n.confidence ?? 0) * 100)}%`,
      ];
      cells.forEach((value, i) => {
        const td = document.createElement("td");
        td.textContent = value;
        if (i === 3) td.className = `verdict ${n.pitch}`;
        if (i === 5) td.className = `verdict ${n.timing}`;
        tr.append(td);
      });
      return tr;
    }));
  }

  /** The 简谱 numbers of target note ``index``: matched by the untransposed staff id they carry. */
  jianpuNodes(index) {
    const jianpu = document.getElementById("jianpu");
    const id = this.writtenIds[index];
    return jianpu && id ? [...jianpu.querySelectorAll(`g.jp-note[data-note-id="${CSS.escape(id)}"]`)] : [];
  }

  colourNotes() {
    for (const node of this.jianpuElements.flat()) node.classList.remove(...VERDICT_CLASSES);
    this.jianpuElements = this.notes.map((n) => {
      const nodes = this.jianpuNodes(n.index);
      for (const node of nodes) {
        node.classList.add("graded", `v-${n.pitch}`);
        if (n.timing === "early" || n.timing === "late") node.classList.add(`t-${n.timing}`);
        node.dataset.pitch = n.pitch;
        const title = document.createElementNS(SVG_NS, "title");
        title.textContent = describeNote(n);
        node.querySelector("title")?.remove();
        node.prepend(title);
      }
      return nodes;
    });
    this.elements = this.notes.map((n) => {
      const id = this.noteIds[n.index];
      const node = id ? this.score.querySelector(`[id="${CSS.escape(id)}"]`) : null;
      if (!node) return null;
      node.classList.add("graded", `v-${n.pitch}`);
      if (n.timing === "early" || n.timing === "late") node.classList.add(`t-${n.timing}`);
      node.dataset.index = n.index;
      node.dataset.pitch = n.pitch;
      node.setAttribute("tabindex", "0");
      node.setAttribute("role", "button");
      node.setAttribute("aria-label", describeNote(n));
      if (!node.dataset.wired) {
        node.dataset.wired = "1";
        const show = () => this.showCard(Number(node.dataset.index), node);
        node.addEventListener("mouseenter", show);
        node.addEventListener("focus", show);
        node.addEventListener("click", show);
        node.addEventListener("mouseleave", () => { if (document.activeElement !== node) this.hideCard(); });
        node.addEventListener("blur", () => this.hideCard());
      }
      return node;
    });
  }

  showCard(index, anchor) {
    const n = this.notes[index];
    if (!n || !this.card) return;
    const rows = [
      [gettext("Target"), say(gettext("%(name)s (bar %(bar)s)"), { name: targetName(n), bar: n.bar ?? "?" })],
      [gettext("Pitch"), n.pitch === "missed" ? gettext("missed") : say(gettext("%(verdict)s: %(cents)s cents"), { verdict: PITCH_WORDS[n.pitch], cents: signed(n.cents) })],
      [gettext("Sung"), noteName(n.sung_midi)],
      [gettext("Timing"), n.timing === "missed" ? gettext("missed") : say(gettext("%(verdict)s: %(ms)s ms"), { verdict: TIMING_WORDS[n.timing], ms: signed(n.timing_error === null ? null : n.timing_error * 1000) })],
      [gettext("Confidence"), `${Math.round((n.confidence || 0) * 100)} %`],
    ];
    this.card.replaceChildren();
    const title = document.createElement("p");
    title.className = "card-title";
    title.textContent = say(gettext("Note %(n)s"), { n: n.index + 1 });
    const dl = document.createElement("dl");
    for (const [k, v] of rows) {
      const dt = document.createElement("dt");
      dt.textContent = k;
      const dd = document.createElement("dd");
      dd.textContent = v;
      dl.append(dt, dd);
    }
    this.card.append(title, dl);
    this.card.className = `note-card v-${n.pitch}`;
    this.card.hidden = false;
    const box = anchor.getBoundingClientRect();
    if (window.matchMedia(PHONE_WIDTH).matches) {
      // On a phone a card under the note covered the next notes and their names: it docks to the edge of
      // the screen away from the note instead, clear of the staff the reader is looking at.
      const below = box.top + box.height / 2 > window.innerHeight / 2;
      this.card.classList.add("docked", below ? "docked-top" : "docked-bottom");
      this.card.style.left = "";
      this.card.style.top = "";
      return;
    }
    const host = this.card.offsetParent ? this.card.offsetParent.getBoundingClientRect() : { left: 0, top: 0, width: window.innerWidth };
    const width = this.card.offsetWidth || 200;
    const left = Math.min(Math.max(0, box.left - host.left + box.width / 2 - width / 2), Math.max(0, host.width - width));
    this.card.style.left = `${left}px`;
    this.card.style.top = `${box.bottom - host.top + 8}px`;
  }

  hideCard() {
    if (this.card) this.card.hidden = true;
  }

  /** The contour (Hz → MIDI) over the target bars, with a dashed line at each target onset.
   *
   * Drawn in the host's own pixels (and again when its width changes), so the axis labels are
   * real 13 px text on a phone, not a 900-unit drawing squeezed to 40 % and stretched. */
  drawContour(host) {
    const result = this.result || {};
    const contour = (result.contour || []).filter((p) => p[1]);
    const line = result.target_line || [];
    // The feedback card is still hidden on the first draw (width 0): it is drawn again once it shows.
    const { width: W, height: H } = hostSize(host, () => this.drawContour(host), { width: 900, height: 260 });
    if (!line.length) {
      host.replaceChildren();
      return;
    }
    const pad = { l: 42, r: 12, t: 10, b: 26 };
    const t0 = Math.max(0, Math.min(line[0].onset, contour.length ? contour[0][0] : Infinity) - 0.3);
    const last = line[line.length - 1];
    const t1 = Math.max(last.onset + last.duration, contour.length ? contour[contour.length - 1][0] : 0) + 0.3;
    const midis = [...line.map((n) => n.midi), ...contour.map((p) => 69 + 12 * Math.log2(p[1] / 440))];
    const lineMidis = line.map((n) => n.midi);
    const lo = Math.floor(Math.max(Math.min(...midis), Math.min(...lineMidis) - 7)) - 1;
    const hi = Math.ceil(Math.min(Math.max(...midis), Math.max(...lineMidis) + 7)) + 1;
    const x = (t) => pad.l + (t - t0) / (t1 - t0) * (W - pad.l - pad.r);
    const y = (m) => pad.t + (hi - m) / (hi - lo) * (H - pad.t - pad.b);
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: "contour-svg", focusable: "false" });
    // Every C and G, and the lowest pitch unless a label already sits within a line of text of it.
    const named = [];
    for (let m = lo; m <= hi; m += 1) if (m % 12 === 0 || m % 12 === 7) named.push(m);
    if (!named.some((m) => Math.abs(y(m) - y(lo)) < 20)) named.unshift(lo);
    for (const m of named) {
      svg.append(el("line", { x1: pad.l, x2: W - pad.r, y1: y(m), y2: y(m), class: "grid" }));
      svg.append(el("text", { x: pad.l - 4, y: y(m) + 4, class: "axis", "text-anchor": "end" }, noteName(m)));
    }
    const verdicts = this.notes;
    line.forEach((n, i) => {
      const v = verdicts[i] ? verdicts[i].pitch : "ok";
      svg.append(el("line", { x1: x(n.onset), x2: x(n.onset), y1: pad.t, y2: H - pad.b, class: "boundary" }));
      const rect = el("rect", {
        x: x(n.onset), y: y(n.midi + 0.5), width: Math.max(2, x(n.onset + n.duration) - x(n.onset)),
        height: Math.max(2, y(n.midi - 0.5) - y(n.midi + 0.5)), class: `target v-${v}`, rx: 3,
      });
      rect.append(el("title", {}, verdicts[i] ? describeNote(verdicts[i]) : noteName(n.midi)));
      svg.append(rect);
    });
    // Seconds marked often enough to read, never so often that the labels run together.
    const step = [1, 2, 5, 10, 15, 30, 60].find((s) => x(t0 + s) - x(t0) >= 40) || 120;
    for (let s = Math.ceil(t0 / step) * step; s <= t1; s += step) {
      svg.append(el("text", { x: x(s), y: H - 8, class: "axis", "text-anchor": "middle" }, `${s}s`));
    }
    let path = "";
    let pen = false;
    let prevT = -1;
    for (const [t, hz] of result.contour || []) {
      if (!hz || (prevT >= 0 && t - prevT > 0.08)) pen = false;
      if (hz) {
        const m = 69 + 12 * Math.log2(hz / 440);
        if (m >= lo && m <= hi) {
          path += `${pen ? "L" : "M"}${x(t).toFixed(1)},${y(m).toFixed(1)}`;
          pen = true;
        } else {
          pen = false;
        }
      }
      prevT = t;
    }
    svg.append(el("path", { d: path, class: "sung" }));
    this.cursor = el("line", { x1: x(t0), x2: x(t0), y1: pad.t, y2: H - pad.b, class: "cursor", visibility: "hidden" });
    svg.append(this.cursor);
    this.toX = x;
    this.shownSeconds = [t0, t1];
    host.replaceChildren(svg);
  }

  /** Move the replay cursor to `t` seconds into the take, lighting the note sung there. */
  moveCursor(t) {
    if (this.cursor && this.toX) {
      // Before the chart's first second (the lead-in) or after its last, the line would be drawn over
      // the note names in the margin: it shows only inside the plotted time.
      const [start, end] = this.shownSeconds;
      const inside = t >= start && t <= end;
      this.cursor.setAttribute("x1", this.toX(t));
      this.cursor.setAttribute("x2", this.toX(t));
      this.cursor.setAttribute("visibility", inside ? "visible" : "hidden");
    }
    const line = (this.result && this.result.target_line) || [];
    let index = -1;
    this.notes.forEach((n, i) => {
      const start = n.onset ?? (line[i] && line[i].onset);
      if (start !== null && start !== undefined && start <= t + 0.02) index = i;
    });
    if (index !== this.cursorIndex) {
      const old = this.elements[this.cursorIndex];
      if (old) old.classList.remove("playing");
      for (const node of this.jianpuElements[this.cursorIndex] || []) node.classList.remove("playing");
      const row = this.root.querySelector(`#fb-notes tr.playing`);
      if (row) row.classList.remove("playing");
      this.cursorIndex = index;
      const now = this.elements[index];
      if (now) now.classList.add("playing");
      for (const node of this.jianpuElements[index] || []) node.classList.add("playing");
      const tr = this.root.querySelector(`#fb-notes tr[data-index="${index}"]`);
      if (tr) tr.classList.add("playing");
    }
  }

  followAudio() {
    const step = () => {
      this.moveCursor(this.audio.currentTime);
      if (!this.audio.paused && !this.audio.ended) requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }
}

const redrawOnResize = new WeakMap();  // host → { redraw, width } of its latest drawing

/** The size, in CSS pixels, to draw an SVG into `host` at, one unit to a pixel, so its text is
 * real 12-13 px text on a phone, not a wide drawing squeezed to fit. `redraw` runs again whenever
 * the host's width changes (it may be hidden, width 0, on the first draw); `fallback` is the size
 * used while it has none, and gives the height's proportion where the host sets no height. */
function hostSize(host, redraw, fallback) {
  if (!redrawOnResize.has(host) && window.ResizeObserver) {
    new ResizeObserver(() => {
      const latest = redrawOnResize.get(host);
      if (host.clientWidth && host.clientWidth !== latest.width) latest.redraw();
    }).observe(host);
  }
  redrawOnResize.set(host, { redraw, width: host.clientWidth });
  const width = Math.round(host.clientWidth) || fallback.width;
  const height = Math.round(host.clientHeight) || Math.round(width * fallback.height / fallback.width);
  return { width, height };
}

/** Take history: an inline SVG of scores, oldest to newest, and a table. */
export function drawHistory(history, { chart, table, empty, takeUrl }) {
  const rows = [...history].reverse();
  table.replaceChildren(...rows.map((take) => {
    const tr = document.createElement("tr");
    const when = document.createElement("td");
    const link = document.createElement("a");
    link.href = takeUrl(take.id);
    link.textContent = new Date(take.at).toLocaleString(document.documentElement.lang || [], { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
    when.append(link);
    const status = document.createElement("td");
    status.textContent = STATUS_WORDS[take.status] || take.status;
    const score = document.createElement("td");
    // The score that counts: the teacher's where they scored the take (the gradebook's), said as theirs.
    score.textContent = take.teacher_scored ? say(gettext("%(score)s (your teacher's)"), { score: scoreText(take.score) }) : scoreText(take.score);
    tr.append(when, status, score);
    return tr;
  }));
  empty.hidden = history.length > 0;
  const graded = history.filter((t) => t.score !== null);
  if (graded.length === 0) {
    chart.replaceChildren();
    chart.hidden = true;
    const key = chart.parentElement && chart.parentElement.querySelector(".trend-key");
    if (key) key.hidden = true;
    return;
  }
  chart.hidden = false;
  const { width: W, height: H } = hostSize(chart, () => drawHistory(history, { chart, table, empty, takeUrl }),
    { width: 600, height: 160 });
  const pad = { l: 34, r: 12, t: 10, b: 22 };
  const n = graded.length;
  const x = (i) => pad.l + (n === 1 ? 0.5 : i / (n - 1)) * (W - pad.l - pad.r);
  const y = (s) => pad.t + (100 - s) / 100 * (H - pad.t - pad.b);
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, class: "trend-svg", focusable: "false" });
  for (const s of [0, 50, 100]) {
    svg.append(el("line", { x1: pad.l, x2: W - pad.r, y1: y(s), y2: y(s), class: "grid" }));
    svg.append(el("text", { x: pad.l - 6, y: y(s) + 4, class: "axis", "text-anchor": "end" }, String(s)));
  }
  svg.append(el("polyline", { points: graded.map((t, i) => `${x(i)},${y(t.score)}`).join(" "), class: "trend-line" }));
  graded.forEach((t, i) => {
    const dot = el("circle", { cx: x(i), cy: y(t.score), r: 5, class: "trend-dot" });
    if (t.teacher_scored) dot.classList.add("teacher");
    dot.append(el("title", {}, say(t.teacher_scored ? gettext("Take %(n)s: %(score)s, your teacher's score") : gettext("Take %(n)s: %(score)s"),
      { n: i + 1, score: scoreText(t.score) })));
    svg.append(dot);
  });
  svg.append(el("text", { x: pad.l, y: H - 4, class: "axis" }, gettext("first take")));
  svg.append(el("text", { x: W - pad.r, y: H - 4, class: "axis", "text-anchor": "end" }, gettext("latest")));
  // A filled dot is a score the teacher gave: said under the chart (inside it, the words ran into "latest").
  const key = chart.parentElement && chart.parentElement.querySelector(".trend-key");
  if (key) key.hidden = !graded.some((t) => t.teacher_scored);
  chart.setAttribute("aria-label", say(gettext("Scores of your graded takes, oldest to newest: %(scores)s"), { scores: graded.map((t) => Math.round(t.score)).join(", ") }));
  chart.replaceChildren(svg);
}
