"""Classroom mode: teams play from their own browsers, the projector shows the public screen, the teacher runs a console.

`room` holds the game and everything about the lesson (no web imports); `server` serves it over HTTP
and one websocket; `codes` makes the join codes; `qr` draws the join address.
"""
