// The practice studio: listen, check the microphone, record or upload a take,
// follow its grading and show the feedback, without reloading the page.

import { Player, audioContext } from "./player.js";
import {
  LevelMeter, TakeRecorder, checkSignal, closeMic, extensionFor, measureLatency, micErrorMessage, openMic,
  storeLatency, storedLatency,
} from "./recorder.js";
import {
  STATUS_TEXT, afterColon, errorMessage, followRecording, newUploadKey, refusal, statusText, uploadTake,
} from "./upload.js";
import { Feedback, drawHistory } from "./feedback.js";
import { LivePitch } from "./live-pitch.js";
import { CountInView } from "./count-in-view.js";
import { tempoWords } from "./tempo-words.js";
import { fetchNotation, reloadWhenDrawn } from "../notation-wait.js";
import { forgetUnsent, keepUnsent, unsentFor } from "./unsent-store.js";

// Django's JavaScript catalogue (base.html) gives gettext; plain English without it.
const gettext = window.gettext || ((text) => text);
const ngettext = window.ngettext || ((singular, plural, count) => (count === 1 ? singular : plural));
const interpolate = window.interpolate || ((text, values) => text.replace(/%\((\w+)\)s/g, (_, name) => values[name]));

const TAIL_SECONDS = 1.5;
const AUDIO_POLL_MS = 2000;
const TRANSPOSE_KEY = "studio.transpose";

const config = JSON.parse(document.getElementById("studio-config").textContent);
const $ = (id) => document.getElementById(id);
const withId = (template, id) => template.replace("/0/", `/${id}/`);
let notation = config.notation;

const player = new Player(notation);
const feedback = new Feedback({
  root: $("feedback"), score: $("score"), card: $("note-card"), noteIds: notation.note_ids, targets: notation.notes,
});

// ------------------------------------------------------------------ messages

function say(id, text) {
  const node = $(id);
  if (node.textContent !== text) node.textContent = text;  // the same words again, every poll, would be read out again
  node.hidden = !text;
}

function showError(text) {
  say("take-error", text);
}

// ------------------------------------------------------------------ practice audio

let audioState = config.audio;
let stemsLoading = null;

function describeAudio() {
  const node = $("audio-status");
  node.dataset.status = audioState.status;
  if (audioState.status === "ready") node.textContent = gettext("Practice audio ready: piano tune and accompaniment.");
  else if (audioState.status === "failed") {
    node.textContent = interpolate(gettext("%(reason)s A simple synthesiser plays instead."), { reason: audioState.error }, true);
  } else node.textContent = gettext("Rendering the practice audio… a simple synthesiser plays until it is ready.");
}

async function watchAudio() {
  while (audioState.status === "rendering") {
    await new Promise((r) => setTimeout(r, AUDIO_POLL_MS));
    try {
      const response = await fetch(config.urls.audio, { credentials: "same-origin" });
      if (response.ok) audioState = await response.json();
    } catch { /* offline for a moment: ask again */ }
    describeAudio();
  }
}

function ensureStems() {
  if (audioState.status !== "ready") return Promise.resolve();
  if (!stemsLoading) {
    stemsLoading = player.loadStems((part) => config.urls.audioPart.replace("PART", part), audioState.parts || [])
      .catch((error) => {
        stemsLoading = null;
        const reason = interpolate(gettext("The practice audio did not load (%(reason)s)."), { reason: error.message }, true);
        audioState = { status: "failed", error: reason };
        describeAudio();
      });
  }
  return stemsLoading;
}

// ------------------------------------------------------------------ listening controls

