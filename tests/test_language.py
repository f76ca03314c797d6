"""A text's language and its function words: English texts never reach the language model."""

from __future__ import annotations

import pytest

from storyline import language
from support import run_python

PORTUGUESE = (
    "O professor Carlos apresenta neste vídeo uma loja nos Estados Unidos que tem uma quantidade "
    "enorme de materiais didáticos para crianças. Aqui você encontra livros, jogos e um cronômetro "
    "para que os pais saibam quantas palavras os filhos leem por minuto."
)
GERMAN = (
    "Die Bundesregierung hat am Montag ein neues Klimapaket beschlossen, das unter anderem einen "
    "höheren Preis für den Ausstoß von Kohlendioxid vorsieht. Die Opposition kritisierte, dass die "
    "Maßnahmen nicht ausreichen würden, um die Ziele für das Jahr 2030 zu erreichen."
)
ENGLISH = (
    "The government on Monday approved a new climate package that would, among other things, put "
    "a higher price on carbon dioxide emissions. The opposition said the measures were not enough "
    "to reach the targets for 2030."
)


@pytest.mark.parametrize(("text", "lang"), [(PORTUGUESE, "pt"), (GERMAN, "de"), (ENGLISH, "en")])
def test_detect_names_the_language(text: str, lang: str) -> None:
    assert language.detect(text) == lang


def test_english_is_told_without_the_language_model() -> None:
    assert language.looks_english(ENGLISH)
    assert not language.looks_english(PORTUGUESE)
    assert language.function_words("en") == frozenset()


def test_function_words_are_the_language_s_own() -> None:
    words = language.function_words("pt")
    assert {"que", "de", "uma", "para", "não"} <= words
    assert not {"professor", "loja", "crianças", "livros"} & words
    assert {"der", "und", "die"} <= language.function_words("de")
    assert language.function_words("xx") == frozenset()  # a code wordfreq does not know


def test_an_english_text_loads_no_language_model() -> None:
    """The model costs a second to load and half a millisecond a text: English skips it."""
    code = (
        "import sys\n"
        "from storyline import language\n"
        f"print(language.detect({ENGLISH!r}), 'py3langid' in sys.modules)"
    )
    assert run_python(code) == "en False"
