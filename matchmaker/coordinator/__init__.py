"""Coordinator tools: member import and export, funder report, audit log, leads."""
