// The microphone: permission, a level meter, a check of the signal, the latency
// measurement, and MediaRecorder takes.

import { audioContext, click } from "./player.js";

// Django's JavaScript catalogue (base.html) gives gettext; plain English without it.
const gettext = window.gettext || ((text) => text);
const interpolate = window.interpolate || ((text, values) => text.replace(/%\((\w+)\)s/g, (_, name) => values[name]));

const LATENCY_KEY = "studio.latencyMs";
export const MAX_LATENCY_MS = 1000;

// Mic check bands, on the RMS of 20 ms frames (full scale = 1).
const QUIET_RMS = 0.015;        // about -36 dBFS: the loud part of a take should be above this
const CLIP_PEAK = 0.985;
const CLIP_FRACTION = 0.001;
const MIN_SNR_DB = 15;

/** Why the microphone could not be opened, in words a student can act on. */
export function micErrorMessage(error) {
  if (!window.isSecureContext || !navigator.mediaDevices) {
    return gettext("This page cannot use a microphone here: the site must be opened over https (or on this computer). Upload a recording instead.");
  }
  switch (error && error.name) {
    case "NotAllowedError":
    case "SecurityError":
      return gettext("The microphone is blocked for this site. Click the padlock or settings icon left of the address bar, set Microphone to Allow, and reload the page — or upload a recording instead.");
    case "NotFoundError":
    case "OverconstrainedError":
      return gettext("No microphone was found. Plug one in (or a headset), then try again — or upload a recording.");
    case "NotReadableError":
    case "AbortError":
      return gettext("The microphone is busy: another app (a video call?) may be using it. Close it and try again.");
    default:
      return interpolate(gettext("The microphone could not be opened (%(reason)s)."),
        { reason: (error && error.message) || error }, true);
  }
}

/** Open the microphone raw: no echo cancellation, noise suppression or gain control (they bend pitch and level). */
export async function openMic() {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    throw Object.assign(new Error("no getUserMedia"), { name: "SecurityError" });
  }
  return navigator.mediaDevices.getUserMedia({
    audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false, channelCount: 1 },
  });
}

export function closeMic(stream) {
  if (stream) stream.getTracks().forEach((track) => track.stop());
}

/** Feeds a <meter> with the input level (peak of the last frame, decaying) while it runs. */
export class LevelMeter {
  constructor(stream, meter) {
    const ctx = audioContext();
    this.meter = meter;
    this.source = ctx.createMediaStreamSource(stream);
    this.analyser = ctx.createAnalyser();
    this.analyser.fftSize = 1024;
    this.source.connect(this.analyser);
    this.frame = new Float32Array(this.analyser.fftSize);
    this.level = 0;
    this.listeners = [];
    this.running = true;
    const tick = () => {
      if (!this.running) return;
      this.analyser.getFloatTimeDomainData(this.frame);
      let peak = 0;
      let sum = 0;
      let clipped = 0;
      for (const v of this.frame) {
        const a = Math.abs(v);
        if (a > peak) peak = a;
        if (a >= CLIP_PEAK) clipped += 1;
        sum += v * v;
      }
      const rms = Math.sqrt(sum / this.frame.length);
      this.level = Math.max(peak, this.level * 0.9);
      if (this.meter) {
        this.meter.value = this.level;
        this.meter.textContent = `${Math.round(this.level * 100)} %`;
      }
      for (const listener of this.listeners) listener({ rms, peak, clipped, samples: this.frame.length });
      this.raf = requestAnimationFrame(tick);
    };
    tick();
  }

  stop() {
    this.running = false;
    cancelAnimationFrame(this.raf);
    this.source.disconnect();
    if (this.meter) this.meter.value = 0;
  }
}

/**
 * Listen for `seconds` and judge the signal: too quiet, clipping, or noisy.
 * Returns {ok, problems: [text], rmsDb, snrDb}.
 */
export function checkSignal(meter, seconds = 3) {
  return new Promise((resolve) => {
    const rms = [];
    let clipped = 0;
    let samples = 0;
    const listen = (frame) => {
      rms.push(frame.rms);
      clipped += frame.clipped;
      samples += frame.samples;
    };
    meter.listeners.push(listen);
    setTimeout(() => {
      meter.listeners = meter.listeners.filter((l) => l !== listen);
      const sorted = [...rms].sort((a, b) => a - b);
      const pick = (q) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] : 0;
      const loud = pick(0.95);
      const floor = Math.max(pick(0.1), 1e-6);
      const snrDb = 20 * Math.log10(Math.max(loud, 1e-6) / floor);
      const problems = [];
      if (loud < QUIET_RMS) {
        problems.push(gettext("The signal is too quiet: move closer to the microphone, or raise its input volume in your system's sound settings."));
      }
      if (samples && clipped / samples > CLIP_FRACTION) {
        problems.push(gettext("The signal clips (it is too loud and gets distorted): step back a little or lower the input volume."));
      }
      if (loud >= QUIET_RMS && snrDb < MIN_SNR_DB) {
        problems.push(gettext("There is a lot of background noise compared with your voice: find a quieter room, switch off fans, or sing closer to the microphone."));
      }
      resolve({ ok: problems.length === 0, problems, rmsDb: 20 * Math.log10(Math.max(loud, 1e-6)), snrDb });
    }, seconds * 1000);
  });
}

