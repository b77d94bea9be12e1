"""Reusable test helpers (headless browser checks of exported reports)."""
