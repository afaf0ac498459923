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

/** A pickup of `quarters` quarter notes in the notes a musician counts it in: "1 eighth note" in 6/8, "1 beat" in 4/4. */
export function pickupWords(meter, quarters) {
  // Whole beats in x/4 are beats; anything shorter (or any x/8 pickup) is counted in eighths.
  const eighths = String(meter).endsWith("/8") || !Number.isInteger(quarters);
  const count = Math.round(quarters * (eighths ? 2 : 1) * 100) / 100;
  return fmt(eighths ? ngettext("%(count)s eighth note", "%(count)s eighth notes", count)
    : ngettext("%(count)s beat", "%(count)s beats", count), { count });
}
