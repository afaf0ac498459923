"""Words the front-end scripts put on the page go through Django's JavaScript catalogue.

A Chinese student once saw "Take recorded." and "2 attempts left." in the middle of recording: the
studio wrote them as plain literals. The scan below reads every string literal in static/js (a small
tokenizer: comments, regular expressions and ``${...}`` inside template literals are understood) and
fails on one that reads as English prose unless it is the text of a gettext/ngettext call or plainly
code (a comparison, a CSS selector, a module path).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = ROOT / "static" / "js"

# Two words of letters side by side ("Take recorded", "attempts left"), or text that opens with a capitalised
# word ("Uploading…", "Recording… (%(seconds)s s)"). Interpolations count as a space: `${n} attempts left.`.
TWO_WORDS = re.compile(r"[A-Za-z]{2,}\s+[A-Za-z]{2,}")
OPENS_WITH_A_WORD = re.compile(r"\W*[A-Z][a-z]{2,}(?![A-Za-z])")  # "Uploading", not "SecurityError"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")
# What comes right before a literal that is code, not text for a person.
CODE_BEFORE = re.compile(
    r"(?:\bn?gettext\(\s*|\bngettext\(\s*(?:\"[^\"]*\"|'[^']*')\s*,\s*"  # the catalogue's own text
    r"|[!=]==?\s*|\bcase\s+"  # a comparison: event.key === "Enter", case "NotAllowedError"
    r"|\b(?:querySelector|querySelectorAll|closest|matches|addEventListener|removeEventListener"
    r"|setRequestHeader)\(\s*|\$\(\s*"  # selectors, event and header names
    r"|\bclassName\s*=\s*|\bclassList\.\w+\(\s*|\bclass:\s*|\.font\s*=\s*"  # CSS class names, a canvas font
    r"|\b(?:from|import)\s+)$"  # module paths
)
# Literals that read like words but no person sees.
NOT_LANGUAGE = {
    "use strict",
    "no getUserMedia",  # recorder.openMic: the error's name (SecurityError) picks the message micErrorMessage shows
}


def reads_as_prose(text: str) -> bool:
    bare = PLACEHOLDER.sub(" ", text)
    return bool(TWO_WORDS.search(bare) or OPENS_WITH_A_WORD.match(bare))


def is_object_key(source: str, literal: Literal) -> bool:
    """``{ "tracking pitch": gettext("tracking pitch") }``: the key is code; a ternary's branch is not a key."""
    end = source.index(source[literal.start], literal.start + 1) + 1 if source[literal.start] in "\"'" else None
    return (end is not None and re.match(r"\s*:", source[end:]) is not None
            and re.search(r"[{,]\s*$", source[:literal.start]) is not None)


@dataclass(frozen=True)
class Literal:
    text: str    # the literal's own characters; in a template, each ${...} becomes one space
    start: int   # offset of the opening quote in the source
    line: int


def string_literals(source: str) -> list[Literal]:
    """Every string and template literal in a script, nested ones (inside ${...}) included."""
    found: list[Literal] = []
    _scan(source, 0, found, stop_at_brace=False)
    return found


def _regex_may_start(source: str, at: int) -> bool:
    before = source[:at].rstrip()
    return not before or before[-1] in "(,=:[!&|?{};+-*%<>~^" or re.search(r"\b(?:return|typeof|case)$", before) is not None


def _scan(source: str, i: int, found: list[Literal], *, stop_at_brace: bool) -> int:
    """Read code from ``i``; with ``stop_at_brace``, until the ``}`` that closes a template's ``${``."""
    depth = 0
    while i < len(source):
        ch = source[i]
        if source.startswith("//", i):
            i = source.find("\n", i)
            i = len(source) if i < 0 else i
        elif source.startswith("/*", i):
            i = source.index("*/", i) + 2
        elif ch in "\"'":
            end = i + 1
            while source[end] != ch:
                end += 2 if source[end] == "\\" else 1
            found.append(Literal(source[i + 1:end], i, source.count("\n", 0, i) + 1))
            i = end + 1
        elif ch == "`":
            i = _template(source, i, found)
        elif ch == "/" and _regex_may_start(source, i):
            i += 1
            in_class = False
            while source[i] != "/" or in_class:
                if source[i] == "\\":
                    i += 1
                elif source[i] == "[":
                    in_class = True
                elif source[i] == "]":
                    in_class = False
                i += 1
            i += 1
        elif ch == "{":
            depth += 1
            i += 1
        elif ch == "}":
            if stop_at_brace and depth == 0:
                return i + 1
            depth -= 1
            i += 1
        else:
            i += 1
    return i