function readControls() {
  player.hear = {
    melody: $("hear-melody").checked,
    backing: $("hear-backing").checked,
    metronome: $("hear-metronome").checked,
    countIn: $("hear-count-in").checked,
  };
  const tempo = Number($("tempo").value);
  player.tempo = tempo / 100;
  $("tempo-out").textContent = `${tempo} %`;
  // The beat a musician counts: ♩. = 60 in 6/8 at 90 quarter notes a minute.
  $("tempo-bpm").textContent = tempoWords((notation.meter || [4, 4]).join("/"), (notation.tempo || 0) * player.tempo);
  // No tempo until the notation is drawn (a large score is drawn in the background): say nothing rather than "0".
  $("tempo-help").hidden = !notation.tempo;
}

["hear-melody", "hear-backing", "hear-metronome", "hear-count-in", "tempo"].forEach((id) => {
  $(id).addEventListener("input", readControls);
});

function range() {
  if (!$("loop-on").checked) return { start: 0, end: player.duration, loop: false };
  const [start, end] = player.barRange(Number($("loop-from").value) || 1, Number($("loop-to").value) || 1);
  return { start, end, loop: true };
}

let playCursor = null;

function followPlayback(pass) {
  const ctx = audioContext();
  cancelAnimationFrame(playCursor);
  const nodes = () => (notation.note_ids || []).map((id) => (id ? $("score").querySelector(`[id="${CSS.escape(id)}"]`) : null));
  let lit = null;
  const elements = nodes();
  const step = () => {
    if (!player.playing) {
      if (lit) lit.classList.remove("playing");
      return;
    }
    const s = pass.start + (ctx.currentTime - pass.t0) * pass.ratio;
    let index = -1;
    notation.notes.forEach((n, i) => { if (n.onset <= s && s < n.onset + n.duration) index = i; });
    const node = elements[index] || null;
    if (node !== lit) {
      if (lit) lit.classList.remove("playing");
      if (node) node.classList.add("playing");
      lit = node;
    }
    playCursor = requestAnimationFrame(step);
  };
  playCursor = requestAnimationFrame(step);
}

// Playing and recording follow the score's notes: none while a worker still draws it (the page reloads once it is
// drawn) or when it cannot be drawn. Pressing Record then opened the microphone and stopped on an error.
const scoreless = !(notation.notes && notation.notes.length);

// A phone's bar has one button for both, beside Record: Play, and Stop while the exercise plays.
function showPlaying(on) {
  $("play").disabled = on || scoreless;
  $("stop-play").disabled = !on;
  $("bar-play").disabled = scoreless;
  $("bar-play").setAttribute("aria-pressed", String(on));
}

player.onstop = () => showPlaying(false);

$("play").addEventListener("click", async () => {
  readControls();
  audioContext();
  await ensureStems();
  const { start, end, loop } = range();
  player.play({ start, end, loop, onPass: followPlayback });
  showPlaying(true);
  if (document.activeElement !== $("bar-play")) $("stop-play").focus();
});

$("stop-play").addEventListener("click", () => {
  player.finish();
  $("play").focus();
});

$("bar-play").addEventListener("click", () => {
  if (player.playing) player.finish();
  else $("play").click();
});

// The bar's count-in and the Listen card's are one setting.
$("bar-count-in").addEventListener("input", () => {
  $("hear-count-in").checked = $("bar-count-in").checked;
  readControls();
});
$("hear-count-in").addEventListener("input", () => { $("bar-count-in").checked = $("hear-count-in").checked; });

// ------------------------------------------------------------------ transposition

const transposeSelect = $("transpose");
config.transpositions.forEach((option, i) => {
  const node = document.createElement("option");
  node.value = String(i);
  node.textContent = option.label;
  transposeSelect.append(node);
});

// A phone's column gets the score re-broken into shorter systems (same staff size), never a shrunken one.
const NARROW_PX = 600;
const wantedLayout = () => ($("score").clientWidth || window.innerWidth) < NARROW_PX ? "narrow" : "wide";

