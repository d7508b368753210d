"""Accounts: registration, confirmation, login, password reset, settings, API tokens."""
