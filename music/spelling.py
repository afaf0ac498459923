"""How a MIDI number is written: in a key, or as a keyboard names it.

>>> from music.key import make_key
>>> spell_in_key(66, make_key("G")).name, spell_in_key(70, make_key("F")).name
('F#4', 'Bb4')
>>> common_spelling(70).name
'Bb4'
"""

from __future__ import annotations

from .key import Key, key_pitches, raised_degrees
from .pitch import Pitch, spell_letter

#: Keys whose signature uses flats: a note outside the scale is spelled with a flat there.
FLAT_TONICS = frozenset({"F", "Bb", "Eb", "Ab", "Db", "Gb", "Cb"})
#: The usual spelling of each pitch class on a keyboard: naturals, C# F# G#, and Eb Bb.
_COMMON = ((0, 0), (0, 1), (1, 0), (2, -1), (2, 0), (3, 0), (3, 1), (4, 0), (4, 1), (5, 0), (6, -1), (6, 0))


def spell_in_key(midi: int, key: Key) -> Pitch:
    """``midi`` as a drill in ``key`` spells it: a scale note, a raised degree, else by the signature.

    The last resort (a note neither in the scale nor a raised degree, as an
    augmented second leaves in harmonic minor) is a natural if there is one,
    else a flat in flat keys and minor modes, else a sharp.

    >>> from music.key import make_key
    >>> spell_in_key(63, make_key("C")).name  # a raised degree, as the drill generator writes it
    'D#4'
    >>> spell_in_key(66, make_key("A", "harmonic-minor")).name, spell_in_key(67, make_key("A", "harmonic-minor")).name
    ('Gb4', 'G4')
    """
    # A pentatonic key spells its two missing degrees as the seven-note key of its signature does.
    key = key.host
    found = key_pitches(key, midi, midi) or raised_degrees(key, midi, midi)
    if found:
        return found[0]
    prefer_flats = key.tonic in FLAT_TONICS or key.minor_family
    simple = [p for p in (spell_letter(midi, step) for step in range(7)) if p is not None and abs(p.alter) <= 1]
    naturals = [p for p in simple if p.alter == 0]
    flats = [p for p in simple if p.alter < 0]
    sharps = [p for p in simple if p.alter > 0]
    return (naturals or (flats if prefer_flats and flats else sharps or flats))[0]


def common_spelling(midi: int) -> Pitch:
    """The usual spelling of a key on the keyboard: naturals, then sharps for C#, F#, G#; flats for Eb, Bb.

    >>> [common_spelling(m).pc_name for m in range(60, 72)]
    ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'G#', 'A', 'Bb', 'B']
    """
    step, alter = _COMMON[midi % 12]
    return Pitch(step, alter, midi // 12 - 1)
