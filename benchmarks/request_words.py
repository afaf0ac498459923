"""How well the words reader understands requests nobody tuned it on, in English and Chinese.

    PYTHONPATH=$PWD .venv/bin/python benchmarks/request_words.py [--verbose] [--dump FILE] [FILE.jsonl ...]

Reads ``benchmarks/requests/dev.jsonl`` (written before each round of fixes, and fixed against),
``heldout.jsonl`` to ``heldout40.jsonl`` (each written after a round of fixes and measured blind
once; see benchmarks/README.md and README_generation.md for which later rounds looked at them) unless
files are given.
Each line is ``{"text", "who", "expect": {...}}`` with optional ``"previous"`` (level-preset
arguments: the request refines that drill), ``"answer"`` (the request asks for something the
product cannot do, which must be answered plainly, not listed as not understood; with nothing expected of the
drill, a refusal is such an answer) and ``"refused"``.

``expect`` holds only what the words say definitely: a parameter's exact value (``"key": "G"``),
or a bound (``tempo_max``, ``bars_min``; ``high_max`` as a pitch), a list that must hold some
items (``target_intervals_has``) or lack them (``durations_lacks``), a value the words exclude (``key_not``), ``high_below_default``
(the range is lower than the drill's default range for that key and level), ``style`` (the
accompaniment style the words name). A ``mode`` is met by any name of the same scale on the same tonic
(``gong`` is the major pentatonic, ``yu`` the minor one).

Each request is counted once, in the first category that fits:

- **misread**: a definite expectation not met, or refused when it should not be;
- **answered**: it asks for something the product cannot do, and the answer says so
  (and nothing is left not understood);
- **full**: every clause understood (``ignored`` empty), every expectation met;
- **partly**: expectations met, but some words listed as not understood (or an ``answer``
  expected and not given, or a request written in Traditional characters answered in Simplified ones, a character
  the request writes itself not counted).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generation.melody import DrillParams, GenerationError, parse_request  # noqa: E402
from generation.melody import request as request_module  # noqa: E402
from generation.melody.script import is_traditional  # noqa: E402
from music.pitch import parse_pitch  # noqa: E402
from music.scale import MODES  # noqa: E402

HERE = Path(__file__).resolve().parent / "requests"
DEFAULT_FILES = tuple(HERE / f"{name}.jsonl" for name in ("dev", "heldout", *(f"heldout{n}" for n in range(2, 41))))
CATEGORIES = ("full", "partly", "answered", "misread")
CJK = re.compile(r"[\u4e00-\u9fff]")
#: How the reader starts a line that answers a wish it cannot meet (none before the reader had any).
UNSUPPORTED_PREFIXES: tuple[str, ...] = getattr(request_module, "UNSUPPORTED_PREFIXES", ())


def _midi(name: str) -> int:
    return parse_pitch(name).midi


def unmet(params: DrillParams, expect: dict[str, Any]) -> list[str]:
    """The expectations ``params`` does not meet, as ``name: wanted (got)`` lines."""
    data = params.to_dict()
    misses = []
    for name, wanted in expect.items():
        field, _, bound = name.rpartition("_") if name.endswith(("_min", "_max", "_has", "_lacks", "_not")) else (name, "", "")
        if name == "high_below_default":
            default = DrillParams.preset(params.level, key=params.key, mode=params.mode, kind=params.kind,
                                         voice=params.voice, clef=params.clef)
            ok = _midi(params.high) < _midi(default.high)
            got = f"{params.low}-{params.high}, default {default.low}-{default.high}"
        elif bound in ("min", "max"):
            value = data[field]
            if field in ("low", "high"):
                value, limit = _midi(value), _midi(wanted)
            else:
                value, limit = len(value) if isinstance(value, list) else value, wanted
            ok = value >= limit if bound == "min" else value <= limit
            got = data[field]
        elif bound == "has":
            ok = all(item in data[field] for item in wanted)
            got = data[field]
        elif bound == "not":
            # A value the words exclude ("anything but G major", 不要小调): any other value meets it.
            ok = data[field] != wanted and MODES.get(data[field], data[field]) != MODES.get(wanted, wanted)
            got = data[field]
        elif bound == "lacks":
            ok = not any(item in data[field] for item in wanted)
            got = data[field]
        elif name == "mode":
            # One scale under two names is one reading: a Chinese request's pentatonic is read as gong (宫调式),
            # the same notes on the same tonic as the major pentatonic.
            ok = data[name] == wanted or MODES.get(data[name]) == MODES.get(wanted) is not None
            got = data[name]
        else:
            ok = data[name] == wanted
            got = data[name]
        if not ok:
            misses.append(f"{name}: {wanted!r} ({got!r})")
    return misses


@cache
def _to_traditional() -> Any:
    import opencc

    return opencc.OpenCC("s2t.json").convert


def simplified_in(lines: list[str], *, asked: str = "") -> str:
    """The characters of ``lines`` that are Simplified forms (written otherwise in Traditional Chinese), less those the
    request ``asked`` writes itself: a Traditional request's own 唇 (Taiwan's standard form, which OpenCC's ``s2t``
    writes 脣) is the asker's script, not Simplified."""
    to_traditional = _to_traditional()
    return "".join(sorted({char for line in lines for char in CJK.findall(line)
                           if to_traditional(char) != char and char not in asked}))


