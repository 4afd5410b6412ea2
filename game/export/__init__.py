"""Exports of a played game for people outside the window: the self-contained HTML debrief report."""