async function applyTranspose() {
  const option = config.transpositions[Number(transposeSelect.value)] || config.transpositions[0];
  player.semitones = option.sound;
  window.localStorage.setItem(TRANSPOSE_KEY, transposeSelect.value);
  const layout = wantedLayout();
  if (option.notation === (notation.transpose || 0) && layout === (notation.layout || "wide")) return;
  try {
    const query = `transpose=${option.notation}&layout=${layout}`;
    const { response, body } = await fetchNotation(`${config.urls.notation}?${query}`);
    if (!response.ok || !body.svg) throw new Error(body.message || errorMessage(body, response.status));
    $("score").innerHTML = body.svg;  // our own Verovio output
    notation = { ...notation, transpose: body.transpose, layout: body.layout, note_ids: body.note_ids };
    feedback.score = $("score");
    feedback.setNoteIds(body.note_ids);
  } catch (error) {
    showError(interpolate(gettext("The notation could not be transposed: %(reason)s"), { reason: afterColon(error.message) }, true));
  }
}

transposeSelect.addEventListener("change", applyTranspose);
const savedTranspose = window.localStorage.getItem(TRANSPOSE_KEY);
if (savedTranspose && config.transpositions[Number(savedTranspose)]) transposeSelect.value = savedTranspose;
if (!$("score").hidden) applyTranspose();
// A large score a worker is still drawing: show it once drawn, never in the middle of a take.
if ($("notation-drawing")) reloadWhenDrawn(config.urls.notation, () => !busyNow && following.size === 0).catch(() => {});

// ------------------------------------------------------------------ microphone check and latency

function micProblem(error) {
  say("mic-message", micErrorMessage(error));
  $("mic-help").open = true;
}

// The microphone for one use, or null after explaining on the page why it could not open.
async function micOrExplain() {
  say("mic-message", "");
  audioContext();
  try {
    return await openMic();
  } catch (error) {
    micProblem(error);
    return null;
  }
}

$("mic-check").addEventListener("click", async () => {
  const stream = await micOrExplain();
  if (!stream) return;
  $("mic-check").disabled = true;
  $("mic-status").textContent = gettext("Listening for three seconds: sing or play a few notes now…");
  const meter = new LevelMeter(stream, $("level"));
  const verdict = await checkSignal(meter, 3);
  meter.stop();
  closeMic(stream);
  $("mic-check").disabled = false;
  $("mic-status").textContent = verdict.ok
    ? interpolate(gettext("The microphone sounds good (%(db)s dB above the background)."), { db: Math.round(verdict.snrDb) }, true)
    : verdict.problems.join(" ");
  $("mic-status").dataset.ok = verdict.ok ? "yes" : "no";
});

function describeLatency() {
  const ms = storedLatency();
  $("latency-value").textContent = ms === null
    ? gettext("Latency: not measured (0 ms is used).")
    : interpolate(gettext("Latency: %(ms)s ms, taken off every take's timing."), { ms: Math.round(ms) }, true);
}

$("latency-measure").addEventListener("click", async () => {
  const stream = await micOrExplain();
  if (!stream) return;
  $("latency-measure").disabled = true;
  $("latency-value").textContent = gettext("Clap along with the eight clicks…");
  try {
    storeLatency(await measureLatency(stream));
    describeLatency();
  } catch (error) {
    $("latency-value").textContent = interpolate(gettext("Not measured: %(reason)s."), { reason: error.message }, true);
  } finally {
    closeMic(stream);
    $("latency-measure").disabled = false;
  }
});

$("latency-reset").addEventListener("click", () => {
  storeLatency(null);
  describeLatency();
});
describeLatency();

// ------------------------------------------------------------------ recording

let take = null;
const countInView = new CountInView($("count-in"));

function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

// An assignment's attempts all used: the server refuses another take, so the student is told before singing
// one (a whole take sung, then refused, was lost) and sent to the exercise's own studio to practise freely.
function noAttemptsLeft() {
  const left = $("attempts-left");
  return Boolean(left) && left.dataset.left === "0";
}

// True while a take is being recorded or sent. A take the server holds does not keep the buttons
// disabled: the student records again at once while it waits for the grader (its result shows when ready).
let busyNow = false;

