"""Demo data for Matchmaker: three Finnish business clusters with their member organisations.

`matchmaker.demo.data.build_demo()` returns plain dictionaries; loading them into the
database is the job of the application's seeding command.
"""
