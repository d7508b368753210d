"""Suggested partners, side streams, contact requests and ecosystem fit."""