function busy(on) {
  busyNow = on;
  refreshButtons();
}

function refreshButtons() {
  for (const id of ["mic-check", "latency-measure"]) $(id).disabled = busyNow;
  for (const id of ["record", "upload-button"]) $(id).disabled = busyNow || noAttemptsLeft();
  if (scoreless) $("record").disabled = true;
  const hint = $("no-attempts");
  if (hint && !busyNow) hint.hidden = !noAttemptsLeft();
}

// The server counts a take it holds as an attempt used, and gives it back when the take fails.
function changeAttemptsLeft(by) {
  const left = $("attempts-left");
  if (!left) return;
  // The count is read from data-left: the text is in the page's language ("还剩 3 次机会。").
  const n = Math.max(0, Number.parseInt(left.dataset.left, 10) + by);
  left.dataset.left = String(n);
  left.textContent = interpolate(ngettext("%(count)s attempt left.", "%(count)s attempts left.", n), { count: n }, true);
  refreshButtons();
}

// What the student is told as the take starts: with a pickup, the count a teacher gives ("1 2 3 | 1 2").
function recordingWords(counting) {
  if (!counting) return gettext("Recording: start now.");
  const counted = player.countIn(0);
  return counted.extra
    ? interpolate(gettext("Recording: count-in “%(count)s”, then come in with the pickup."), { count: counted.words }, true)
    : gettext("Recording: one bar of count-in, then start.");
}

$("record").addEventListener("click", async () => {
  showError("");
  readControls();
  const stream = await micOrExplain();
  if (!stream) return;
  busy(true);
  toEarlierTakes();
  player.stop();
  showPlaying(false);  // the take plays the exercise itself; Play was left showing Stop
  const meter = new LevelMeter(stream, $("level"));
  let loud = 0;
  meter.listeners.push((frame) => { loud = Math.max(loud, frame.rms); });
  await ensureStems();
  let recorder;
  try {
    recorder = new TakeRecorder(stream);
  } catch (error) {
    meter.stop();
    closeMic(stream);
    busy(false);
    showError(error.message);
    return;
  }
  const recStart = await recorder.start();
  const ctx = audioContext();
  const pass = player.play({ start: 0, end: player.duration, loop: false, countIn: $("hear-count-in").checked,
    onPass: followPlayback });
  // Where the first note (a pickup's) is due in the file: after the count-in, a pickup's silent beats included.
  const countInMs = Math.max(0, (pass.t0 - recStart) * 1000);
  // The take's length is fixed by the music: count-in, the piece at this tempo, and a short tail.
  const seconds = (pass.t0 - ctx.currentTime) + player.duration / player.tempo + TAIL_SECONDS;
  const started = performance.now();
  $("record-stop").disabled = false;
  // Shown first: a phone's bar shows Stop only while recording, and a hidden button takes no focus.
  document.body.classList.add("recording");
  $("record-stop").focus();
  $("rec-status").textContent = recordingWords($("hear-count-in").checked);
  take = { recorder, stream, meter, countInMs, timer: null, ticker: null, quietCheck: () => loud, live: null };
  // The clicks seen too, beat by beat in the record bar; what reaches the ear lags the context's clock by the output.
  countInView.start(ctx, pass, { heardLag: ctx.outputLatency || ctx.baseLatency || 0 });
  const live = new LivePitch({ canvas: $("live-pitch"), notes: notation.notes, fifths: notation.fifths });
  take.live = live;
  // The live line is a help, not the grade: a browser without AudioWorklet still records.
  live.start(stream, pass).catch((error) => { $("live-pitch-note").textContent = interpolate(gettext("Live pitch is not available here (%(reason)s)."), { reason: error.message }, true); });
  take.ticker = setInterval(() => { $("rec-clock").textContent = clock((performance.now() - started) / 1000); }, 250);
  take.timer = setTimeout(finishTake, seconds * 1000);
});

