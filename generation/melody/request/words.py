"""Word lists, tables and small helpers that more than one topic reader uses (modes, sizes of intervals,
instruments, tempo and duration words, note patterns, chart and pitch helpers)."""

from __future__ import annotations

from music.scale import PENTATONIC_MODES

from .compiled import rx

_DEGREE_WORDS = "second|third|fourth|fifth|sixth|seventh|two|three|four|five|six|seven"
_SIZE_WORDS = {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "octave": 8,
               "unison": 1, "ninth": 9, "tenth": 10, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7}
#: Largest usual size of each interval number, in semitones (a "sixth" allows a major sixth).
_MAX_SEMITONES = {1: 0, 2: 2, 3: 4, 4: 5, 5: 7, 6: 9, 7: 11, 8: 12, 9: 14, 10: 16}
_MODE_WORDS = {
    "harmonic minor": "harmonic-minor", "melodic minor ascending": "melodic-minor", "ascending melodic minor": "melodic-minor",
    "melodic minor": "melodic-minor", "natural minor": "minor",
    "major": "major", "minor": "minor", "dorian": "dorian", "phrygian": "phrygian", "lydian": "lydian",
    "mixolydian": "mixolydian", "aeolian": "aeolian", "locrian": "locrian", "ionian": "major",
}
# 谱表 (the staff) names the clef as 谱号 does: 高音谱表 is the treble staff.
_ZH_CLEFS = {"中提琴谱号": "alto", "次中音谱号": "tenor", "高音谱号": "treble", "低音谱号": "bass", "中音谱号": "alto",
             "高音谱表": "treble", "低音谱表": "bass"}
