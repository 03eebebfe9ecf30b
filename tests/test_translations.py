"""Korean first: every marked string is translated, and the compiled catalogue is current."""

from pathlib import Path

import polib
from django.conf import settings
from django.utils import translation

PO = Path(settings.BASE_DIR) / "locale" / "ko" / "LC_MESSAGES" / "django.po"


def test_every_korean_entry_is_translated_and_not_fuzzy():
    catalogue = polib.pofile(str(PO))
    assert catalogue.untranslated_entries() == []
    assert catalogue.fuzzy_entries() == []
    assert len(catalogue.translated_entries()) > 200


def test_placeholders_survive_translation():
    import re

    pattern = re.compile(r"%\(\w+\)[sd]")
    for entry in polib.pofile(str(PO)).translated_entries():
        translated = entry.msgstr or entry.msgstr_plural.get(0, "")
        assert set(pattern.findall(entry.msgid)) == set(pattern.findall(translated)), entry.msgid


def test_compiled_catalogue_matches_the_source():
    """The committed .mo answers every msgid of the .po the same way."""
    catalogue = polib.pofile(str(PO))
    with translation.override("ko"):
        for entry in catalogue.translated_entries():
            if entry.msgid_plural or entry.msgctxt:
                continue
            assert translation.gettext(entry.msgid) == entry.msgstr, entry.msgid