async function finishTake() {
  if (!take) return;
  const current = take;
  take = null;
  clearTimeout(current.timer);
  clearInterval(current.ticker);
  player.stop();
  countInView.stop();
  document.body.classList.remove("recording");
  $("record-stop").disabled = true;
  const blob = await current.recorder.stop();
  if (current.live) current.live.stop();
  current.meter.stop();
  closeMic(current.stream);
  window.studioTakeEndedAt = performance.now();
  $("rec-status").textContent = current.quietCheck() < 0.005
    ? gettext("That take was almost silent: check the microphone (or its volume) before the next one.")
    : gettext("Take recorded.");
  const name = `take.${extensionFor(blob.type || "")}`;
  await submit(blob, name, { count_in_ms: Math.round(current.countInMs) });
}

$("record-stop").addEventListener("click", finishTake);

// ------------------------------------------------------------------ upload and grading

// A take the server has not accepted yet ({blob, name, extra, key}): kept, with a way to send it again or
// save it, until it is, so that a dropped connection, a server fault or an expired sign-in loses nothing.
let unsent = null;
let unsentUrl = null;

function offerRescue({ resend, regradeId = null }) {
  if (unsentUrl) URL.revokeObjectURL(unsentUrl);
  // A file chosen on this device is there already: "save it" is offered only for a take recorded here.
  unsentUrl = unsent && !(unsent.blob instanceof File) ? URL.createObjectURL(unsent.blob) : null;
  $("take-save").hidden = !unsentUrl;
  if (unsentUrl) {
    $("take-save").href = unsentUrl;
    $("take-save").download = unsent.name;
  }
  $("take-resend").hidden = !(resend && unsent);
  $("take-discard").hidden = $("take-resend").hidden;
  $("take-regrade").hidden = regradeId === null;
  $("take-regrade").dataset.recording = regradeId === null ? "" : String(regradeId);
  $("take-rescue").hidden = $("take-save").hidden && $("take-resend").hidden && $("take-regrade").hidden;
}

function clearRescue() {
  unsent = null;
  say("take-kept", "");
  offerRescue({ resend: false });
}

// The browser asks before a take that was never accepted is thrown away, unless this browser keeps it (it is
// offered back on the next visit; a phone's browser does not ask at all).
window.addEventListener("beforeunload", (event) => {
  if (unsent && !unsent.kept) event.preventDefault();
});

// The title names the take where it is offered away from this page (the dashboard, at logout).
const unsentPlace = { owner: config.userId, page: window.location.pathname, title: document.title };

// A take this student recorded here that never reached the server (the page was reloaded or closed during
// its upload, the network was down, the sign-in had expired): offered back to send or save.
async function offerKeptTake({ onOpening = false } = {}) {
  if (unsent || busyNow) return;
  const [kept] = await unsentFor(unsentPlace);
  if (!kept || unsent || busyNow) return;
  unsent = { blob: kept.blob, name: kept.name, extra: kept.extra || {}, key: kept.key, kept: true };
  offerRescue({ resend: true });
  // On a phone the offer is two screens down, under the recorder: brought into sight when the page opens.
  if (onOpening) $("take-rescue").scrollIntoView({ block: "center" });
  say("take-kept", interpolate(gettext("A take you recorded at %(time)s did not reach the server; it was kept on this device. Send it now, save it, or throw it away."),
    { time: timeWords(new Date(kept.savedAt)) }, true));
}

async function dropUnsent() {
  if (unsent) await forgetUnsent(unsent.key);
  clearRescue();
  offerKeptTake();  // another kept from an earlier visit, if any
}

