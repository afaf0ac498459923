// Sing me a tune: record or upload a melody, follow the transcription job, show the notes as a
// staff and 简谱, fix a note, pick a chord per bar (or two, changing at mid-bar) and hear it at
// once in any style and tempo, save the result as an exercise.

import { openMic, closeMic, TakeRecorder, extensionFor, micErrorMessage } from "./recorder.js";
import { uploadTake, errorMessage, newUploadKey } from "./upload.js";
import { forgetUnsent, keepUnsent, unsentFor } from "./unsent-store.js";
import { chordLabel, fitWords, reasonLabel } from "./chord-words.js";
import { beatsFromQuarters, pickupWords, quartersFromBeats, tempoLabel, tempoLimits, tempoWords } from "./tempo-words.js";

const page = document.getElementById("transcribe");
const csrf = page.dataset.csrf;
const $ = (id) => document.getElementById(id);
const NAMES = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];
// Django's JavaScript catalogue (base.html) in the page's language; English when it is missing.
const gettext = window.gettext || ((text) => text);
const interpolate = window.interpolate || ((fmt, obj) => fmt.replace(/%\((\w+)\)s/g, (_, k) => String(obj[k])));
const fmt = (text, values) => interpolate(text, values, true);
// The worker's stages (grading.analysis.transcribe) and the accompaniment styles, as the page says them.
const STAGES = { decoding: gettext("decoding"), "tracking pitch": gettext("tracking pitch"),
  "finding notes": gettext("finding notes"), "reading key and rhythm": gettext("reading key and rhythm"),
  done: gettext("done") };
const STYLE_NAMES = { block: gettext("block chords"), alberti: gettext("Alberti bass"), arpeggio: gettext("arpeggios"),
  waltz: gettext("waltz"), march: gettext("march"), ballad: gettext("ballad"), rock: gettext("rock"), swing: gettext("swing"),
  bossa: gettext("bossa nova"), jig: gettext("jig"), hymn: gettext("hymn"), drone: gettext("drone") };
const MODES = { major: gettext("%(tonic)s major"), minor: gettext("%(tonic)s minor") };
// A Chinese key name writes the accidental as a word and a minor tonic in lower case (升f小调, 降E大调), as
// the drill titles, the lessons and the quiz pages do (music.words.tonic_zh).
const CHINESE = (document.documentElement.lang || "").startsWith("zh");
const ZH_ACCIDENTALS = { "#": "升", b: "降", "##": "重升", bb: "重降" };
// "G major" from the API in the reader's language.
const keyWords = (key) => {
  let [tonic, mode] = String(key).split(" ");
  if (!MODES[mode]) return key;
  if (CHINESE && tonic) {
    const letter = mode === "minor" ? tonic[0].toLowerCase() : tonic[0].toUpperCase();
    tonic = (ZH_ACCIDENTALS[tonic.slice(1)] ?? tonic.slice(1)) + letter;
  }
  return fmt(MODES[mode], { tonic });
};
let meterShown = "4/4"; // the transcription's meter, for the tempo of what is playing
let current = null;   // the transcription id
let version = null;   // the version of it the page shows: every fix is saved on it (see saveFixes)
let stream = null;
let recorder = null;

function say(text) { if ($("status").textContent !== text) $("status").textContent = text; }

