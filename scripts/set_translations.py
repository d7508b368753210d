"""Set translations from JSON on stdin ({msgid: msgstr or [one, other]}); list what is missing.

Usage, from the repository root: python scripts/set_translations.py fi < new.json
"""
import json, sys
from babel.messages.pofile import read_po, write_po
loc = sys.argv[1]
path = f"matchmaker/translations/{loc}/LC_MESSAGES/messages.po"
data = json.load(sys.stdin) if not sys.stdin.isatty() else {}
with open(path, "rb") as f:
    cat = read_po(f, locale=loc)
for m in cat:
    if not m.id: continue
    key = m.id if isinstance(m.id, str) else m.id[0]
    if key in data:
        v = data[key]
        m.string = tuple(v) if isinstance(m.id, tuple) else v
        m.flags.discard("fuzzy")
cat.fuzzy = False
with open(path, "wb") as f:
    write_po(f, cat, width=100, omit_header=False, sort_output=True)
missing = [m.id for m in cat if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))]
print(loc, "missing:", missing)