async function submit(blob, name, extra = {}, key = newUploadKey()) {
  unsent = { blob, name, extra, key };
  say("take-kept", "");
  offerRescue({ resend: false });
  showError("");
  busy(true);
  toEarlierTakes();
  feedback.clear();
  $("progress-wrap").hidden = false;
  $("upload-progress").value = 0;
  say("take-status", gettext("Uploading…"));
  const fields = {
    audio: [blob, name],
    upload_key: key,
    // The exercise too: for one part of an assigned piece it is that part, graded as such.
    exercise: config.exerciseId,
    ...(config.assignmentId ? { assignment: config.assignmentId } : {}),
    ...extra,
  };
  const latency = storedLatency();
  if (latency !== null) fields.latency_ms = Math.round(latency);
  // Kept in this browser before a byte is sent, so that leaving the page mid-upload loses nothing.
  const sending = unsent;
  sending.kept = await keepUnsent({ key, blob, name, extra, ...unsentPlace });
  let answer;
  try {
    answer = await uploadTake({
      url: config.urls.recordings, fields, csrfToken: config.csrfToken,
      onProgress: (fraction) => {
        $("upload-progress").value = Math.round(fraction * 100);
        $("upload-progress").textContent = `${Math.round(fraction * 100)} %`;
      },
    });
  } catch (error) {
    busy(false);
    $("progress-wrap").hidden = true;
    say("take-status", "");
    showError(error.message);
    offerRescue({ resend: true });
    return;
  }
  $("progress-wrap").hidden = true;
  if (answer.status !== 202) {
    busy(false);
    say("take-status", "");
    const refused = refusal(answer.status, answer.body);
    showError(refused.text);
    // A file the server refused is not offered again on the next visit (an expired sign-in is: signed in
    // again, the student finds the take here).
    if (answer.status === 400 || answer.status === 409 || answer.status === 413) forgetUnsent(key);
    offerRescue({ resend: refused.resend });
    return;
  }
  forgetUnsent(key);
  clearRescue();  // stored on the server: from here on it is graded there, or can be graded again
  const id = answer.body.id;
  // The same take answered again (a doubled upload of one file) is neither counted nor followed twice.
  const fresh = !seen.has(id);
  seen.add(id);
  if (fresh && config.assignmentId) changeAttemptsLeft(-1);
  busy(false);
  offerKeptTake();  // another take kept from an earlier visit: offered next
  if (following.has(id)) toForeground(following.get(id));  // the take already followed: back to the status line
  else await follow(id, { counted: fresh && Boolean(config.assignmentId) });
}

// ------------------------------------------------------------------ takes being graded

// Every take this page follows until it is graded or failed, by id: {id, at, counted, waitedBefore, text,
// status, item}. One is in the foreground (its words in #take-status, its feedback shown when it is graded);
// the others are listed under "Earlier takes" with their status, and their result shows there when ready.
const following = new Map();
// Takes this page has sent or followed, and those the server listed when it opened (an attempt is counted once:
// a take kept after a lost answer, sent again after a reload, is answered with the take the server already
// counted, and the page counted it a second time, "0 attempts left" with one left).
const seen = new Set(config.history.map((take) => take.id));
let foreground = null;

function timeWords(at) {
  return at.toLocaleTimeString(document.documentElement.lang || [], { hour: "2-digit", minute: "2-digit" });
}

// The take in the foreground, still waiting, goes to the list: a new take is being recorded or sent.
function toEarlierTakes() {
  const entry = following.get(foreground);
  foreground = null;
  say("take-status", "");
  delete $("take-status").dataset.status;
  if (entry) listEarlier(entry);
}

// A take sent again (Upload pressed twice on one file) is the one already waiting: out of the list, into the
// status line, rather than "Uploading…" left standing over nothing.
function toForeground(entry) {
  if (entry.item) {
    entry.item.remove();
    entry.item = null;
  }
  $("earlier-takes").hidden = $("earlier-list").children.length === 0;
  foreground = entry.id;
  $("take-status").dataset.status = entry.status;
  say("take-status", entry.text);
}

