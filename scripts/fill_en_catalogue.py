"""Fill the English catalogue: msgstr = msgid for every message missing a translation."""
import sys
from babel.messages.pofile import read_po, write_po
path = sys.argv[1]
with open(path, "rb") as f:
    cat = read_po(f, locale="en")
for m in cat:
    if not m.id:
        continue
    if isinstance(m.id, tuple):
        if not all(m.string):
            m.string = (m.id[0], m.id[1])
    elif not m.string:
        m.string = m.id
    m.flags.discard("fuzzy")
cat.fuzzy = False
with open(path, "wb") as f:
    write_po(f, cat, width=100, omit_header=False, sort_output=True)
