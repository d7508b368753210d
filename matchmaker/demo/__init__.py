"""Demo data for Matchmaker: three Finnish business clusters with their member organisations.

The records and phrase banks are TOML files in `content/` (read by `loader.load`, see
content/README.md). `data.build_demo()` returns the clusters, organisations and users as plain
dictionaries; `events`, `fairs`, `meetings` and `history` (past years) add the rest when the
seeding command (`services/demo.seed`) runs. Nothing is read or built at import time.
"""
