// Tempo and pickup as musicians write them. The API counts quarter notes (tempo in quarter notes a
// minute, pickup in quarter notes); in compound time (6/8, 9/8, 12/8) a musician counts dotted
// quarters, and a pickup in x/8 is counted in eighths.

// Django's JavaScript catalogue in the page's language; English when it is missing (and under Node).
const gettext = globalThis.gettext || ((text) => text);
const ngettext = globalThis.ngettext || ((singular, plural, count) => (count === 1 ? singular : plural));
const interpolate = globalThis.interpolate || ((text, obj) => text.replace(/%\((\w+)\)s/g, (_, k) => String(obj[k])));
const fmt = (text, values) => interpolate(text, values, true);

/** Whether `meter` ("6/8") groups its eighths in threes: 6/8, 9/8, 12/8. */
export function isCompound(meter) {
  const [beats, unit] = String(meter).split("/").map(Number);
  return unit === 8 && beats > 3 && beats % 3 === 0;
}

/** "♩. = 60 (60 dotted-quarter beats a minute)" in 6/8 at 90 quarter notes a minute; "♩ = 90 (…)" otherwise. */
export function tempoWords(meter, quarterBpm) {
  return isCompound(meter)
    ? fmt(gettext("♩. = %(bpm)s (%(bpm)s dotted-quarter beats a minute)"), { bpm: Math.round(quarterBpm / 1.5) })
    : fmt(gettext("♩ = %(bpm)s (%(bpm)s beats a minute)"), { bpm: Math.round(quarterBpm) });
}

/** Quarter notes in the beat a musician counts in `meter`: 1.5 (a dotted quarter) in 6/8, 9/8, 12/8; 1 otherwise. */
export function beatQuarters(meter) {
  return isCompound(meter) ? 1.5 : 1;
}

/** The tempo box's label: what its number counts in `meter`. */
export function tempoLabel(meter) {
  return isCompound(meter) ? gettext("Tempo (♩. = dotted-quarter beats a minute)") : gettext("Tempo (♩ = quarter notes a minute)");
}

/** The API's quarter notes a minute as the beats a musician counts in `meter` (90 in 6/8: 60), whole. */
export function beatsFromQuarters(meter, quarterBpm) {
  return Math.round(quarterBpm / beatQuarters(meter));
}

/** The API's tempo limits, in quarter notes a minute (generation.services.TRANSCRIPTION_TEMPO_LIMITS). */
export const API_TEMPO_LIMITS = { low: 30, high: 240 };

/** The API's limits (quarter notes a minute) in the beats `meter` counts, whole: 20 to 160 in 6/8. */
export function tempoLimits(meter, limits = API_TEMPO_LIMITS) {
  const beat = beatQuarters(meter);
  return { low: Math.ceil(limits.low / beat), high: Math.floor(limits.high / beat) };
}

/**
 * What the tempo box says (`typed`: beats a minute, in the beat `meter` counts) in the API's quarter
 * notes a minute, `{quarterBpm}`, or why it cannot be used, `{error}`, with the limits in the beat's unit.
 */
export function quartersFromBeats(meter, typed, limits = API_TEMPO_LIMITS) {
  const { low, high } = tempoLimits(meter, limits);
  const text = String(typed).trim();
  const beats = Number(text);
  if (text === "" || !Number.isFinite(beats) || beats < low || beats > high) {
    return { error: fmt(isCompound(meter)
      ? gettext("The tempo in %(meter)s is between %(low)s and %(high)s dotted-quarter beats a minute (♩. = %(low)s to %(high)s).")
      : gettext("The tempo is between %(low)s and %(high)s beats a minute (♩ = %(low)s to %(high)s)."), { meter, low, high }) };
  }
  return { quarterBpm: Math.round(beats * beatQuarters(meter) * 10) / 10 };
}

/** A pickup of `quarters` quarter notes in the notes a musician counts it in: "1 eighth note" in 6/8, "1 beat" in 4/4. */
export function pickupWords(meter, quarters) {
  // Whole beats in x/4 are beats; anything shorter (or any x/8 pickup) is counted in eighths.
  const eighths = String(meter).endsWith("/8") || !Number.isInteger(quarters);
  const count = Math.round(quarters * (eighths ? 2 : 1) * 100) / 100;
  return fmt(eighths ? ngettext("%(count)s eighth note", "%(count)s eighth notes", count)
    : ngettext("%(count)s beat", "%(count)s beats", count), { count });
}
