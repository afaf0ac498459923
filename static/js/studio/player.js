// Playback for the studio with Web Audio: the rendered melody and accompaniment
// stems, a count-in and a metronome, at any tempo, transposed, over a loop of bars.
//
// Times on the "score clock" are seconds from the first target note at the
// exercise's tempo. At 100 % and no transposition a stem plays as one source;
// otherwise it is cut into grains (one per note for the melody, one per beat
// for the accompaniment) that are started at the stretched times and detuned:
// the pitch follows the transposition, not the tempo.
//
// The count-in and the metronome count the beat a musician counts, from the bar lines
// (count-in.js): a pickup is counted in and comes in on its own beat.

import { countIn, metronomeBeats } from "./count-in.js";

// Django's JavaScript catalogue (base.html) gives gettext; plain English without it.
const gettext = window.gettext || ((text) => text);
const interpolate = window.interpolate || ((text, values) => text.replace(/%\((\w+)\)s/g, (_, name) => values[name]));
// The stems' names as the page says them when one fails to load.
const PART_WORDS = { melody: gettext("melody"), backing: gettext("backing") };

const CLICK_SECONDS = 0.035;
const LOOKAHEAD_SECONDS = 0.4;
const GRAIN_FADE_SECONDS = 0.012;

let sharedContext = null;

/** One AudioContext for the page (browsers allow it to start only after a gesture). */
export function audioContext() {
  if (!sharedContext) {
    const Ctor = window.AudioContext || window.webkitAudioContext;
    sharedContext = new Ctor({ latencyHint: "interactive" });
  }
  if (sharedContext.state === "suspended") sharedContext.resume();
  return sharedContext;
}

export function midiToHz(midi) {
  return 440 * 2 ** ((midi - 69) / 12);
}

/** A short woodblock-like click at context time `when`; accented clicks are higher. */
export function click(ctx, when, { accent = false, destination = null } = {}) {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = accent ? 1760 : 1175;
  gain.gain.setValueAtTime(0.0001, when);
  gain.gain.exponentialRampToValueAtTime(accent ? 0.6 : 0.4, when + 0.002);
  gain.gain.exponentialRampToValueAtTime(0.0001, when + CLICK_SECONDS);
  osc.connect(gain).connect(destination || ctx.destination);
  osc.start(when);
  osc.stop(when + CLICK_SECONDS + 0.01);
}

export class Player {
  /**
   * @param {object} notation  the exercise's notation JSON: notes [{onset, duration, midi}], bars [s],
   *                           meter [beats, type], beat_seconds, duration
   */
  constructor(notation) {
    this.notation = notation;
    this.stems = {};            // name -> AudioBuffer
    this.tempo = 1;             // ratio to the exercise's tempo
    this.semitones = 0;         // sounding transposition
    this.hear = { melody: true, backing: true, metronome: false, countIn: true };
    this.sources = [];
    this.timer = null;
    this.playing = false;
    this.onstop = null;
  }

  get beats() {
    return (this.notation.meter && this.notation.meter[0]) || 4;
  }

  get beatSeconds() {
    return this.notation.beat_seconds || 0.5;
  }

  get duration() {
    return this.notation.duration || 0;
  }

  /** Bar n (1-based) as [start, end] seconds on the score clock. */
  barRange(from, to) {
    const bars = this.notation.bars && this.notation.bars.length ? this.notation.bars : [0];
    const last = bars.length;
    const a = Math.min(Math.max(1, from), last);
    const b = Math.min(Math.max(a, to), last);
    const start = Math.max(0, bars[a - 1]);
    const end = b < last ? bars[b] : Math.max(this.duration, bars[last - 1] + this.beats * this.beatSeconds);
    return [start, end];
  }

  async loadStems(urlFor, parts) {
    const ctx = audioContext();
    await Promise.all(parts.map(async (part) => {
      const response = await fetch(urlFor(part), { credentials: "same-origin" });
      if (!response.ok) {
        throw new Error(interpolate(gettext("the %(part)s audio did not load (%(status)s)"),
          { part: PART_WORDS[part] || part, status: response.status }, true));
      }
      this.stems[part] = await ctx.decodeAudioData(await response.arrayBuffer());
    }));
  }

  /** What the count-in before score time `start` clicks (count-in.js): `lead` seconds at the exercise's tempo. */
  countIn(start = 0) {
    return countIn(this.notation, start);
  }