function listEarlier(entry) {
  if (entry.item) return;
  const item = document.createElement("li");
  item.dataset.recording = String(entry.id);
  const link = document.createElement("a");
  link.href = withId(config.urls.takePage, entry.id);
  link.textContent = interpolate(gettext("Take at %(time)s"), { time: timeWords(entry.at) }, true);
  const words = document.createElement("span");
  words.className = "status";
  item.append(link, " ", words);
  $("earlier-list").prepend(item);
  $("earlier-takes").hidden = false;
  entry.item = item;
  describeEarlier(entry);
}

function describeEarlier(entry) {
  if (!entry.item) return;
  const words = entry.item.querySelector(".status");
  words.dataset.status = entry.status;
  entry.item.dataset.status = entry.status;
  if (words.textContent !== entry.text) words.textContent = entry.text;
}

function gradedWords(final) {
  const summary = final.result && final.result.summary;
  return summary ? interpolate(gettext("Graded: %(ok)s of %(total)s notes in tune, %(timing)s on time."),
    { ok: summary.pitch_ok, total: summary.notes, timing: summary.timing_ok }, true) : gettext("Graded.");
}

function failedWords(final) {
  return interpolate(gettext("We could not grade this take: %(reason)s"),
    { reason: afterColon(final.error) || gettext("no reason was given") }, true);
}

function showFeedback(id, final) {
  feedback.show(final, {
    audioUrl: withId(config.urls.takeAudio, id),
    pageUrl: withId(config.urls.takePage, id),
    drillUrl: withId(config.urls.drill, id),
  });
  feedback.recordingId = id;
  window.studioFeedbackShownAt = performance.now();
  $("feedback").dataset.recording = String(id);
  $("feedback-heading").focus({ preventScroll: true });
  $("feedback").scrollIntoView({ behavior: "smooth", block: "start" });
}

// An earlier take's result, in its line of the list: graded, with a button for its feedback, or why not.
function finishEarlier(entry, final) {
  entry.status = final.status === "done" ? "done" : "failed";
  entry.text = final.status === "done" ? gradedWords(final) : failedWords(final);
  describeEarlier(entry);
  if (final.status !== "done" || !entry.item) return;
  const show = document.createElement("button");
  show.type = "button";
  show.className = "link small";
  show.textContent = gettext("Show its feedback");
  show.addEventListener("click", () => showFeedback(entry.id, final));
  entry.item.append(" ", show);
}

/**
 * Follow take ``id`` until it is graded or failed. ``counted``: it uses one of the assignment's attempts (given
 * back if it fails); ``earlier``: it goes straight to the list (a take still waiting when the page opened),
 * ``at`` and ``waitedBefore`` (ms) saying when it was queued.
 */
async function follow(id, { counted = false, earlier = false, at = new Date(), waitedBefore = 0 } = {}) {
  if (following.has(id)) return;
  seen.add(id);
  const entry = { id, at, counted, waitedBefore, status: "queued", text: statusText("queued", waitedBefore), item: null };
  following.set(id, entry);
  if (earlier) listEarlier(entry);
  else {
    toEarlierTakes();
    foreground = id;
    say("take-status", STATUS_TEXT.queued);
    $("take-status").dataset.status = "queued";
    refreshHistory();
  }
  const final = await followRecording(withId(config.urls.recording, id), {
    onStatus: (body, waited) => {
      entry.status = body.status;
      entry.text = statusText(body.status, waited + entry.waitedBefore);
      if (foreground === id) {
        $("take-status").dataset.status = body.status;
        say("take-status", entry.text);
      } else describeEarlier(entry);
    },
  });
  following.delete(id);
  refreshHistory();
  if (final.status !== "done" && entry.counted) changeAttemptsLeft(1);
  if (foreground !== id) {
    finishEarlier(entry, final);
    return;
  }
  foreground = null;
  if (final.status !== "done") {
    say("take-status", "");
    const why = failedWords(final);
    // Grading again is offered only where another run may get through (a worker lost, a time limit); where
    // the recording itself failed (silent, too long, unreadable), the page says why there is no retry.
    const again = final.status !== "failed" || final.retryable;
    showError(again ? why : `${why} ${gettext("The same recording would fail the same way, so it is not tried again: record a new take, or upload another file.")}`);
    if (final.status === "failed") offerRescue({ resend: false, regradeId: final.retryable ? id : null });
    return;
  }
  // The score itself is the big number in the feedback; the status line says what it is made of.
  say("take-status", gradedWords(final));
  showFeedback(id, final);
}

