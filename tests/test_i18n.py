"""The translation catalog is complete in every language."""

from __future__ import annotations

import pytest

from cjmap.i18n import CATALOG, LANGUAGES, translator


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_key_is_translated_in_every_language(language: str) -> None:
    missing = set(CATALOG["en"]) - set(CATALOG[language])
    extra = set(CATALOG[language]) - set(CATALOG["en"])
    assert (missing, extra) == (set(), set())
    assert all(text.strip() for text in CATALOG[language].values())


def test_placeholders_agree_across_languages() -> None:
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name}

    for key, text in CATALOG["en"].items():
        for language in LANGUAGES:
            assert fields(CATALOG[language][key]) == fields(text), (language, key)


def test_translator_fills_in_values() -> None:
    assert translator("ca")("segment.view", name="Joves") == "tal com el viu el segment: Joves"
    assert translator("es")("lane.needs") == "Necesidades"