  /**
   * Play [start, end] of the score clock, with a count-in first when asked: a full bar, then the
   * beats of `start`'s own bar before it (a pickup's silent beats).
   * Returns {t0, start, end, ratio, lead, beats}: score time s sounds at t0 + (s - start) / ratio; `beats` are
   * the count-in's clicks, {when: context seconds, count, accent}, for a page that shows them as they sound.
   */
  play({ start = 0, end = null, loop = false, countIn = this.hear.countIn, onPass = null } = {}) {
    this.stop();
    const ctx = audioContext();
    const stop = end ?? this.duration;
    const ratio = this.tempo;
    const counted = countIn ? this.countIn(start) : { lead: 0, clicks: [] };
    const lead = counted.lead / ratio;
    const t0 = ctx.currentTime + 0.15 + lead;
    this.playing = true;
    this.master = ctx.createGain();
    this.master.connect(ctx.destination);
    const beats = counted.clicks.map(({ at, accent, count }) => ({ when: t0 - lead + at / ratio, accent, count }));
    for (const { when, accent } of beats) click(ctx, when, { accent, destination: this.master });
    const pass = { t0, start, end: stop, ratio, lead, beats };
    this.schedulePass(pass);
    if (onPass) onPass(pass);
    const passSeconds = (stop - start) / ratio;
    const next = (at) => {
      this.timer = setTimeout(() => {
        if (!this.playing) return;
        if (loop) {
          const following = { t0: at + passSeconds, start, end: stop, ratio };
          this.schedulePass(following);
          if (onPass) onPass(following);
          next(following.t0);
        } else {
          this.finish();
        }
      }, Math.max(0, (at + passSeconds - ctx.currentTime - (loop ? LOOKAHEAD_SECONDS : -0.2)) * 1000));
    };
    next(t0);
    return pass;
  }

  schedulePass({ t0, start, end, ratio }) {
    const ctx = audioContext();
    const detune = this.semitones * 100;
    const plain = ratio === 1 && this.semitones === 0;
    const stems = [["melody", this.hear.melody], ["backing", this.hear.backing]];
    let anyStem = false;
    for (const [name, wanted] of stems) {
      const buffer = this.stems[name];
      if (!wanted || !buffer) continue;
      anyStem = true;
      if (plain) {
        this.grain(buffer, t0, start, end - start, 0);
      } else if (name === "melody") {
        for (const note of this.notation.notes) {
          if (note.onset + note.duration <= start || note.onset >= end) continue;
          const from = Math.max(note.onset, start);
          const length = Math.min(note.onset + note.duration, end) - from;
          this.grain(buffer, t0 + (from - start) / ratio, from, Math.min(length, length / ratio), detune);
        }
      } else {
        const beat = this.beatSeconds;
        for (let s = Math.floor(start / beat) * beat; s < end; s += beat) {
          const from = Math.max(s, start);
          const length = Math.min(s + beat, end) - from;
          if (length <= 0.01) continue;
          this.grain(buffer, t0 + (from - start) / ratio, from, Math.min(length, length / ratio), detune);
        }
      }
    }
    if (this.hear.melody && !this.stems.melody) this.synth(t0, start, end, ratio);
    if (this.hear.metronome || (!anyStem && !this.hear.melody)) {
      for (const { at, accent } of metronomeBeats(this.notation, start, end)) {
        click(ctx, t0 + (at - start) / ratio, { accent, destination: this.master });
      }
    }
  }

  /** Play `length` seconds of `buffer` from `offset`, at context time `when`, with short fades. */
  grain(buffer, when, offset, length, detune) {
    const ctx = audioContext();
    if (length <= 0 || offset >= buffer.duration) return;
    const src = ctx.createBufferSource();
    src.buffer = buffer;
    src.detune.value = detune;
    const gain = ctx.createGain();
    const rate = 2 ** (detune / 1200);
    const heard = length / rate;
    const at = Math.max(when, ctx.currentTime);
    gain.gain.setValueAtTime(0, at);
    gain.gain.linearRampToValueAtTime(1, at + GRAIN_FADE_SECONDS);
    gain.gain.setValueAtTime(1, at + Math.max(GRAIN_FADE_SECONDS, heard - GRAIN_FADE_SECONDS));
    gain.gain.linearRampToValueAtTime(0, at + heard);
    src.connect(gain).connect(this.master);
    src.start(at, offset + (at - when) * rate, length);
    this.sources.push(src);
  }

  /** Until the stems exist: a soft triangle-wave tune so the page is usable at once. */
  synth(t0, start, end, ratio) {
    const ctx = audioContext();
    for (const note of this.notation.notes) {
      if (note.onset + note.duration <= start || note.onset >= end) continue;
      const from = Math.max(note.onset, start);
      const when = t0 + (from - start) / ratio;
      const length = (Math.min(note.onset + note.duration, end) - from) / ratio;
      const osc = ctx.createOscillator();
      osc.type = "triangle";
      osc.frequency.value = midiToHz(note.midi + this.semitones);
      const gain = ctx.createGain();
      gain.gain.setValueAtTime(0.0001, when);
      gain.gain.exponentialRampToValueAtTime(0.3, when + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.12, when + Math.max(0.05, length * 0.6));
      gain.gain.exponentialRampToValueAtTime(0.0001, when + Math.max(0.08, length * 0.95));
      osc.connect(gain).connect(this.master);
      osc.start(when);
      osc.stop(when + length);
      this.sources.push(osc);
    }
  }

  finish() {
    const was = this.playing;
    this.stop();
    if (was && this.onstop) this.onstop();
  }

  stop() {
    this.playing = false;
    clearTimeout(this.timer);
    for (const src of this.sources) {
      try { src.stop(); } catch { /* never started or already stopped */ }
    }
    this.sources = [];
    if (this.master) {
      this.master.disconnect();
      this.master = null;
    }
  }
}
