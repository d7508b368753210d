"""Static reference data (classifications) used by forms, filters and the demo data."""
