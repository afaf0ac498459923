// AudioWorklet: the YIN pitch tracker (de Cheveigné & Kawahara 2002) on the microphone, in the
// audio thread, so the studio can draw the student's pitch while they sing.
//
// The input is halved to ~24 kHz (pairs averaged), analysed in windows of WINDOW samples (about
// 43 ms) every HOP samples (about 10.7 ms at 48 kHz). Each estimate is posted as
// {time, hz, clarity, rms}: `time` is the AudioContext time (seconds) of the window's centre,
// `hz` the fundamental (0 when unvoiced or too quiet), `clarity` 1 - the YIN dip (0..1).
// The server's grade stays the authority: this only draws.

const WINDOW = 1024;          // samples after halving: ~43 ms at 48 kHz
const HOP = 256;              // samples after halving: ~10.7 ms at 48 kHz
const THRESHOLD = 0.15;       // YIN absolute threshold on the cumulative-mean-normalised difference
const MIN_HZ = 65;            // C2
const MAX_HZ = 1100;          // C#6
const SILENCE_RMS = 0.003;    // below this the window is not worth a pitch

class YinPitchProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.rate = sampleRate / 2;
    this.buffer = new Float32Array(WINDOW);
    this.filled = 0;
    this.sinceHop = 0;
    this.half = 0;
    this.haveHalf = false;
    this.maxTau = Math.min(Math.floor(this.rate / MIN_HZ), WINDOW / 2);
    this.minTau = Math.max(2, Math.floor(this.rate / MAX_HZ));
    this.diff = new Float32Array(this.maxTau + 1);
  }

  push(sample) {
    if (this.filled < WINDOW) {
      this.buffer[this.filled++] = sample;
    } else {
      this.buffer.copyWithin(0, 1);
      this.buffer[WINDOW - 1] = sample;
    }
    this.sinceHop += 1;
  }

  estimate() {
    const x = this.buffer;
    const n = WINDOW - this.maxTau;
    let energy = 0;
    for (let i = 0; i < WINDOW; i++) energy += x[i] * x[i];
    const rms = Math.sqrt(energy / WINDOW);
    if (rms < SILENCE_RMS) return { hz: 0, clarity: 0, rms };
    const d = this.diff;
    d[0] = 1;
    let running = 0;
    let found = -1;
    for (let tau = 1; tau <= this.maxTau; tau++) {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const delta = x[i] - x[i + tau];
        sum += delta * delta;
      }
      running += sum;
      d[tau] = running > 0 ? (sum * tau) / running : 1;
      // The first dip under the threshold, followed down to its bottom.
      if (found < 0 && tau > this.minTau && d[tau - 1] < THRESHOLD && d[tau] >= d[tau - 1]) found = tau - 1;
      if (found >= 0) break;
    }
    if (found < 0) return { hz: 0, clarity: 0, rms };
    // Parabolic interpolation around the dip for sub-sample precision (a cent or two at these rates).
    const a = d[found - 1], b = d[found], c = d[found + 1] ?? b;
    const denom = a - 2 * b + c;
    const shift = denom > 0 ? 0.5 * (a - c) / denom : 0;
    return { hz: this.rate / (found + shift), clarity: Math.max(0, 1 - b), rms };
  }

  process(inputs) {
    const channel = inputs[0] && inputs[0][0];
    if (!channel) return true;
    for (let i = 0; i < channel.length; i++) {
      if (!this.haveHalf) {
        this.half = channel[i];
        this.haveHalf = true;
        continue;
      }
      this.push(0.5 * (this.half + channel[i]));
      this.haveHalf = false;
      if (this.filled === WINDOW && this.sinceHop >= HOP) {
        this.sinceHop = 0;
        const result = this.estimate();
        // currentTime is the start of this render quantum; the window ends about here and its centre is half a window back.
        const time = currentTime + i / sampleRate - (WINDOW / 2) / this.rate;
        this.port.postMessage({ time, ...result });
      }
    }
    return true;
  }
}

registerProcessor("yin-pitch", YinPitchProcessor);
