"""Widgets: one per step kind, plus the countdown, agenda strip and charts."""