_ZH_CLEF_NAMES = {v: k for k, v in _ZH_CLEFS.items() if k.endswith("谱号")}
#: Comfortable ranges for a student on each instrument, at concert pitch (lowest, highest, clef, transposing).
INSTRUMENT_RANGES: dict[str, tuple[str, str, str, bool]] = {
    "violin": ("G3", "A5", "treble", False), "viola": ("C3", "D5", "alto", False), "cello": ("C2", "G4", "bass", False),
    "flute": ("D4", "C6", "treble", False), "oboe": ("C4", "A5", "treble", False),
    "clarinet": ("D3", "G5", "treble", True), "alto saxophone": ("F3", "Eb5", "treble", True),
    "tenor saxophone": ("Bb2", "Ab4", "treble", True), "trumpet": ("Bb3", "F5", "treble", True),
    "horn": ("C3", "C5", "treble", True), "trombone": ("F2", "F4", "bass", False),
    "recorder": ("C4", "D6", "treble", False), "guitar": ("E3", "A5", "treble", False),
    "piano": ("C4", "C6", "treble", False), "erhu": ("D4", "D6", "treble", False),
    "ukulele": ("C4", "A5", "treble", False), "tuba": ("A1", "F3", "bass", False), "euphonium": ("Bb1", "F4", "bass", False),
    "bassoon": ("Bb1", "F4", "bass", False), "harp": ("C3", "C6", "treble", False), "accordion": ("C4", "C6", "treble", False),
    "harmonica": ("C4", "C6", "treble", False), "mandolin": ("G3", "A5", "treble", False), "melodica": ("F3", "F5", "treble", False),
    "guzheng": ("D3", "D5", "treble", False), "dizi": ("A4", "E6", "treble", False), "pipa": ("A3", "A5", "treble", False),
    "hulusi": ("G4", "A5", "treble", False), "yangqin": ("C4", "C6", "treble", False),
    # Written an octave above its sound, as every bass part is (the guitar's range above is written too).
    "double bass": ("E2", "D4", "bass", False), "bass guitar": ("E2", "D4", "bass", False),
    # Written ranges for those written an octave from their sound (piccolo, xylophone), as for the guitar.
    "tin whistle": ("D5", "B6", "treble", False), "piccolo": ("D4", "C6", "treble", False),
    "xylophone": ("C4", "C6", "treble", False), "marimba": ("C3", "C6", "treble", False),
    "ocarina": ("A4", "F6", "treble", False), "handbells": ("C4", "C6", "treble", False),
    "suona": ("A4", "E6", "treble", False),
    # Five-string banjo in open G, written an octave above its sound as the guitar is (the short fifth string's g aside).
    "banjo": ("D4", "B5", "treble", False),
}
_INSTRUMENT_WORDS = [
    ("violin", "violin"), ("fiddle", "violin"), ("viola", "viola"), ("cello", "cello"), ("violoncello", "cello"),
    ("flute", "flute"), ("oboe", "oboe"), ("clarinet", "clarinet"), ("alto sax", "alto saxophone"),
    ("alto saxophone", "alto saxophone"), ("tenor sax", "tenor saxophone"), ("tenor saxophone", "tenor saxophone"),
    ("sax", "alto saxophone"), ("saxophone", "alto saxophone"), ("trumpet", "trumpet"), ("cornet", "trumpet"),
    ("french horn", "horn"), ("horn", "horn"), ("trombone", "trombone"), ("recorder", "recorder"),
    ("guitar", "guitar"), ("guitarist", "guitar"), ("piano", "piano"), ("keyboard", "piano"), ("erhu", "erhu"), ("ukulele", "ukulele"), ("uke", "ukulele"),
    ("tuba", "tuba"), ("euphonium", "euphonium"), ("bassoon", "bassoon"), ("harp", "harp"), ("accordion", "accordion"),
    ("harmonica", "harmonica"), ("mandolin", "mandolin"), ("melodica", "melodica"), ("guzheng", "guzheng"),
    ("dizi", "dizi"), ("pipa", "pipa"), ("hulusi", "hulusi"), ("yangqin", "yangqin"),
    ("double bass", "double bass"), ("double-bass", "double bass"), ("contrabass", "double bass"),
    ("string bass", "double bass"), ("upright bass", "double bass"), ("bass guitar", "bass guitar"),
    ("electric bass", "bass guitar"), ("tin whistle", "tin whistle"), ("penny whistle", "tin whistle"),
    ("piccolo", "piccolo"), ("xylophone", "xylophone"), ("marimba", "marimba"), ("ocarina", "ocarina"),
    ("handbell", "handbells"), ("hand bell", "handbells"), ("suona", "suona"), ("banjo", "banjo"),
]
_ZH_INSTRUMENT_WORDS = [
    ("小提琴", "violin"), ("中提琴", "viola"), ("大提琴", "cello"), ("长笛", "flute"), ("双簧管", "oboe"),
    ("单簧管", "clarinet"), ("黑管", "clarinet"), ("中音萨克斯(?:管|风)?", "alto saxophone"),
    ("次中音萨克斯(?:管|风)?", "tenor saxophone"), ("萨克斯(?:管|风)?", "alto saxophone"), ("小号", "trumpet"),
    ("圆号", "horn"), ("长号", "trombone"), ("竖笛", "recorder"), ("吉他", "guitar"), ("钢琴", "piano"),
    ("电子琴", "piano"), ("二胡", "erhu"), ("尤克里里", "ukulele"), ("大号", "tuba"), ("上低音号", "euphonium"),
    ("巴松管?", "bassoon"), ("大管", "bassoon"), ("竖琴", "harp"), ("手风琴", "accordion"), ("口琴", "harmonica"),
    ("曼陀林", "mandolin"), ("口风琴", "melodica"), ("古筝", "guzheng"), ("竹笛", "dizi"), ("笛子", "dizi"),
    ("琵琶", "pipa"), ("葫芦丝", "hulusi"), ("扬琴", "yangqin"), ("倍大提琴", "double bass"),
    ("倍低音提琴", "double bass"), ("低音提琴", "double bass"), ("贝斯", "bass guitar"), ("电贝斯", "bass guitar"),
    ("锡笛", "tin whistle"), ("哨笛", "tin whistle"), ("短笛", "piccolo"), ("木琴", "xylophone"), ("马林巴", "marimba"),
    ("陶笛", "ocarina"), ("手摇铃", "handbells"), ("手铃", "handbells"), ("唢呐", "suona"), ("班卓琴", "banjo"),
]
_ZH_INSTRUMENT_NAMES = {
    "violin": "小提琴", "viola": "中提琴", "cello": "大提琴", "flute": "长笛", "oboe": "双簧管", "clarinet": "单簧管",
    "alto saxophone": "中音萨克斯", "tenor saxophone": "次中音萨克斯", "trumpet": "小号", "horn": "圆号",
    "trombone": "长号", "recorder": "竖笛", "guitar": "吉他", "piano": "钢琴", "erhu": "二胡",
    "ukulele": "尤克里里", "tuba": "大号", "euphonium": "上低音号", "bassoon": "大管", "harp": "竖琴",
    "accordion": "手风琴", "harmonica": "口琴", "mandolin": "曼陀林", "melodica": "口风琴", "guzheng": "古筝",
    "dizi": "笛子", "pipa": "琵琶", "hulusi": "葫芦丝", "yangqin": "扬琴", "double bass": "低音提琴",
    "bass guitar": "贝斯", "tin whistle": "锡笛", "piccolo": "短笛", "xylophone": "木琴", "marimba": "马林巴",
    "ocarina": "陶笛", "handbells": "手铃", "suona": "唢呐", "banjo": "班卓琴",
}
_TEMPO_WORDS = {
    "moderately fast": 112, "fairly fast": 112, "quite fast": 126, "medium fast": 112, "moderately slow": 76,
    "fairly slow": 72, "quite slow": 60, "slowish": 72, "fastish": 112, "quickish": 112, "medium slow": 76, "not too fast": 84, "not too slow": 96, "nothing too fast": 84, "nothing too slow": 96, "very slow": 56, "slowly": 66, "slow": 66, "moderate": 90, "medium": 90, "very fast": 144, "fast": 120,
    "quick": 120, "lively": 126, "largo": 50, "lento": 56, "adagio": 66, "andante": 80, "moderato": 100,
    "brisk": 120, "steady": 90, "relaxed": 80, "leisurely": 72, "mellow": 76, "laid-back": 76, "laid back": 76, "chill": 76, "chilled": 76, "chilled-out": 76, "easy-going": 76, "march tempo": 116, "marching tempo": 116, "march pace": 116, "walking pace": 80, "walking tempo": 80,
    "allegretto": 108, "allegro": 128, "vivace": 144, "presto": 168,
}
_ZH_NUMBER_NAMES = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九", 10: "十"}
_DURATION_WORDS = {
    "whole": "whole", "half": "half", "quarter": "quarter", "crotchet": "quarter", "minim": "half",
    "semibreve": "whole", "quaver": "eighth", "semiquaver": "16th", "eighth": "eighth", "8th": "eighth",
    "sixteenth": "16th", "16th": "16th",
}
_ZH_DURATION_NAMES = {"whole": "全音符", "half": "二分", "quarter": "四分", "eighth": "八分", "16th": "十六分"}
_KIND_ZH = {"melody": "旋律", "scale": "音阶练习", "interval": "音程练习", "rhythm": "节奏练习"}
#: A note name: letter, then an accidental written as a sign or a word.
_NOTE = r"([a-g])(?:\s?(#|♯|b(?![a-z])|♭|-sharp|-flat|\s+sharp|\s+flat)|(?<=[a-g])(sharp|flat))?"
#: "Pentatonic" said of a seven-note key: the pentatonic mode on its tonic under its signature (D dorian: D shang).
#: Lydian and locrian have none (their tonic's pentatonic lies under another signature).
_PENTATONIC_OF = {"major": "major-pentatonic", "minor": "minor-pentatonic", "aeolian": "minor-pentatonic",
                  "harmonic-minor": "minor-pentatonic", "melodic-minor": "minor-pentatonic", "dorian": "shang",
                  "phrygian": "jue", "mixolydian": "zhi", **{m: m for m in PENTATONIC_MODES}}

