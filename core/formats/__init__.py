"""Django's formats modules (FORMAT_MODULE_PATH): one way to write dates and moments in every
language, `2026-12-07` and `2026-12-07 08:40`. Only what differs from Django's own formats is
here; the rest (input formats, separators) comes from Django's modules for the language."""
