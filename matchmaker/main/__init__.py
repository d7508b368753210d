"""Home page, language switch, privacy page and template helpers."""