def judge(case: dict[str, Any]) -> tuple[str, str]:
    """(category, why) for one request."""
    previous = DrillParams.preset(**case["previous"]) if "previous" in case else None
    try:
        result = parse_request(case["text"], previous=previous)
    except GenerationError as exc:
        # A refusal is also a plain answer to a wish that must not become a drill ("how do I make a bomb").
        if case.get("refused") or (case.get("answer") and not case.get("expect")):
            if is_traditional(case["text"]) and (simplified := simplified_in([str(exc)], asked=case["text"])):
                return "partly", f"refused in Simplified ({simplified}): {exc}"
            # Answered without a drill (NoDrillAsked), but with words not understood beside the answer.
            if ignored := getattr(exc, "ignored", None):
                return "partly", f"answered without a drill, ignored {ignored}: {exc}"
            return "answered", f"refused: {exc}"
        return "misread", f"refused: {exc}"
    if case.get("refused"):
        return "misread", "not refused"
    expect = dict(case.get("expect", {}))
    style = expect.pop("style", None)
    misses = unmet(result.params, expect)
    if style is not None and getattr(result, "style", "") != style:
        misses.append(f"style: {style!r} ({getattr(result, 'style', '')!r})")
    if misses:
        return "misread", "; ".join(misses) + (f" | ignored {result.ignored}" if result.ignored else "")
    answered = bool(UNSUPPORTED_PREFIXES) and any(line.startswith(UNSUPPORTED_PREFIXES) for line in result.understood)
    if result.ignored:
        return "partly", f"ignored {result.ignored}"
    if case.get("answer") and not answered:
        return "partly", f"no answer about {case['answer']}"
    if is_traditional(case["text"]) and (simplified := simplified_in(result.understood, asked=case["text"])):
        return "partly", f"answered in Simplified ({simplified})"
    return ("answered" if answered else "full"), ""


def reading(case: dict[str, Any]) -> dict[str, Any]:
    """Everything the reader made of one request, to compare two versions of the reader line by line."""
    previous = DrillParams.preset(**case["previous"]) if "previous" in case else None
    try:
        result = parse_request(case["text"], previous=previous)
    except GenerationError as exc:
        return {"text": case["text"], "refused": type(exc).__name__, "message": str(exc),
                "ignored": getattr(exc, "ignored", None)}
    return {"text": case["text"], "params": result.params.to_dict(), "understood": result.understood,
            "ignored": result.ignored, "style": result.style}


def report(name: str, cases: list[dict[str, Any]], *, verbose: bool) -> None:
    counts: dict[str, Counter[str]] = {"en": Counter(), "zh": Counter()}
    lines = []
    for case in cases:
        lang = "zh" if CJK.search(case["text"]) else "en"
        category, why = judge(case)
        counts[lang][category] += 1
        if verbose and category in ("misread", "partly"):
            lines.append(f"  [{category}] {case['text']}  ->  {why}")
    out = [f"## {name} ({len(cases)} requests)", f"| language | requests | {' | '.join(CATEGORIES)} |",
           "| --- | --- |" + " --- |" * len(CATEGORIES)]
    both = counts["en"] + counts["zh"]
    for lang, tally in (("en", counts["en"]), ("zh", counts["zh"]), ("both", both)):
        total = sum(tally.values())
        cells = " | ".join(f"{tally[c]} ({tally[c] / max(total, 1):.0%})" for c in CATEGORIES)
        out.append(f"| {lang} | {total} | {cells} |")
    sys.stdout.write("\n".join([*out, *lines, ""]) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--verbose", action="store_true", help="list every request misread or partly understood")
    parser.add_argument("--dump", type=Path, metavar="FILE",
                        help="also write each request and everything read from it as JSON lines (diff two versions)")
    args = parser.parse_args()
    dump = args.dump.open("w", encoding="utf-8") if args.dump else None
    for path in args.files or [p for p in DEFAULT_FILES if p.exists()]:
        cases = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
        report(path.name, cases, verbose=args.verbose)
        if dump is not None:
            dump.writelines(json.dumps({"file": path.name, **reading(case)}, ensure_ascii=False, sort_keys=True) + "\n"
                            for case in cases)
    if dump is not None:
        dump.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
