"""Clusters: overview, member directory, printable catalogue, membership applications."""