// One key per chosen file: pressing "Upload" twice sends one take.
let fileKey = newUploadKey();
$("upload-file").addEventListener("change", () => { fileKey = newUploadKey(); });

$("upload-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const file = $("upload-file").files[0];
  if (!file) {
    showError(gettext("Choose a recording to upload first."));
    return;
  }
  submit(file, file.name, {}, fileKey);
});

$("take-discard").addEventListener("click", () => dropUnsent());

$("take-resend").addEventListener("click", () => {
  if (unsent) submit(unsent.blob, unsent.name, unsent.extra, unsent.key);
});

$("take-regrade").addEventListener("click", async () => {
  const id = Number.parseInt($("take-regrade").dataset.recording, 10);
  if (!id) return;
  showError("");
  offerRescue({ resend: false });
  const response = await fetch(withId(config.urls.retry, id), {
    method: "POST", credentials: "same-origin", headers: { "X-CSRFToken": config.csrfToken, Accept: "application/json" },
  }).catch(() => null);
  const body = response ? await response.json().catch(() => null) : null;
  if (!response || response.status !== 202) {
    showError(response ? refusal(response.status, body).text : gettext("The upload failed: check your connection and try again."));
    offerRescue({ resend: false, regradeId: response && response.status >= 500 ? id : null });
    return;
  }
  if (config.assignmentId) changeAttemptsLeft(-1);  // a failed take gave its attempt back; graded again, it uses one
  await follow(id, { counted: Boolean(config.assignmentId) });
});

// ------------------------------------------------------------------ after the feedback

$("try-again").addEventListener("click", () => {
  feedback.clear();
  say("take-status", "");
  $("record").scrollIntoView({ behavior: "smooth", block: "center" });
  $("record").focus({ preventScroll: true });
});

$("drill-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!feedback.recordingId) return;
  $("drill-mistakes").disabled = true;
  $("drill-status").textContent = gettext("Writing a drill for the notes that went wrong…");
  try {
    const response = await fetch(withId(config.urls.drill, feedback.recordingId), {
      method: "POST", credentials: "same-origin",
      headers: { "X-CSRFToken": config.csrfToken, Accept: "application/json" },
    });
    const body = await response.json().catch(() => null);
    if (response.status !== 201) throw new Error(errorMessage(body, response.status));
    window.location.assign(body.studio_url);
  } catch (error) {
    $("drill-status").textContent = error.message;
    $("drill-mistakes").disabled = false;
  }
});

// ------------------------------------------------------------------ history

const historyTargets = {
  chart: $("trend"), table: $("history-table").querySelector("tbody"), empty: $("history-empty"),
  takeUrl: (id) => withId(config.urls.takePage, id),
};

async function refreshHistory() {
  try {
    const response = await fetch(config.urls.takes, { credentials: "same-origin" });
    if (response.ok) drawHistory(await response.json(), historyTargets);
  } catch { /* the table stays as it was */ }
}

drawHistory(config.history, historyTargets);
// Takes still waiting for the grader when the page opened (sent before a reload): their results show here too.
for (const waiting of config.history.filter((t) => t.status === "queued" || t.status === "analyzing").slice(-10)) {
  const at = new Date(waiting.at);
  follow(waiting.id, {
    earlier: true, at, waitedBefore: Math.max(0, Date.now() - at.getTime()),
    counted: Boolean(config.assignmentId) && waiting.assignment === config.assignmentId,
  });
}
describeAudio();
readControls();
watchAudio();
offerKeptTake({ onOpening: true });
