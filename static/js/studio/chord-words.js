// Chord figures as the transcribe page shows them; the API keeps its own spelling ("viio") as the value.

/** A chord figure as a musician writes it: "viio" -> "vii°", "viio7/V" -> "vii°7/V" (the API keeps "viio"). */
export function chordLabel(figure) {
  return String(figure).replace(/(^|\/)([b#♭♯]?(?:vii|vi|iv|iii|ii|v|i|VII|VI|IV|III|II|V|I))o/g, "$1$2°");
}

/** A bar's reason with its chord figures written as the menu writes them. */
export function reasonLabel(reason, figures) {
  return figures.reduce((text, figure) => (figure ? text.split(figure).join(chordLabel(figure)) : text), reason);
}