async function api(url, options = {}) {
  const response = await fetch(url, {
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": csrf },
    ...options,
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw Object.assign(new Error(errorMessage(body, response.status)), { status: response.status, body });
  return body;
}

// A melody that did not reach the server (the network dropped, the server was busy or failed) is kept to
// send again or save; before, a dropped network left "Uploading…" on the page for ever and the tune lost.
// It is kept in this browser too (unsent-store.js) from before it is sent until the server has it, so a reload
// or a closed tab loses nothing: offered back to the same student on their next visit.
let kept = null;
const unsentPlace = { owner: Number(page.dataset.user), page: window.location.pathname, title: document.title };

function keep(blob, name, key) {
  forget();
  kept = { blob, name, key, url: URL.createObjectURL(blob) };
  $("save-take").href = kept.url;
  $("save-take").download = name;
  $("take-kept").hidden = false;
}

function forget() {
  if (kept) URL.revokeObjectURL(kept.url);
  kept = null;
  $("take-kept").hidden = true;
}

$("resend-take").addEventListener("click", () => { if (kept) send(kept.blob, kept.name, kept.key); });
$("discard-take").addEventListener("click", () => {
  if (kept) forgetUnsent(kept.key);
  forget();
  say("");
});

unsentFor(unsentPlace).then(([earlier]) => {
  if (!earlier || kept) return;
  keep(earlier.blob, earlier.name, earlier.key);
  const time = new Date(earlier.savedAt).toLocaleTimeString(document.documentElement.lang || [], { hour: "2-digit", minute: "2-digit" });
  say(fmt(gettext("A take you recorded at %(time)s did not reach the server; it was kept on this device. Send it now, save it, or throw it away."), { time }));
});

$("retry-transcription").addEventListener("click", async () => {
  $("retry-transcription").disabled = true;
  try {
    await api(`/api/transcriptions/${current}/retry/`, { method: "POST" });
  } catch (error) {
    say(error.message);
    return;
  } finally {
    $("retry-transcription").disabled = false;
  }
  follow();
});

async function send(blob, name, key = newUploadKey()) {
  await keepUnsent({ key, blob, name, extra: {}, ...unsentPlace });
  $("progress").hidden = false;
  $("progress").value = 0;
  say(gettext("Uploading…"));
  let answer;
  try {
    answer = await uploadTake({
      url: "/api/transcriptions/", csrfToken: csrf,
      fields: { audio: [blob, name], title: $("title").value },
    });
  } catch (error) {
    say(error.message);
    $("progress").hidden = true;
    keep(blob, name, key);
    return;
  }
  const { status, body } = answer;
  if (status !== 202) {
    say(errorMessage(body, status));
    $("progress").hidden = true;
    if (status === 0 || status === 429 || status >= 500) keep(blob, name, key);
    else {
      forgetUnsent(key);
      forget();
    }
    return;
  }
  forgetUnsent(key);
  forget();
  current = body.id;
  // The address names the transcription, as a link to one does: a reload shows it again with its fixes.
  const here = new URL(window.location.href);
  here.searchParams.set("follow", String(current));
  window.history.replaceState(null, "", here);
  follow();
}

async function follow() {
  $("transcribe-failed").hidden = true;
  $("transcribe-no-retry").hidden = true;
  $("progress").hidden = false;
  const started = Date.now();
  for (;;) {
    let body;
    try { body = await api(`/api/transcriptions/${current}/`); } catch (error) {
      $("progress").hidden = true;  // nothing is under way: no empty bar under the reason
      say(error.message);
      return;
    }
    $("progress").value = body.progress;
    // Past 30 s (the server's Job.LONG_WAIT) a queued take waits for a worker that is busy or not running.
    const waitedLong = body.status === "queued" && Date.now() - started > 30000;
    say(waitedLong ? gettext("Your take is saved. The transcriber is busy or not running just now: it will transcribe the take as soon as it can.")
      : body.status === "queued" ? gettext("Waiting for the transcriber…")
      : fmt(gettext("%(stage)s… %(percent)s %"), { stage: STAGES[body.stage] || body.stage || gettext("Working"), percent: body.progress }));
    if (body.status === "failed") {
      // The take is kept on the server: it can be transcribed again without singing it again.
      say(body.error || gettext("The melody could not be transcribed."));
      $("progress").hidden = true;
      // Offered only where another run may get through (a worker lost, a time limit): a silent or unreadable
      // take would fail again, and the page says so instead.
      $("transcribe-failed").hidden = !body.retryable;
      $("transcribe-no-retry").hidden = Boolean(body.retryable);
      return;
    }
    if (body.status === "done") {
      $("progress").hidden = true;
      say(gettext("Done."));
      version = body.version;
      show(body.result, body.warnings || []);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function midiOf(name) {
  const match = /^([A-G])([#b]*)(-?\d+)$/.exec(name);
  if (!match) return 60;
  const base = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 }[match[1]];
  const alter = [...match[2]].reduce((sum, ch) => sum + (ch === "#" ? 1 : -1), 0);
  return 12 * (Number(match[3]) + 1) + base + alter;
}

/** A note's name as the page writes it ("Bb4" -> "B♭4"); the API keeps the ASCII name. */
function noteText(name) {
  return name.replace(/^([A-G])([#b]*)/, (_, letter, accidental) => letter + accidental.replace(/#/g, "♯").replace(/b/g, "♭"));
}

function show(result, warnings) {
  lastShown = [result, warnings];
  $("result").hidden = false;
  if (warnings !== undefined) {
    // Said as a graded take says it: a take cut off before its end was read as far as it arrived.
    const list = $("transcription-warnings");
    list.replaceChildren(...warnings.map((line) => Object.assign(document.createElement("li"), { textContent: line })));
    list.hidden = warnings.length === 0;
  }
  meterShown = result.meter;
  const facts = { count: result.notes.length, key: keyWords(result.key), meter: result.meter,
    tempo: tempoWords(result.meter, result.tempo), pickup: pickupWords(result.meter, result.pickup) };
  $("summary").textContent = result.pickup
    ? fmt(gettext("%(count)s notes in %(key)s, %(meter)s at %(tempo)s, starting %(pickup)s before the first bar line."), facts)
    : fmt(gettext("%(count)s notes in %(key)s, %(meter)s at %(tempo)s."), facts);
  const body = $("notes").querySelector("tbody");
  body.replaceChildren();
  result.notes.forEach((note, index) => {
    const row = document.createElement("tr");
    const written = midiOf(note.pitch);
    const select = document.createElement("select");
    select.setAttribute("aria-label", fmt(gettext("Note %(number)s"), { number: index + 1 }));
    select.dataset.index = index;
    for (let midi = written - 3; midi <= written + 3; midi += 1) {
      // The note as written keeps its own spelling; the others are named as a keyboard names them.
      const name = midi === written ? note.pitch : `${NAMES[((midi % 12) + 12) % 12]}${Math.floor(midi / 12) - 1}`;
      const option = new Option(noteText(name), midi, false, midi === written);
      option.dataset.name = name;
      select.add(option);
    }
    // The name picked goes with its number, so a B flat picked stays "Bb4" (not respelled A#4 in C major).
    select.addEventListener("change", () => fix(index, Number(select.value), select.selectedOptions[0].dataset.name));
    row.innerHTML = `<td>${index + 1}</td><td>${noteText(note.pitch)}${note.edited ? " ✎" : ""}</td><td>${note.quarter_length}</td>`
      + `<td>${fmt(gettext("%(s)s s"), { s: note.onset.toFixed(2) })}</td>`;
    const cell = document.createElement("td");
    cell.append(select);
    row.append(cell);
    body.append(row);
  });
  showTempoBox(result);
  drawNotation();
  chordsLoading = loadChords();
}

// The tempo box counts the beat a musician counts (dotted quarters in 6/8); the API keeps quarter notes.
function showTempoBox(result) {
  const box = $("tempo");
  $("tempo-label").textContent = tempoLabel(result.meter);
  const limits = tempoLimits(result.meter);
  box.min = String(limits.low);
  box.max = String(limits.high);
  // A new meter (another take) makes the number mean another beat: start again from the performed tempo.
  if (box.dataset.meter !== result.meter) box.value = String(beatsFromQuarters(result.meter, result.tempo));
  box.dataset.meter = result.meter;
}

// The tempo box in quarter notes a minute for the API (undefined when empty: the tempo it was sung at),
// or null after saying why the number cannot be used.
function tempoForApi() {
  const box = $("tempo");
  // A number box holds "" for what is not a number (badInput): that is an error, an empty box is not.
  const typed = box.validity.badInput ? "?" : box.value.trim();
  const read = typed === "" ? { quarterBpm: undefined } : quartersFromBeats(meterShown, typed);
  $("tempo-error").textContent = read.error || "";
  $("tempo-error").hidden = !read.error;
  box.setAttribute("aria-invalid", read.error ? "true" : "false");
  return read.error ? null : read.quarterBpm;
}

// Fixes are saved one after another in the order picked, and the page is redrawn from the last one saved: each
// answer holds every fix before it. Drawn as each came back, an earlier answer landing later put the older
// note back; and the staff and chords asked before a fix (still on their way on a slow phone) were drawn over
// the fixed note (walk18: B-flat3 picked, C4 shown again in the column, on the staff and in 简谱).
let fixing = Promise.resolve();
let fixesWaiting = 0;
let chordsLoading = Promise.resolve();
let lastShown = null;   // [result, warnings] last drawn: what the server has, drawn again when a fix fails

// Each fix is saved on the version the page shows. When another tab or window has saved a change since, the
// server refuses it (409) and answers with the latest version: the page shows that, and keeps the fixes it could
// not save (this one, and any picked before the page knew) to apply to it, or drop, as the student chooses.
let picks = 0;        // fixes picked so far, numbered
let staleUpTo = 0;    // fixes numbered up to this were picked on notes another tab has changed since
let unsaved = [];     // those fixes, one per note, in the order picked: { index, midi, pitch, seq }

function fix(index, midi, pitch) {
  queueSave([{ index, midi, pitch, seq: ++picks }], false);
}

function queueSave(edits, again) {
  fixesWaiting += 1;
  notationAsked += 1;   // an answer to a request made before the fix is not drawn
  chordsBusy();
  fixing = fixing.then(() => saveFixes(edits, again));
}

function hold(edits) {
  for (const edit of edits) unsaved = [...unsaved.filter((e) => e.index !== edit.index), edit];
}

async function saveFixes(edits, again) {
  let failed = false;
  // Picked before the page learnt of a change made elsewhere: made on the older notes, so held with the rest.
  const held = again ? [] : edits.filter((edit) => edit.seq <= staleUpTo);
  hold(held);
  const sending = edits.filter((edit) => !held.includes(edit));
  // A note picked again on the latest version: that pick, not the one held from before, is the student's.
  unsaved = unsaved.filter((edit) => !sending.some((sent) => sent.index === edit.index));
  if (sending.length) {
    try {
      const notes = sending.map(({ index, midi, pitch }) => ({ index, midi, pitch }));
      const body = await api(`/api/transcriptions/${current}/`, { method: "PATCH", body: JSON.stringify({ version, notes }) });
      version = body.version;
      lastShown = [body.result, body.warnings];
      say(sending.length === 1 ? fmt(gettext("Note %(number)s fixed."), { number: sending[0].index + 1 })
        : gettext("Your changes are saved."));
    } catch (error) {
      const latest = error.status === 409 && error.body && error.body.current;
      if (latest) {
        staleUpTo = picks;
        version = latest.version;
        lastShown = [latest.result, latest.warnings];
        hold(sending);
        $("changed-message").textContent = error.message;
        say(error.message);
      } else {
        failed = true;
        say(error.message);
      }
    }
  }
  fixesWaiting -= 1;
  // A pick made meanwhile is on its way: drawing now would put its menu back to the note before it.
  if (fixesWaiting) return;
  const [result, warnings] = lastShown;
  show(result, failed ? undefined : warnings);   // a fix refused: its menu goes back to the note saved
  showUnsaved(result);
}

// The fixes not saved, each beside the note the latest version has there.
function showUnsaved(result) {
  const box = $("changed-elsewhere");
  const wasHidden = box.hidden;
  box.hidden = unsaved.length === 0;
  $("unsaved-fixes").replaceChildren(...unsaved.map((edit) => {
    const now = result.notes[edit.index];
    const line = now
      ? fmt(gettext("Note %(number)s: %(yours)s (the latest version has %(now)s)"),
        { number: edit.index + 1, yours: noteText(edit.pitch), now: noteText(now.pitch) })
      : fmt(gettext("Note %(number)s: %(yours)s"), { number: edit.index + 1, yours: noteText(edit.pitch) });
    return Object.assign(document.createElement("li"), { textContent: line });
  }));
  // On a phone the menus are far below the status line: the box comes into view where the student is.
  if (wasHidden && !box.hidden) box.scrollIntoView({ block: "nearest" });
}

$("reapply").addEventListener("click", () => {
  const edits = unsaved;
  unsaved = [];
  $("changed-elsewhere").hidden = true;
  if (edits.length) queueSave(edits, true);
});

$("drop-unsaved").addEventListener("click", () => {
  unsaved = [];
  $("changed-elsewhere").hidden = true;
  say(gettext("The latest version is kept."));
});

// A phone's column gets shorter staff systems and 简谱 lines at the same size (the API's layout=narrow),
// not one long line shrunk to a third.
const NARROW_PX = 600;

let notationAsked = 0;   // only the newest answer is drawn (see fix)

async function drawNotation() {
  const asked = ++notationAsked;
  const layout = ($("staff").clientWidth || window.innerWidth) < NARROW_PX ? "narrow" : "wide";
  try {
    const body = await api(`/api/transcriptions/${current}/notation/?layout=${layout}`);
    if (asked !== notationAsked) return;
    $("staff").innerHTML = body.svg;       // our own Verovio output
    $("jianpu").innerHTML = body.jianpu_svg;
  } catch (error) { if (asked === notationAsked) $("staff").textContent = error.message; }
}

// Chords are asked again after every note fixed. While they come the menus are off and the list is busy, and
// only the newest answer is drawn: a pick made meanwhile would be replaced by the new suggestion unseen.
let chordsAsked = 0;

// The chords on the page stop counting: a fix or a new request is on its way.
function chordsBusy() {
  const list = $("bars");
  list.setAttribute("aria-busy", "true");
  for (const select of list.querySelectorAll("select.bar-chord")) select.disabled = true;
  return ++chordsAsked;
}

async function loadChords() {
  const asked = chordsBusy();
  const list = $("bars");
  let body;
  try { body = await api(`/api/transcriptions/${current}/chords/`); } catch (error) {
    if (asked === chordsAsked) {
      list.removeAttribute("aria-busy");
      for (const select of list.querySelectorAll("select.bar-chord")) select.disabled = false;
    }
    say(error.message);
    return;
  }
  if (asked !== chordsAsked) return;
  $("harmony").hidden = false;
  list.replaceChildren();
  for (const bar of body.bars) {
    const item = document.createElement("li");
    const select = document.createElement("select");
    select.className = "bar-chord";
    select.setAttribute("aria-label", fmt(gettext("Chord for bar %(bar)s"), { bar: bar.bar }));
    // Three groups, so the menu says what each chord is: the suggestion, the other chords that fit the bar
    // (with how well each fits, in words), and the rest of the key's chords.
    const group = (label) => Object.assign(document.createElement("optgroup"), { label });
    const suggestedGroup = group(gettext("Suggested"));
    if (bar.then) {
      // A change at mid-bar is one pick, "I V"; the bar's first chord held through stays offered.
      suggestedGroup.append(new Option(`${chordLabel(bar.chord)} → ${chordLabel(bar.then.chord)} (${bar.symbol} → ${bar.then.symbol})`,
        `${bar.chord} ${bar.then.chord}`, true, true));
      suggestedGroup.append(new Option(`${chordLabel(bar.chord)} (${bar.symbol})`, bar.chord));
    } else {
      suggestedGroup.append(new Option(`${chordLabel(bar.chord)} (${bar.symbol})`, bar.chord, true, true));
    }
    select.append(suggestedGroup);
    const taken = new Set([...select.options].map((option) => option.value));
    const fitting = group(gettext("Other chords that fit"));
    for (const alt of bar.alternatives.filter((a) => !taken.has(a.chord))) {
      fitting.append(new Option(fmt(gettext("%(chord)s, %(fit)s"), { chord: `${chordLabel(alt.chord)} (${alt.symbol})`, fit: fitWords(alt.probability) }), alt.chord));
      taken.add(alt.chord);
    }
    if (fitting.children.length) select.append(fitting);
    const others = group(gettext("Other chords of the key"));
    for (const other of body.palette.filter((o) => !taken.has(o.chord))) {
      others.append(new Option(`${chordLabel(other.chord)} (${other.symbol})`, other.chord));
      taken.add(other.chord);
    }
    if (others.children.length) select.append(others);
    const reason = document.createElement("span");
    reason.className = "small muted reason";
    // Bar 0 is the pickup: played as an accompanist plays it, so its chord is written, not heard.
    const pickup = bar.bar === 0 ? ` ${gettext("The pickup sounds alone; the accompaniment comes in on bar 1.")}` : "";
    const suggested = select.value;
    // The reason is the suggestion's: beside another chord picked, it says so (it read as the reason for the pick).
    const explain = () => {
      reason.textContent = ` ${fmt(select.value === suggested ? gettext("%(reason)s.") : gettext("Your choice (suggested: %(reason)s)."),
        { reason: reasonLabel(bar.reason, [bar.chord, bar.then && bar.then.chord]) })}${pickup}`;
    };
    explain();
    select.addEventListener("change", () => { explain(); hear(); });   // a new chord is heard at once
    item.append(select, reason);
    list.append(item);
  }
  if (!$("style").options.length) {
    for (const style of body.styles) $("style").add(new Option(STYLE_NAMES[style] || style, style, style === "block", style === "block"));
  }
  if (!$("tempo").value) $("tempo").value = String(beatsFromQuarters(meterShown, body.tempo));
  list.removeAttribute("aria-busy");
}

// A small synthesiser: the melody as a soft square wave, the backing as triangle waves.
let voices = [];

function silence() {
  for (const voice of voices) { try { voice.stop(); } catch { /* already stopped */ } }
  voices = [];
  $("silence").disabled = true;
}

function sound(ctx, start, { time, duration, midi, velocity }, type, gain) {
  const osc = ctx.createOscillator();
  const amp = ctx.createGain();
  osc.type = type;
  osc.frequency.value = 440 * 2 ** ((midi - 69) / 12);
  const peak = gain * (velocity / 127);
  const at = start + time;
  amp.gain.setValueAtTime(0, at);
  amp.gain.linearRampToValueAtTime(peak, at + 0.02);
  amp.gain.setTargetAtTime(0, at + Math.max(0.03, duration - 0.05), 0.04);
  osc.connect(amp).connect(ctx.destination);
  osc.start(at);
  osc.stop(at + duration + 0.3);
  voices.push(osc);
}

// Each hearing asked for is numbered: an answer that a later request has overtaken is not played (a style
// picked while a chord's backing was on its way played the old style, and said so, until Play was pressed).
let hearings = 0;
let answered = 0;   // the last hearing whose answer came (played or failed)

async function hear() {
  // Heard (and saved, below) once the fixes picked are saved and the chords of the fixed notes are back.
  await fixing;
  await chordsLoading;
  const chords = [...document.querySelectorAll("#bars select.bar-chord")].map((select) => select.value);
  const tempo = tempoForApi();
  if (tempo === null) { $("hearing").textContent = ""; return; }
  const asked = ++hearings;
  let body;
  try {
    body = await api(`/api/transcriptions/${current}/accompaniment/`, {
      method: "POST", body: JSON.stringify({ chords, style: $("style").value, tempo }),
    });
  } catch (error) {
    if (asked === hearings) { answered = asked; $("hearing").textContent = error.message; }
    return;
  }
  if (asked !== hearings) return;
  answered = asked;
  silence();
  const ctx = window.transcribeAudio || (window.transcribeAudio = new AudioContext());
  await ctx.resume();
  const start = ctx.currentTime + 0.1;
  for (const note of body.melody) sound(ctx, start, note, "square", 0.08);
  for (const note of body.backing) sound(ctx, start, note, "triangle", 0.05);
  $("silence").disabled = false;
  $("hearing").textContent = fmt(gettext("Playing %(chords)s in %(style)s at %(tempo)s."),
    { chords: body.chords.join(" "), style: STYLE_NAMES[body.style] || body.style, tempo: tempoWords(meterShown, body.tempo) });
  $("hearing").dataset.chords = body.chords.join(" ");
}

$("hear").addEventListener("click", hear);
$("silence").addEventListener("click", silence);
// A new style is heard at once when something is playing or on its way.
$("style").addEventListener("change", () => { if (voices.length || answered < hearings) hear(); });

$("record").addEventListener("click", async () => {
  try { stream = await openMic(); } catch (error) { say(micErrorMessage(error)); return; }
  recorder = new TakeRecorder(stream);
  await recorder.start();
  $("record").disabled = true;
  $("stop").disabled = false;
  say(gettext("Recording… sing your melody, then press Stop."));
});

$("stop").addEventListener("click", async () => {
  const blob = await recorder.stop();
  closeMic(stream);
  $("record").disabled = false;
  $("stop").disabled = true;
  send(blob, `melody.${extensionFor(blob.type)}`);
});

$("upload").addEventListener("change", () => {
  const file = $("upload").files[0];
  if (file) send(file, file.name);
});

$("save").addEventListener("click", async () => {
  await fixing;
  await chordsLoading;
  try {
    // Saved at the tempo in the box, as the accompaniment plays it (empty box: the tempo it was sung at).
    const tempo = tempoForApi();
    if (tempo === null) { $("saved").textContent = ""; return; }
    const chords = [...document.querySelectorAll("#bars select.bar-chord")].map((select) => select.value);
    const body = await api(`/api/transcriptions/${current}/exercise/`, {
      method: "POST",
      body: JSON.stringify({ title: $("title").value, chords, style: $("style").value || "block", tempo }),
    });
    const link = document.createElement("a");
    link.href = body.studio;
    link.textContent = gettext("Practise it in the studio");
    $("saved").replaceChildren(gettext("Saved.") + " ", link);
  } catch (error) { $("saved").textContent = error.message; }
});

// Back from "try again" without scripts, or a link to a transcription in progress: follow it.
const followed = Number(new URLSearchParams(window.location.search).get("follow"));
if (Number.isInteger(followed) && followed > 0) {
  current = followed;
  follow();
}