_NOTE_VALUE_ORDER = ("whole", "half", "quarter", "eighth", "16th")


def _pc_of(name: str) -> int:
    naturals = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
    return (naturals[name[0]] + {"": 0, "#": 1, "##": 2, "b": -1, "bb": -2}[name[1:]]) % 12


def altered_degree(tonic: str, step: int, shift: int) -> str:
    """Degree ``step`` (1-7) of the major scale on ``tonic``, moved ``shift`` semitones, spelled on its own letter::

        >>> altered_degree("C", 7, -1), altered_degree("G", 7, -1), altered_degree("C", 4, 1), altered_degree("Eb", 3, -1)
        ('Bb', 'F', 'F#', 'Gb')
    """
    letters = "CDEFGAB"
    naturals = {"C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11}
    letter = letters[(letters.index(tonic[0]) + step - 1) % 7]
    wanted = (_pc_of(tonic) + (0, 2, 4, 5, 7, 9, 11)[step - 1] + shift) % 12
    diff = (wanted - naturals[letter]) % 12
    return letter + {0: "", 1: "#", 2: "##", 11: "b", 10: "bb"}[diff]


def insert_applied(chart: list[str], figure: str, *, tonic: str = "I") -> list[str]:
    """``chart`` with the applied chord ``figure`` placed where it resolves: just before its target chord.

    The chord before the target's first appearance (after the opening tonic)
    is replaced; without the target in the chart, the two are added at its
    end; without a chart, it is tonic, applied chord, target, then V (or the
    tonic when the target is V)::

        >>> insert_applied(["I", "V", "vi", "IV"], "V/vi")
        ['I', 'V/vi', 'vi', 'IV']
        >>> insert_applied(["I", "IV", "V", "I"], "V7/V")
        ['I', 'V7/V', 'V', 'I']
        >>> insert_applied(["I", "V", "I", "V"], "V/ii")
        ['I', 'V', 'I', 'V', 'V/ii', 'ii']
        >>> insert_applied([], "V/iv", tonic="i")
        ['i', 'V/iv', 'iv', 'V']
    """
    target = figure.partition("/")[2]
    if not chart:
        return [tonic, figure, target, tonic if target == "V" else "V"]
    bare = [rx.sub(r"(?:7|maj7|m7)$", "", f) for f in chart]
    for j in range(1, len(chart)):
        if bare[j] == target and "/" not in chart[j - 1]:
            if j - 1 == 0:
                return [chart[0], figure, *chart[1:]]
            return [*chart[: j - 1], figure, *chart[j:]]
    if figure in chart:
        return chart
    return [*chart, figure, target]


def _midi(name: str) -> int:
    from music.pitch import parse_pitch

    return parse_pitch(name).midi


def _shift_name(name: str, semitones: int) -> str:
    from music.pitch import parse_pitch
    from music.spelling import common_spelling

    return common_spelling(parse_pitch(name).midi + semitones).name
