// Sing me a tune: record or upload a melody, follow the transcription job, show the notes as a
// staff and 简谱, fix a note, pick a chord per bar and hear it at once in any style and tempo, save the
// result as an exercise.

import { openMic, closeMic, TakeRecorder, extensionFor, micErrorMessage } from "./recorder.js";
import { uploadTake, errorMessage } from "./upload.js";

const page = document.getElementById("transcribe");
const csrf = page.dataset.csrf;
const $ = (id) => document.getElementById(id);
const NAMES = ["C", "C#", "D", "Eb", "E", "F", "F#", "G", "Ab", "A", "Bb", "B"];
let current = null;   // the transcription id
let stream = null;
let recorder = null;

function say(text) { $("status").textContent = text; }

async function api(url, options = {}) {
  const response = await fetch(url, {
    credentials: "same-origin",
    headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": csrf },
    ...options,
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new Error(errorMessage(body, response.status));
  return body;
}

async function send(blob, name) {
  $("progress").hidden = false;
  $("progress").value = 0;
  say("Uploading…");
  const { status, body } = await uploadTake({
    url: "/api/transcriptions/", csrfToken: csrf,
    fields: { audio: [blob, name], title: $("title").value },
  });
  if (status !== 202) { say(errorMessage(body, status)); $("progress").hidden = true; return; }
  current = body.id;
  follow();
}

async function follow() {
  for (;;) {
    let body;
    try { body = await api(`/api/transcriptions/${current}/`); } catch (error) { say(error.message); return; }
    $("progress").value = body.progress;
    say(body.status === "queued" ? "Waiting for the transcriber…" : `${body.stage || "Working"}… ${body.progress} %`);
    if (body.status === "failed") { say(body.error || "The melody could not be transcribed."); return; }
    if (body.status === "done") { $("progress").hidden = true; say("Done."); show(body.result); return; }
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

function show(result) {
  $("result").hidden = false;
  $("summary").textContent = `${result.notes.length} notes in ${result.key}, ${result.meter} at ${Math.round(result.tempo)} beats a minute` +
    (result.pickup ? `, starting ${result.pickup} beat(s) before the first bar line.` : ".");
  const body = $("notes").querySelector("tbody");
  body.replaceChildren();
  result.notes.forEach((note, index) => {
    const row = document.createElement("tr");
    const written = midiOf(note.pitch);
    const select = document.createElement("select");
    select.setAttribute("aria-label", `Note ${index + 1}`);
    select.dataset.index = index;
    for (let midi = written - 3; midi <= written + 3; midi += 1) {
      const option = new Option(`${NAMES[((midi % 12) + 12) % 12]}${Math.floor(midi / 12) - 1}`, midi, false, midi === written);
      select.add(option);
    }
    select.addEventListener("change", () => fix(index, Number(select.value)));
    row.innerHTML = `<td>${index + 1}</td><td>${note.pitch}${note.edited ? " ✎" : ""}</td><td>${note.quarter_length}</td><td>${note.onset.toFixed(2)} s</td>`;
    const cell = document.createElement("td");
    cell.append(select);
    row.append(cell);
    body.append(row);
  });
  drawNotation();
  loadChords();
}

async function fix(index, midi) {
  try {
    const body = await api(`/api/transcriptions/${current}/`, { method: "PATCH", body: JSON.stringify({ notes: [{ index, midi }] }) });
    show(body.result);
    say(`Note ${index + 1} fixed.`);
  } catch (error) { say(error.message); }
}

async function drawNotation() {
  try {
    const body = await api(`/api/transcriptions/${current}/notation/`);
    $("staff").innerHTML = body.svg;       // our own Verovio output
    $("jianpu").innerHTML = body.jianpu_svg;
  } catch (error) { $("staff").textContent = error.message; }
}

async function loadChords() {
  let body;
  try { body = await api(`/api/transcriptions/${current}/chords/`); } catch (error) { say(error.message); return; }
  $("harmony").hidden = false;
  const list = $("bars");
  list.replaceChildren();
  for (const bar of body.bars) {
    const item = document.createElement("li");
    const select = document.createElement("select");
    select.className = "bar-chord";
    select.setAttribute("aria-label", `Chord for bar ${bar.bar}`);
    select.add(new Option(`${bar.chord} (${bar.symbol})`, bar.chord, true, true));
    for (const alt of bar.alternatives) {
      select.add(new Option(`${alt.chord} (${alt.symbol}), ${Math.round(100 * alt.probability)} %`, alt.chord));
    }
    for (const other of body.palette) {
      if (![...select.options].some((option) => option.value === other.chord)) {
        select.add(new Option(`${other.chord} (${other.symbol})`, other.chord));
      }
    }
    select.addEventListener("change", () => hear());   // a new chord is heard at once
    const reason = document.createElement("span");
    reason.className = "small muted reason";
    reason.textContent = ` ${bar.reason}.`;
    item.append(select, reason);
    list.append(item);
  }
  if (!$("style").options.length) {
    for (const style of body.styles) $("style").add(new Option(style, style, style === "block", style === "block"));
  }
  if (!$("tempo").value) $("tempo").value = Math.round(body.tempo);
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

async function hear() {
  const chords = [...document.querySelectorAll("#bars select.bar-chord")].map((select) => select.value);
  let body;
  try {
    body = await api(`/api/transcriptions/${current}/accompaniment/`, {
      method: "POST", body: JSON.stringify({ chords, style: $("style").value, tempo: Number($("tempo").value) || undefined }),
    });
  } catch (error) { $("hearing").textContent = error.message; return; }
  silence();
  const ctx = window.transcribeAudio || (window.transcribeAudio = new AudioContext());
  await ctx.resume();
  const start = ctx.currentTime + 0.1;
  for (const note of body.melody) sound(ctx, start, note, "square", 0.08);
  for (const note of body.backing) sound(ctx, start, note, "triangle", 0.05);
  $("silence").disabled = false;
  $("hearing").textContent = `Playing ${body.chords.join(" ")} in ${body.style} at ${body.tempo} beats a minute.`;
  $("hearing").dataset.chords = body.chords.join(" ");
}

$("hear").addEventListener("click", hear);
$("silence").addEventListener("click", silence);
$("style").addEventListener("change", () => { if (voices.length) hear(); });

$("record").addEventListener("click", async () => {
  try { stream = await openMic(); } catch (error) { say(micErrorMessage(error)); return; }
  recorder = new TakeRecorder(stream);
  await recorder.start();
  $("record").disabled = true;
  $("stop").disabled = false;
  say("Recording… sing your melody, then press Stop.");
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
  try {
    const chords = [...document.querySelectorAll("#bars select.bar-chord")].map((select) => select.value);
    const body = await api(`/api/transcriptions/${current}/exercise/`, {
      method: "POST", body: JSON.stringify({ title: $("title").value, chords, style: $("style").value || "block" }),
    });
    const link = document.createElement("a");
    link.href = body.studio;
    link.textContent = "Practise it in the studio";
    $("saved").replaceChildren("Saved. ", link);
  } catch (error) { $("saved").textContent = error.message; }
});
