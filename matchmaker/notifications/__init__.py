"""The bell and the notifications page."""