def _template(source: str, start: int, found: list[Literal]) -> int:
    text: list[str] = []
    i = start + 1
    while source[i] != "`":
        if source[i] == "\\":
            text.append(source[i:i + 2])
            i += 2
        elif source.startswith("${", i):
            text.append(" ")
            i = _scan(source, i + 2, found, stop_at_brace=True)
        else:
            text.append(source[i])
            i += 1
    found.append(Literal("".join(text), start, source.count("\n", 0, start) + 1))
    return i + 1


def untranslated_prose(source: str) -> list[Literal]:
    """The literals that read as English and do not go through the catalogue."""
    return [literal for literal in string_literals(source)
            if reads_as_prose(literal.text) and literal.text not in NOT_LANGUAGE
            and not CODE_BEFORE.search(source[max(0, literal.start - 200):literal.start])
            and not is_object_key(source, literal)]


# ------------------------------------------------------------------------------------------ the scanner

@pytest.mark.parametrize("line", [
    # The studio's own lines before they were translated, as they were written.
    'else if (s === "failed") node.textContent = `${audioState.error} A simple synthesiser plays instead.`;',
    '$("latency-value").textContent = ms === null\n    ? "Latency: not measured (0 ms is used)."\n    : `Latency: ${ms} ms`;',
    '$("rec-status").textContent = on ? "Recording: one bar of count-in, then start." : "Recording: start now.";',
    'left.textContent = `${n} attempt${n === 1 ? "" : "s"} left.`;',
    'say("take-status", "Uploading…");',
    'export const STATUS_TEXT = {\n  done: "Graded.",\n};',
    'problems.push("The signal is too quiet: move closer to the microphone.");',
    'xhr.onerror = () => reject(new Error("The upload failed: check your connection and try again."));',
    'svg.append(el("text", { x: 1, class: "axis" }, "first take"));',
    'node.setAttribute("aria-label", `Note ${n}`);',
    'button.title = "Stop";',
    # A literal handed to a helper that translates it at run time is invisible to the catalogue's tools.
    'status.textContent = fmt("Recording… (%(seconds)s s)", { seconds: 3 });',
])
def test_the_scan_catches_english_written_straight_onto_the_page(line: str) -> None:
    assert untranslated_prose(line), line


@pytest.mark.parametrize("line", [
    'say("take-status", gettext("Uploading…"));',
    'left.textContent = interpolate(ngettext("%(count)s attempt left.", "%(count)s attempts left.", n), { count: n }, true);',
    'if (event.key === "Escape") this.hideCard();',
    'switch (error.name) {\n  case "NotAllowedError":\n    return gettext("Blocked.");\n}',
    'const rows = this.root.querySelector(`#fb-notes tr[data-index="${index}"]`);',
    'const tr = this.root.querySelector("#fb-notes tbody tr");',
    'import { audioContext } from "./player.js";',
    '$("tempo-out").textContent = `${tempo} %`;',
    'g.font = "11px system-ui, sans-serif";',
    'node.setAttribute("transform", `translate(${x} ${y}) scale(${s})`);',
    'const fmt = (t, v) => t.replace(/%\\((\\w+)\\)s/g, (_, k) => "it\'s fine");  // a regex with a quote after it',
    '// a comment: "Take recorded." is not code\nconst a = 1;',
])
def test_the_scan_lets_translated_text_and_code_through(line: str) -> None:
    assert [literal.text for literal in untranslated_prose(line)] in ([], ["it's fine"]), line
    if "it's fine" in line:  # the regex was skipped, so the literal after it was read whole
        assert [literal.text for literal in string_literals(line)][-1] == "it's fine"


# ------------------------------------------------------------------------------------------ the scripts

def test_the_scripts_write_no_english_prose_outside_gettext() -> None:
    scripts = sorted(SCRIPTS.rglob("*.js"))
    assert len(scripts) >= 10, "static/js moved: the scan reads nothing"
    left = [f"{path.relative_to(SCRIPTS)}:{literal.line}: {literal.text!r}"
            for path in scripts for literal in untranslated_prose(path.read_text())]
    assert left == []


def _said(pattern: str) -> set[tuple[str, ...]]:
    return {m.groups() for path in SCRIPTS.rglob("*.js") for m in re.finditer(pattern, path.read_text())}


def test_every_plural_the_scripts_say_has_a_chinese_translation() -> None:
    with (ROOT / "locale" / "zh_Hans" / "LC_MESSAGES" / "djangojs.po").open("rb") as po:
        catalogue = read_po(po)
    plurals = {(m.id[0], m.id[1]) for m in catalogue
               if isinstance(m.id, tuple) and isinstance(m.string, tuple | list) and all(m.string)}
    said = _said(r"""ngettext\(\s*"([^"]+)",\s*"([^"]+)",""")
    assert said, "no ngettext calls found: the pattern is wrong"
    assert sorted(said - plurals) == []
