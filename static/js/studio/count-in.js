// The count-in and the metronome as a teacher gives them: one full bar of beats, then the beats of
// the bar the music starts in that pass before its first note, so a pickup comes in where it belongs
// (3/4 with a one-beat pickup: "1 2 3 | 1 2", the pickup on 3). In 6/8, 9/8 and 12/8 the beat
// counted is the dotted quarter.
//
// Times are seconds on the studio's score clock (0 = the first target note, at the exercise's
// tempo); the player divides them by its tempo ratio.

import { isCompound } from "./tempo-words.js";

const EPSILON = 1e-3; // seconds: bar lines come rounded to 0.1 ms

/**
 * The beat a musician counts in the notation's meter.
 * @param {object} notation  {meter: [beats, beat type], beat_seconds: seconds of the beat type}
 * @returns {{seconds: number, perBar: number, barSeconds: number}}  a dotted quarter, 2 a bar, in 6/8
 */
export function countedBeat(notation) {
  const [beats, type] = notation.meter && notation.meter[0] ? notation.meter : [4, 4];
  const unit = notation.beat_seconds || 0.5;
  const compound = isCompound(`${beats}/${type}`);
  return { seconds: compound ? 3 * unit : unit, perBar: compound ? beats / 3 : beats, barSeconds: beats * unit };
}

/**
 * The downbeat of the bar that `time` lies in (negative before a pickup's first note). A first bar
 * shorter than the meter's (a pickup written as a short measure) is the end of a full bar.
 */
export function barStartAt(notation, time) {
  const { barSeconds } = countedBeat(notation);
  const bars = notation.bars || [];
  const next = bars.find((line) => line > time + EPSILON);
  const current = bars.filter((line) => line <= time + EPSILON).pop();
  const shortFirst = next !== undefined && (current === undefined || (current === bars[0] && next - current < barSeconds - EPSILON));
  if (shortFirst) return next - barSeconds;
  return current ?? time;
}

/**
 * What to click before score time `start`: one full bar, then the beats of the bar `start` lies in
 * that come before it.
 * @returns {{lead: number, clicks: {at: number, accent: boolean, count: number}[], extra: number, words: string}}
 *   `lead`: seconds from the first click to `start`; `at`: seconds from the first click; `count`: the
 *   number a teacher says ("1 2 3 | 1 2" is `words`); `extra`: the clicks after the full bar.
 */
export function countIn(notation, start = 0) {
  const { seconds, perBar, barSeconds } = countedBeat(notation);
  const into = Math.min(Math.max(0, start - barStartAt(notation, start)), barSeconds);
  const clicks = [];
  for (let b = 0; b < perBar; b += 1) clicks.push({ at: b * seconds, accent: b === 0, count: b + 1 });
  for (let b = 0; b * seconds < into - EPSILON; b += 1) {
    clicks.push({ at: barSeconds + b * seconds, accent: b === 0, count: b + 1 });
  }
  const bar = clicks.slice(0, perBar).map((c) => c.count).join(" ");
  const rest = clicks.slice(perBar).map((c) => c.count).join(" ");
  return { lead: barSeconds + into, clicks, extra: clicks.length - perBar, words: rest ? `${bar} | ${rest}` : bar };
}

/**
 * The metronome's beats in [start, end) on the score clock, counted from the bar lines (a pickup's
 * beats from its bar's downbeat, not from its first note); the downbeats accented.
 * @returns {{at: number, accent: boolean}[]}  `at` in score seconds
 */
export function metronomeBeats(notation, start, end) {
  const { seconds, barSeconds } = countedBeat(notation);
  const beats = [];
  let bar = barStartAt(notation, start);
  const lines = (notation.bars || []).filter((line) => line > start + EPSILON);
  while (bar < end - EPSILON) {
    // The next bar line the score draws; in a score without bar lines, every full bar.
    const next = lines.find((line) => line > bar + EPSILON) ?? bar + barSeconds;
    for (let at = bar; at < next - EPSILON && at < end - EPSILON; at += seconds) {
      if (at >= start - EPSILON) beats.push({ at, accent: Math.abs(at - bar) < EPSILON });
    }
    bar = next;
  }
  return beats;
}
