// The range test sung into the browser: open the microphone as the studio does, show the note
// being sung and the lowest and highest so far (the YIN worklet, as a guide only), then send the
// take to the range-test API and show the range the server measured. The upload form on the page
// still works without any of this.

import { audioContext } from "./player.js";
import { LevelMeter, TakeRecorder, closeMic, extensionFor, micErrorMessage, openMic } from "./recorder.js";
import { errorMessage, uploadTake } from "./upload.js";

const gettext = window.gettext || ((text) => text);
const interpolate = window.interpolate || ((text, values) => text.replace(/%\((\w+)\)s/g, (_, name) => values[name]));

const config = JSON.parse(document.getElementById("range-config").textContent);
const $ = (id) => document.getElementById(id);
const WORKLET_URL = new URL("./pitch-worklet.js", import.meta.url);
// Spelled as music.words.pitch_name spells them on the rest of the site.
const NAMES = ["C", "C♯", "D", "E♭", "E", "F", "F♯", "G", "G♯", "A", "B♭", "B"];
const MIN_CLARITY = 0.8;
const HELD_FRAMES = 12;       // ~130 ms on one semitone before it counts on the guide
const POLL_MS = 700;

const noteName = (midi) => `${NAMES[midi % 12]}${Math.floor(midi / 12) - 1}`;

let stream = null;
let failedTest = null;  // the id of a test that could not be measured, to measure again
let recorder = null;
let meter = null;
let tracker = null;
const heard = { low: null, high: null, run: 0, last: null };

function say(text) { if ($("range-status").textContent !== text) $("range-status").textContent = text; }

async function startGuide(micStream) {
  const ctx = audioContext();
  await ctx.audioWorklet.addModule(WORKLET_URL);
  const source = ctx.createMediaStreamSource(micStream);
  const node = new AudioWorkletNode(ctx, "yin-pitch", { numberOfInputs: 1, numberOfOutputs: 0 });
  node.port.onmessage = (event) => {
    const { hz, clarity } = event.data;
    if (!hz || clarity < MIN_CLARITY) { heard.run = 0; return; }
    const midi = Math.round(69 + 12 * Math.log2(hz / 440));
    heard.run = midi === heard.last ? heard.run + 1 : 1;
    heard.last = midi;
    $("range-now").textContent = noteName(midi);
    if (heard.run === HELD_FRAMES) {
      heard.low = heard.low === null ? midi : Math.min(heard.low, midi);
      heard.high = heard.high === null ? midi : Math.max(heard.high, midi);
      $("range-so-far").textContent = interpolate(gettext("%(low)s to %(high)s so far"),
        { low: noteName(heard.low), high: noteName(heard.high) }, true);
    }
  };
  source.connect(node);
  return { source, node };
}

async function start() {
  $("range-error").hidden = true;
  try {
    stream = await openMic();
  } catch (error) {
    showError(micErrorMessage(error));
    return;
  }
  await audioContext().resume();
  meter = new LevelMeter(stream, $("range-level"));
  tracker = await startGuide(stream);
  recorder = new TakeRecorder(stream);
  await recorder.start();
  document.body.classList.add("recording");
  $("range-start").hidden = true;
  $("range-stop").hidden = false;
  $("range-stop").focus();
  say(gettext("Listening… sing from your lowest comfortable note up to your highest, holding each for about a second. Press Stop when you reach the top."));
}

async function stop() {
  $("range-stop").disabled = true;
  const blob = await recorder.stop();
  tracker.source.disconnect();
  tracker.node.port.onmessage = null;
  meter.stop();
  closeMic(stream);
  document.body.classList.remove("recording");
  say(gettext("Sending your take…"));
  const name = `range.${extensionFor(blob.type)}`;
  let response;
  try {
    response = await uploadTake({ url: config.urls.create, fields: { audio: [blob, name] }, csrfToken: config.csrfToken });
  } catch (error) {
    showError(error.message);
    return;
  }
  if (response.status !== 202) {
    showError(errorMessage(response.body, response.status));
    return;
  }
  measure(response.body.id);
}

async function measure(id) {
  failedTest = null;
  $("range-retry").hidden = true;
  $("range-no-retry").hidden = true;
  say(gettext("Measuring your range…"));
  const url = config.urls.detail.replace("/0/", `/${id}/`);
  const started = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    const body = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((r) => r.json()).catch(() => null);
    if (!body) continue;
    // Past 30 s (the server's Job.LONG_WAIT) a queued take waits for a worker that is busy or not running.
    if (body.status === "queued" && Date.now() - started > 30000) {
      say(gettext("Your take is saved. The grader is busy or not running just now: it will measure your range as soon as it can."));
    }
    if (body.status === "done") {
      $("range-result").hidden = false;
      $("range-result-text").textContent = interpolate(gettext("Your range: %(low)s to %(high)s."),
        { low: noteName(body.low_midi), high: noteName(body.high_midi) }, true);
      $("range-current").hidden = true;  // the old "not measured yet" or last range
      say(gettext("Done. Weak-spot drills now stay inside this range."));
      finish();
      return;
    }
    if (body.status === "failed") {
      showError(body.error || gettext("The range could not be measured; try again, holding each note a little longer."));
      // The take is kept on the server: it can be measured again without singing it again.
      // Offered only where another run may get through (a worker lost, a time limit), else said why not.
      failedTest = body.retryable ? id : null;
      $("range-retry").hidden = !body.retryable;
      $("range-no-retry").hidden = Boolean(body.retryable);
      return;
    }
  }
}

function finish() {
  $("range-stop").hidden = true;
  $("range-stop").disabled = false;
  $("range-start").hidden = false;
  $("range-start").textContent = gettext("Sing it again");
}

function showError(text) {
  say("");
  $("range-error").textContent = text;
  $("range-error").hidden = false;
  finish();
}

$("range-live").hidden = false;
$("range-start").addEventListener("click", start);
$("range-stop").addEventListener("click", stop);
$("range-retry").addEventListener("click", async () => {
  if (failedTest === null) return;
  const id = failedTest;
  $("range-retry").disabled = true;
  $("range-error").hidden = true;
  const response = await fetch(config.urls.retry.replace("/0/", `/${id}/`), {
    method: "POST", credentials: "same-origin", headers: { Accept: "application/json", "X-CSRFToken": config.csrfToken },
  }).catch(() => null);
  $("range-retry").disabled = false;
  const body = response ? await response.json().catch(() => null) : null;
  if (!response || response.status !== 202) {
    showError(errorMessage(body, response ? response.status : 0));
    $("range-retry").hidden = false;
    return;
  }
  measure(id);
});
