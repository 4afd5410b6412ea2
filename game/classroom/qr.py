"""The join address as a QR code (segno): SVG for the pages, a boolean matrix for the window, text for a terminal."""

from __future__ import annotations

import io

import segno

BORDER = 4  # the quiet zone the QR standard asks for, in modules


def _code(url: str) -> segno.QRCode:
    if not url:
        raise ValueError("a QR code needs an address")
    return segno.make(url, error="m")


def svg(url: str, scale: int = 8) -> str:
    """The QR code of `url` as an SVG document, black on white with its quiet zone."""
    out = io.BytesIO()
    _code(url).save(out, kind="svg", scale=scale, border=BORDER, dark="#000", light="#fff",
                    title=f"Join: {url}")
    return out.getvalue().decode("utf-8")


def matrix(url: str) -> list[list[bool]]:
    """The QR code's modules (True: dark) without the quiet zone, row by row; a window draws it at any size."""
    return [[bool(v) for v in row] for row in _code(url).matrix_iter(scale=1, border=0)]


def terminal(url: str) -> str:
    """The QR code as text for a terminal (two rows per line of half blocks, dark on light)."""
    out = io.StringIO()
    _code(url).terminal(out=out, compact=True, border=2)
    return out.getvalue()
