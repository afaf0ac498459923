// The student's pitch drawn live over the target notes, which scroll past a "now" line while they
// sing or play. Pitch comes from the YIN AudioWorklet (pitch-worklet.js) in the audio thread; this
// only draws. The grade still comes from the server after the take.
//
// For the tests and the curious, window.studioLivePitch holds every estimate
// ({time (AudioContext s), scoreTime (s on the score clock), hz}) and the delay of each
// drawn point (ms from the centre of its analysis window to the frame that drew it).

import { audioContext } from "./player.js";

const WORKLET_URL = new URL("./pitch-worklet.js", import.meta.url);
const PAST_SECONDS = 1.5;      // visible before "now"
const AHEAD_SECONDS = 3.0;     // visible after "now"
const GAP_SECONDS = 0.06;      // a longer gap between estimates breaks the line
const CLOSE_CENTS = 50;        // within this of the target note the line is drawn green

const LABEL_WIDTH = 34;        // the left gutter that names the target pitches

const hzToMidi = (hz) => 69 + 12 * Math.log2(hz / 440);
const SHARP_NAMES = ["C", "C♯", "D", "D♯", "E", "F", "F♯", "G", "G♯", "A", "A♯", "B"];
const FLAT_NAMES = ["C", "D♭", "D", "E♭", "E", "F", "G♭", "G", "A♭", "A", "B♭", "B"];
/** A MIDI note's name with its octave, spelled with flats in a flat key (C4 is middle C). */
export const noteName = (midi, fifths = 0) =>
  (fifths < 0 ? FLAT_NAMES : SHARP_NAMES)[((midi % 12) + 12) % 12] + (Math.floor(midi / 12) - 1);
let workletLoaded = null;

export class LivePitch {
  /** @param {{canvas: HTMLCanvasElement, notes: {onset:number,duration:number,midi:number}[], fifths?: number}} options */
  constructor({ canvas, notes, fifths = 0 }) {
    this.canvas = canvas;
    this.notes = notes || [];
    this.fifths = fifths;
    this.pitches = [...new Set(this.notes.map((n) => n.midi))].sort((a, b) => a - b);
    this.points = [];
    this.pass = null;
    this.frame = 0;
    this.drawnUpTo = 0;
    const midis = this.notes.map((n) => n.midi);
    this.low = (midis.length ? Math.min(...midis) : 60) - 4;
    this.high = (midis.length ? Math.max(...midis) : 72) + 4;
    window.studioLivePitch = { points: this.points, latenciesMs: [] };
  }

  /** Start tracking ``stream``; ``pass`` ({t0, start, ratio}) maps context time to the score clock. */
  async start(stream, pass) {
    const ctx = audioContext();
    workletLoaded = workletLoaded || ctx.audioWorklet.addModule(WORKLET_URL);
    await workletLoaded;
    this.pass = pass;
    this.source = ctx.createMediaStreamSource(stream);
    this.node = new AudioWorkletNode(ctx, "yin-pitch", { numberOfInputs: 1, numberOfOutputs: 0 });
    this.node.port.onmessage = (event) => {
      const { time, hz } = event.data;
      const scoreTime = (time - pass.t0) * pass.ratio + pass.start;
      this.points.push({ time, scoreTime, hz });
    };
    this.source.connect(this.node);
    this.canvas.hidden = false;
    const tick = () => {
      this.draw();
      this.frame = requestAnimationFrame(tick);
    };
    this.frame = requestAnimationFrame(tick);
  }

  stop() {
    cancelAnimationFrame(this.frame);
    if (this.source) this.source.disconnect();
    if (this.node) this.node.port.onmessage = null;
    this.source = null;
    this.node = null;
  }

  targetAt(scoreTime) {
    return this.notes.find((n) => scoreTime >= n.onset && scoreTime < n.onset + n.duration);
  }

