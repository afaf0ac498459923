// Showing a graded take: notes coloured by verdict with a card of numbers, the
// pitch contour over the target line, the scores and tips, and a replay cursor.

const SVG_NS = "http://www.w3.org/2000/svg";
const NOTE_NAMES = ["C", "C♯", "D", "E♭", "E", "F", "F♯", "G", "A♭", "A", "B♭", "B"];
const PITCH_WORDS = { ok: "in tune", flat: "flat", sharp: "sharp", wrong: "wrong note", missed: "missed" };
const TIMING_WORDS = { ok: "on time", early: "early", late: "late", missed: "missed" };

export function noteName(midi) {
  if (midi === null || midi === undefined) return "—";
  const m = Math.round(midi);
  return `${NOTE_NAMES[((m % 12) + 12) % 12]}${Math.floor(m / 12) - 1}`;
}

function signed(value, digits = 0) {
  if (value === null || value === undefined) return "—";
  const text = Number(value).toFixed(digits);
  return value > 0 ? `+${text}` : text;
}

function el(name, attrs = {}, text = "") {
  const node = document.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

/** One line per note, for the card and for screen readers. */
export function describeNote(note) {
  const parts = [`Note ${note.index + 1} (${noteName(note.target_midi)}, bar ${note.bar ?? "?"})`];
  if (note.pitch === "missed") {
    parts.push("missed: no note was heard here");
  } else {
    parts.push(`pitch ${PITCH_WORDS[note.pitch] || note.pitch}, ${signed(note.cents)} cents (sung ${noteName(note.sung_midi)})`);
    parts.push(`timing ${TIMING_WORDS[note.timing] || note.timing}, ${signed(note.timing_error === null ? null : note.timing_error * 1000)} ms`);
  }
  parts.push(`confidence ${Math.round((note.confidence || 0) * 100)} %`);
  return parts.join("; ");
}

export class Feedback {
  constructor({ root, score, card, noteIds, targets }) {
    this.root = root;
    this.targets = targets || [];
    this.score = score;
    this.card = card;
    this.noteIds = noteIds || [];
    this.notes = [];
    this.elements = [];
    this.cursorIndex = -1;
    this.audio = root.querySelector("#take-audio");
    this.audio.addEventListener("play", () => this.followAudio());
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
      node.classList.remove("v-ok", "v-flat", "v-sharp", "v-wrong", "v-missed", "t-early", "t-late", "graded", "playing");
      node.removeAttribute("tabindex");
      node.removeAttribute("aria-label");
      node.removeAttribute("role");
    }
    this.elements = [];
    this.hideCard();
  }

  /** Show a recording body from GET /api/recordings/{id}/ (status done). */
  show(body, { audioUrl, pageUrl, drillUrl } = {}) {
    const result = body.result || {};
    this.result = result;
    this.notes = (result.notes || []).map((n) => ({ bar: (this.targets[n.index] || {}).bar, ...n }));
    const summary = result.summary || {};
    const $ = (sel) => this.root.querySelector(sel);
    $("#fb-score").textContent = summary.score === undefined ? "—" : Math.round(summary.score);
    $("#fb-pitch").textContent = `${summary.pitch_ok} of ${summary.notes} notes`;
    $("#fb-timing").textContent = `${summary.timing_ok} of ${summary.notes} notes`;
    const timing = body.timing || {};
    const entry = $("#fb-entry");
    if (timing.entry_ms !== null && timing.entry_ms !== undefined) {
      const ms = Math.round(timing.entry_ms);
      const word = Math.abs(ms) <= 100 ? `with the count-in (${signed(ms)} ms)`
        : `${Math.abs(ms)} ms ${ms > 0 ? "after" : "before"} the beat`;
      entry.textContent = word + (timing.latency_ms ? ` (latency ${Math.round(timing.latency_ms)} ms taken off)` : "");
    } else {
      entry.textContent = timing.latency_ms ? `latency ${Math.round(timing.latency_ms)} ms taken off` : "—";
    }
    const tips = $("#fb-tips");
    tips.replaceChildren(...(result.feedback || []).map((line) => {
      const li = document.createElement("li");
      li.textContent = line;
      return li;
    }));
    this.fillTable($("#fb-notes tbody"));
    this.colourNotes();
    this.drawContour($("#contour"));
    if (audioUrl && this.audio.getAttribute("src") !== audioUrl) this.audio.src = audioUrl;
    if (pageUrl) $("#take-link").href = pageUrl;
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
      const cells = [
        n.index + 1, n.bar ?? "", noteName(n.target_midi), n.pitch,
        n.cents === null ? "—" : Math.round(n.cents), n.timing,
        n.timing_error === null ? "—" : signed(n.timing_error * 1000), (n.confidence ?? 0).toFixed(2),
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

  colourNotes() {
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
      ["Target", `${noteName(n.target_midi)} (bar ${n.bar ?? "?"})`],
      ["Pitch", n.pitch === "missed" ? "missed" : `${PITCH_WORDS[n.pitch]}: ${signed(n.cents)} cents`],
      ["Sung", noteName(n.sung_midi)],
      ["Timing", n.timing === "missed" ? "missed" : `${TIMING_WORDS[n.timing]}: ${signed(n.timing_error === null ? null : n.timing_error * 1000)} ms`],
      ["Confidence", `${Math.round((n.confidence || 0) * 100)} %`],
    ];
    this.card.replaceChildren();
    const title = document.createElement("p");
    title.className = "card-title";
    title.textContent = `Note ${n.index + 1}`;
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
    const host = this.card.offsetParent ? this.card.offsetParent.getBoundingClientRect() : { left: 0, top: 0, width: window.innerWidth };
    const width = this.card.offsetWidth || 200;
    const left = Math.min(Math.max(0, box.left - host.left + box.width / 2 - width / 2), Math.max(0, host.width - width));
    this.card.style.left = `${left}px`;
    this.card.style.top = `${box.bottom - host.top + 8}px`;
  }

  hideCard() {
    if (this.card) this.card.hidden = true;
  }

  /** The contour (Hz → MIDI) over the target bars, with a dashed line at each target onset. */
  drawContour(host) {
    const result = this.result || {};
    const contour = (result.contour || []).filter((p) => p[1]);
    const line = result.target_line || [];
    if (!line.length) {
      host.replaceChildren();
      return;
    }
    const W = 900;
    const H = 260;
    const pad = { l: 42, r: 10, t: 10, b: 26 };
    const t0 = Math.max(0, Math.min(line[0].onset, contour.length ? contour[0][0] : Infinity) - 0.3);
    const last = line[line.length - 1];
    const t1 = Math.max(last.onset + last.duration, contour.length ? contour[contour.length - 1][0] : 0) + 0.3;
    const midis = [...line.map((n) => n.midi), ...contour.map((p) => 69 + 12 * Math.log2(p[1] / 440))];
    const lineMidis = line.map((n) => n.midi);
    const lo = Math.floor(Math.max(Math.min(...midis), Math.min(...lineMidis) - 7)) - 1;
    const hi = Math.ceil(Math.min(Math.max(...midis), Math.max(...lineMidis) + 7)) + 1;
    const x = (t) => pad.l + (t - t0) / (t1 - t0) * (W - pad.l - pad.r);
    const y = (m) => pad.t + (hi - m) / (hi - lo) * (H - pad.t - pad.b);
    const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "contour-svg", preserveAspectRatio: "none", focusable: "false" });
    for (let m = lo; m <= hi; m += 1) {
      if (m % 12 === 0 || m % 12 === 7 || m === lo) {
        svg.append(el("line", { x1: pad.l, x2: W - pad.r, y1: y(m), y2: y(m), class: "grid" }));
        svg.append(el("text", { x: pad.l - 4, y: y(m) + 4, class: "axis", "text-anchor": "end" }, noteName(m)));
      }
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
    for (let s = Math.ceil(t0); s <= t1; s += 1) {
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
    host.replaceChildren(svg);
  }

  /** Move the replay cursor to `t` seconds into the take, lighting the note sung there. */
  moveCursor(t) {
    if (this.cursor && this.toX) {
      this.cursor.setAttribute("x1", this.toX(t));
      this.cursor.setAttribute("x2", this.toX(t));
      this.cursor.setAttribute("visibility", "visible");
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
      const row = this.root.querySelector(`#fb-notes tr.playing`);
      if (row) row.classList.remove("playing");
      this.cursorIndex = index;
      const now = this.elements[index];
      if (now) now.classList.add("playing");
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

/** Take history: an inline SVG of scores, oldest to newest, and a table. */
export function drawHistory(history, { chart, table, empty, takeUrl }) {
  const rows = [...history].reverse();
  table.replaceChildren(...rows.map((take) => {
    const tr = document.createElement("tr");
    const when = document.createElement("td");
    const link = document.createElement("a");
    link.href = takeUrl(take.id);
    link.textContent = new Date(take.at).toLocaleString([], { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });
    when.append(link);
    const status = document.createElement("td");
    status.textContent = take.status;
    const score = document.createElement("td");
    score.textContent = take.score === null ? "—" : Number(take.score).toFixed(1);
    tr.append(when, status, score);
    return tr;
  }));
  empty.hidden = history.length > 0;
  const graded = history.filter((t) => t.score !== null);
  if (graded.length === 0) {
    chart.replaceChildren();
    chart.hidden = true;
    return;
  }
  chart.hidden = false;
  const W = 600;
  const H = 160;
  const pad = { l: 34, r: 12, t: 10, b: 22 };
  const n = graded.length;
  const x = (i) => pad.l + (n === 1 ? 0.5 : i / (n - 1)) * (W - pad.l - pad.r);
  const y = (s) => pad.t + (100 - s) / 100 * (H - pad.t - pad.b);
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, class: "trend-svg", focusable: "false" });
  for (const s of [0, 50, 100]) {
    svg.append(el("line", { x1: pad.l, x2: W - pad.r, y1: y(s), y2: y(s), class: "grid" }));
    svg.append(el("text", { x: pad.l - 6, y: y(s) + 4, class: "axis", "text-anchor": "end" }, String(s)));
  }
  svg.append(el("polyline", { points: graded.map((t, i) => `${x(i)},${y(t.score)}`).join(" "), class: "trend-line" }));
  graded.forEach((t, i) => {
    const dot = el("circle", { cx: x(i), cy: y(t.score), r: 5, class: "trend-dot" });
    dot.append(el("title", {}, `Take ${i + 1}: ${Number(t.score).toFixed(1)}`));
    svg.append(dot);
  });
  svg.append(el("text", { x: pad.l, y: H - 4, class: "axis" }, "first take"));
  svg.append(el("text", { x: W - pad.r, y: H - 4, class: "axis", "text-anchor": "end" }, "latest"));
  chart.setAttribute("aria-label", `Scores of your ${n} graded take${n > 1 ? "s" : ""}, oldest to newest: ${graded.map((t) => Math.round(t.score)).join(", ")}`);
  chart.replaceChildren(svg);
}
