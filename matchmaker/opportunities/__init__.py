"""Cooperation opportunities: the notice board, matching both ways, expressions of interest."""