  draw() {
    const ctx = audioContext();
    const canvas = this.canvas;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (canvas.width !== Math.round(width * ratio)) canvas.width = Math.round(width * ratio);
    if (canvas.height !== Math.round(height * ratio)) canvas.height = Math.round(height * ratio);
    const g = canvas.getContext("2d");
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    const pass = this.pass;
    const now = (ctx.currentTime - pass.t0) * pass.ratio + pass.start;
    const from = now - PAST_SECONDS;
    const to = now + AHEAD_SECONDS;
    // Time runs right of the gutter that names the pitches, so a student reads which note a row is.
    const plot = width - LABEL_WIDTH;
    const x = (s) => LABEL_WIDTH + ((s - from) / (to - from)) * plot;
    const lastPoint = this.points.length ? this.points[this.points.length - 1] : null;
    if (lastPoint) {
      const sung = lastPoint.hz > 0 ? hzToMidi(lastPoint.hz) : null;
      if (sung !== null && sung < this.low + 1) this.low = Math.floor(sung) - 2;
      if (sung !== null && sung > this.high - 1) this.high = Math.ceil(sung) + 2;
    }
    const y = (midi) => height - ((midi - this.low) / (this.high - this.low)) * height;
    const rowHeight = Math.max(3, height / (this.high - this.low));

    g.fillStyle = "#f4f6fb";
    g.fillRect(0, 0, width, height);
    this.drawPitchLabels(g, width, height, y);
    for (const n of this.notes) {
      if (n.onset + n.duration < from || n.onset > to) continue;
      const active = now >= n.onset && now < n.onset + n.duration;
      g.fillStyle = active ? "#9db6f5" : "#cfd8ee";
      const left = Math.max(LABEL_WIDTH, x(n.onset));
      const right = x(n.onset + n.duration) - 2;
      if (right > left) g.fillRect(left, y(n.midi) - rowHeight / 2, Math.max(2, right - left), rowHeight);
    }
    g.strokeStyle = "#2456d6";
    g.lineWidth = 2;
    g.beginPath();
    g.moveTo(x(now), 0);
    g.lineTo(x(now), height);
    g.stroke();

    g.lineWidth = 3;
    g.lineCap = "round";
    let previous = null;
    for (const p of this.points) {
      if (p.scoreTime < from || p.hz <= 0 || x(p.scoreTime) < LABEL_WIDTH) { previous = null; continue; }
      const midi = hzToMidi(p.hz);
      if (previous && p.scoreTime - previous.scoreTime < GAP_SECONDS) {
        const target = this.targetAt(p.scoreTime);
        const close = target && Math.abs((midi - target.midi) * 100) <= CLOSE_CENTS;
        g.strokeStyle = close ? "#1f8a4c" : "#1d2330";
        g.beginPath();
        g.moveTo(x(previous.scoreTime), y(previous.midi));
        g.lineTo(x(p.scoreTime), y(midi));
        g.stroke();
      }
      previous = { scoreTime: p.scoreTime, midi };
    }
    // How long each newly drawn estimate took from the middle of its window to this frame.
    const latencies = window.studioLivePitch.latenciesMs;
    for (; this.drawnUpTo < this.points.length; this.drawnUpTo++) {
      latencies.push((ctx.currentTime - this.points[this.drawnUpTo].time) * 1000);
    }
  }

  /** A faint line and a name for each pitch the score asks for; names thin out when rows are tight. */
  drawPitchLabels(g, width, height, y) {
    g.fillStyle = "#e6eaf4";
    g.fillRect(0, 0, LABEL_WIDTH, height);
    g.font = "11px system-ui, sans-serif";
    g.textBaseline = "middle";
    let lastLabelY = Infinity;
    for (const midi of this.pitches) {
      const row = y(midi);
      if (row < 0 || row > height) continue;
      g.strokeStyle = "#dde3f0";
      g.lineWidth = 1;
      g.beginPath();
      g.moveTo(LABEL_WIDTH, row);
      g.lineTo(width, row);
      g.stroke();
      if (lastLabelY - row < 12) continue;  // the pitches run upwards: skip a name that would overlap
      g.fillStyle = "#3b4356";
      g.fillText(noteName(midi, this.fifths), 4, row);
      lastLabelY = row;
    }
  }
}
