"""``_Reader``: every topic reader in one class, and ``read``, which runs their recognisers in an order
that matters (an earlier recogniser blanks out the words a later one must not read)."""

from __future__ import annotations

from music.key import make_key

from .answers import _AnswerReader
from .key import _transposed_tonic
from .text import _split_note


class _Reader(_AnswerReader):
    """Consumes recognised phrases from the text; collects settings, refinements and what it said back."""

    def read(self) -> None:
        for word, meant in (*self.homophones, *self.pitch_names):
            self.say(f"read {word!r} as {meant!r}", f"把“{word}”理解为“{meant}”")
        for step in (self._out_of_scope, self._strengths, self._questions, self._output, self._skill_tags, self._instrument_pitch, self._two_octaves, self._too_high_pitch, self._complaints, self._rhythm_ties, self._lip_slurs, self._strings_named, self._answers, self._accompaniment, self._seven_tone_scale, self._kind, self._rhythm_pattern, self._rhythm_cells, self._note_values, self._length, self._key_moves, self._leaps, self._intervals,
                     self._capo, self._chord_symbols, self._letter_set, self._note_list, self._pentatonic, self._pentatonic_words, self._signature_count, self._key, self._signature_and_key, self._signature_words, self._modal, self._tonic,
                     self._meter, self._bar_bounds, self._relative_amounts, self._bars, self._tempo, self._range, self._solfege, self._degree_range, self._span, self._instrument, self._voice_and_clef, self._progression,
                     self._applied_chords,
                     self._form, self._level, self._seed, self._target_notes, self._ledger_lines, self._ends, self._degrees,
                     self._altered_degrees, self._note_glosses,
                     self._rhythm_devices, self._accidentals, self._mood, self._refinement_words, self._styles_of_others, self._who_asks):
            step()
        refused = self.found.pop("_not_key", None)
        if refused and "key" not in self.found and refused[0] == self.default_key:
            mode = refused[1] or self.found.get("mode") or self.default_mode
            self._set_key(*_split_note(_transposed_tonic(refused[0], mode, 7)), mode)
        # A meter refused and named nowhere else: the drill's own meter unless that is the one refused.
        refused_meters = self.found.pop("_not_meter", ())
        if "meter" not in self.found and self.default_meter in refused_meters:
            self.set("meter", next(meter for meter in ("4/4", "3/4", "2/4", "6/8") if meter not in refused_meters))
        # "in a flat key" with no key named: the first key with one flat (sharp).
        accidental_key = self.found.pop("_accidental_key", None)
        if accidental_key and "key" not in self.found:
            tonic = {"flat": "F", "sharp": "G"}[accidental_key]
            self.set("key", tonic)
            self.say(f"key: {tonic} (one {accidental_key})", f"调：{tonic}（一个{'降' if accidental_key == 'flat' else '升'}号）")
        # The twelve-bar blues' chords in the key read (none for a mode with no such chords on I, IV and V).
        if self.found.pop("_blues_form", None) and "progression" not in self.found:
            mode = self.found.get("mode", self.default_mode)
            chart = {"major": "I I I I IV IV I I V IV I I", "minor": "i i i i iv iv i i v iv i i"}.get(
                {"aeolian": "minor", "harmonic-minor": "minor", "melodic-minor": "minor"}.get(mode, mode))
            if chart:
                self.set("progression", chart)
        self._pentatonic_key()
        self._seven_tone_key()
        if "key" in self.found or "mode" in self.found:
            make_key(self.found.get("key", "C"), self.found.get("mode", "major"))