export function storedLatency() {
  const text = window.localStorage.getItem(LATENCY_KEY);
  if (text === null || text.trim() === "") return null;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 && value <= MAX_LATENCY_MS ? value : null;
}

export function storeLatency(ms) {
  if (ms === null) window.localStorage.removeItem(LATENCY_KEY);
  else window.localStorage.setItem(LATENCY_KEY, String(Math.round(ms)));
}

/**
 * Play `count` clicks and find the claps in the microphone; the latency is the
 * median delay from each click to the clap recorded after it, in ms.
 */
export function measureLatency(stream, { count = 8, interval = 0.6 } = {}) {
  const ctx = audioContext();
  const source = ctx.createMediaStreamSource(stream);
  // ScriptProcessor gives each input block with its context time: enough for 3 ms accuracy.
  const processor = ctx.createScriptProcessor(1024, 1, 1);
  const silent = ctx.createGain();
  silent.gain.value = 0;
  const start = ctx.currentTime + 0.5;
  const clicks = Array.from({ length: count }, (_, i) => start + i * interval);
  clicks.forEach((t, i) => click(ctx, t, { accent: i === 0 }));
  const onsets = [];
  let lastOnset = -1;
  let floor = 0.01;
  processor.onaudioprocess = (event) => {
    const data = event.inputBuffer.getChannelData(0);
    const t = event.playbackTime;
    for (let i = 0; i < data.length; i += 64) {
      let peak = 0;
      for (let j = i; j < Math.min(data.length, i + 64); j += 1) peak = Math.max(peak, Math.abs(data[j]));
      const at = t + i / ctx.sampleRate;
      if (peak > Math.max(0.08, floor * 6) && at - lastOnset > interval * 0.5) {
        onsets.push(at);
        lastOnset = at;
      }
      floor = floor * 0.995 + peak * 0.005;
    }
  };
  source.connect(processor).connect(silent).connect(ctx.destination);
  return new Promise((resolve, reject) => {
    setTimeout(() => {
      processor.disconnect();
      source.disconnect();
      const delays = clicks
        .map((c) => onsets.find((o) => o > c - 0.05 && o < c + interval * 0.8))
        .map((o, i) => (o === undefined ? null : (o - clicks[i]) * 1000))
        .filter((d) => d !== null && d >= 0 && d <= MAX_LATENCY_MS)
        .sort((a, b) => a - b);
      if (delays.length < Math.ceil(count / 2)) {
        reject(new Error(interpolate(gettext("only %(heard)s of %(count)s claps were heard: clap louder, in time with the clicks"),
          { heard: delays.length, count }, true)));
        return;
      }
      resolve(delays[Math.floor(delays.length / 2)]);
    }, (0.5 + count * interval + 0.6) * 1000);
  });
}

/** The best container MediaRecorder offers here: WebM/Opus first. */
export function recorderMimeType() {
  const types = ["audio/webm;codecs=opus", "audio/ogg;codecs=opus", "audio/webm", "audio/mp4"];
  return types.find((t) => window.MediaRecorder && MediaRecorder.isTypeSupported(t)) || "";
}

export function extensionFor(mimeType) {
  if (mimeType.includes("ogg")) return "ogg";
  if (mimeType.includes("mp4")) return "m4a";
  return "webm";
}

/** One take: start() resolves when recording has begun (with its context time); stop() resolves with the Blob. */
export class TakeRecorder {
  constructor(stream) {
    if (!window.MediaRecorder) throw new Error(gettext("this browser cannot record audio; upload a recording instead"));
    this.mimeType = recorderMimeType();
    this.recorder = new MediaRecorder(stream, this.mimeType ? { mimeType: this.mimeType, audioBitsPerSecond: 128000 } : {});
    this.chunks = [];
    this.recorder.ondataavailable = (event) => { if (event.data && event.data.size) this.chunks.push(event.data); };
  }

  start() {
    return new Promise((resolve) => {
      this.recorder.onstart = () => resolve(audioContext().currentTime);
      this.recorder.start(1000);
    });
  }

  stop() {
    return new Promise((resolve) => {
      this.recorder.onstop = () => resolve(new Blob(this.chunks, { type: this.recorder.mimeType || this.mimeType || "audio/webm" }));
      if (this.recorder.state !== "inactive") this.recorder.stop();
    });
  }
}
