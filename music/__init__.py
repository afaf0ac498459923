"""The tutor's music vocabulary, free of Django: pitch, interval, key, scale, chord, spelling, duration.

Plain integer arithmetic over letter names, written once for the whole
project: the lessons' question generators, the drill generator and the skill
profile all speak it. It is the bottom layer and imports nothing else of the
project; music21 checks it in the tests (``tests/music/``).

>>> from music.key import make_key
>>> from music.spelling import spell_in_key
>>> from music.interval import melodic_interval
>>> g = make_key("G")
>>> melodic_interval(spell_in_key(67, g), spell_in_key(66, g))
'-m2'
"""
