// Chord figures as the transcribe page shows them; the API keeps its own spelling ("viio") as the value.

// Django's JavaScript catalogue in the page's language; English when it is missing (and under Node).
const gettext = globalThis.gettext || ((text) => text);

/** A chord figure as a musician writes it: "viio" -> "vii°", "viio7/V" -> "vii°7/V" (the API keeps "viio"). */
export function chordLabel(figure) {
  return String(figure).replace(/(^|\/)([b#♭♯]?(?:vii|vi|iv|iii|ii|v|i|VII|VI|IV|III|II|V|I))o/g, "$1$2°");
}

/** A bar's reason with its chord figures written as the menu writes them. */
export function reasonLabel(reason, figures) {
  return figures.reduce((text, figure) => (figure ? text.split(figure).join(chordLabel(figure)) : text), reason);
}

// How likely another chord is to be what the tune implies, said in words: "41% likely" meant little to a student.
const FITS_NEARLY_AS_WELL = 0.3;
const ALSO_FITS = 0.12;

/** An alternative chord's fit in plain words, from the API's ``probability`` (0-1). */
export function fitWords(probability) {
  if (probability >= FITS_NEARLY_AS_WELL) return gettext("fits nearly as well");
  if (probability >= ALSO_FITS) return gettext("also fits");
  return gettext("a more unusual choice");
}
