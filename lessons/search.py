"""The lessons that answer a question in words: "what is a relative minor?", "什么是关系小调？", "how do I count 6/8".

A question asked where drills are made is answered with a link to the lessons; this finds which ones. Each lesson is
read in English and in every translation beside it, so a question in either language finds it. Words are scored by
BM25 (Robertson and Zaragoza, 2009): a word that few lessons use weighs more, and a word said often in one lesson
counts less each time. English is cut into words (with a plural's "s" dropped), Chinese into overlapping pairs of
characters, which needs no dictionary and matches 关系小调 inside 关系小调的调号. A word of a lesson's title adds
to its score, and a question whose words mostly appear in no lesson ("how do I sing with vibrato?") finds none.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lessons.curriculum import CONTENT_DIR, load_lessons

#: Words of asking, not of music: they find every lesson and so none.
_STOP_EN = frozenset((
    "a", "an", "the", "of", "and", "or", "to", "in", "on", "for", "with", "at", "by", "from", "as", "is", "are",
    "was", "be", "been", "it", "its", "this", "that", "these", "those", "what", "whats", "which", "who", "why",
    "how", "when", "where", "do", "does", "did", "can", "could", "should", "would", "will", "i", "you", "me", "my",
    "we", "our", "your", "they", "them", "there", "here", "about", "tell", "explain", "mean", "means", "meaning",
    "difference", "between", "vs", "versus", "please", "help", "understand", "get", "use", "used", "using", "way",
    "one", "two", "not", "no", "yes", "if", "so", "than", "then", "also", "just", "more", "most", "some", "any",
    "all", "each", "every", "much", "many", "like", "into", "out", "up", "down", "same", "other",
))
_STOP_ZH = frozenset((
    "为什", "意思", "区别", "如何", "请问", "一下", "我们", "你们", "他们", "可以", "能不", "不能", "样子", "听起", "起来",
))
#: Characters that ask or join and name nothing: a Chinese run is cut at them before it is paired.
_FUNCTION_ZH = re.compile(r"[是的吗呢吧了么啊呀与及或在有个这那哪谁什怎叫]")
_NOTATION = re.compile(r"```.*?```", re.S)
#: What a question word found in a lesson's title adds, in units of the word's rarity.
_TITLE_BONUS = 1.5
_K1, _B = 1.2, 0.75
#: A lesson scoring under this share of the best one is not offered beside it.
_NEAR_BEST = 0.5
#: Under this score no lesson answers: one shared everyday word is not a topic.
_LEAST = 1.5


def terms(text: str) -> list[str]:
    """The words of ``text`` that can name a topic: English words without a plural "s", Chinese character pairs."""
    text = text.lower().replace("♯", " sharp ").replace("♭", " flat ").replace("’", "'")
    out: list[str] = []
    for word in re.findall(r"[a-z]+(?:'[a-z]+)?|\d+/\d+", text):
        word = word.replace("'", "")
        if word in _STOP_EN or len(word) < 2:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    for run in re.findall(r"[\u4e00-\u9fff]+", _FUNCTION_ZH.sub(" ", text)):
        out.extend(pair for pair in (run[i:i + 2] for i in range(len(run) - 1)) if pair not in _STOP_ZH)
    return out


@dataclass(frozen=True, slots=True)
class _Index:
    slugs: tuple[str, ...]
    titles: tuple[frozenset[str], ...]
    counts: tuple[Counter[str], ...]
    lengths: tuple[int, ...]
    documents_with: Counter[str]


@lru_cache(maxsize=2)
def _index(content_dir: Path = CONTENT_DIR) -> _Index:
    slugs, titles, counts, lengths = [], [], [], []
    documents_with: Counter[str] = Counter()
    for lesson in load_lessons(content_dir):
        texts = [(lesson.title, lesson.body)]
        for path in sorted(lesson.path.parent.glob(f"{lesson.path.stem}.*.md")):
            head, _fence, body = path.read_text(encoding="utf-8").removeprefix("---\n").partition("\n---\n")
            title = next((line.split(":", 1)[1].strip() for line in head.splitlines() if line.startswith("title:")), "")
            texts.append((title, body))
        count: Counter[str] = Counter()
        for title, body in texts:
            count.update(terms(title))
            count.update(terms(_NOTATION.sub(" ", body)))
        slugs.append(lesson.slug)
        titles.append(frozenset(term for title, _body in texts for term in terms(title)))
        counts.append(count)
        lengths.append(sum(count.values()))
        documents_with.update(count.keys())
    return _Index(tuple(slugs), tuple(titles), tuple(counts), tuple(lengths), documents_with)


def lessons_for(question: str, *, limit: int = 3, content_dir: Path = CONTENT_DIR) -> list[str]:
    """The slugs of the lessons that answer ``question``, best first: at most ``limit``, none if nothing fits."""
    index = _index(content_dir)
    asked = set(terms(question))
    if not asked:
        return []
    n = len(index.slugs)
    average = sum(index.lengths) / n
    scores = []
    for slug, title, count, length in zip(index.slugs, index.titles, index.counts, index.lengths, strict=True):
        score = 0.0
        for term in asked & count.keys():
            idf = math.log(1 + (n - index.documents_with[term] + 0.5) / (index.documents_with[term] + 0.5))
            tf = count[term]
            score += idf * (tf * (_K1 + 1) / (tf + _K1 * (1 - _B + _B * length / average))
                            + (_TITLE_BONUS if term in title else 0.0))
        scores.append((score, len(asked & count.keys()), slug))
    scores.sort(reverse=True)
    best, found, _slug = scores[0]
    # Half the question's words or more in no lesson: it asks about something the lessons do not teach.
    if best < _LEAST or 2 * sum(1 for term in asked if index.documents_with[term]) <= len(asked):
        return []
    return [slug for score, _found, slug in scores[:limit] if score >= best * _NEAR_BEST]
