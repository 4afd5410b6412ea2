"""Expressions that can overflow: found on the expression tree, for `validate --warnings`.

Two simple checks, no value ranges of the tracks: a constant subexpression (no track, turn or
played() in it) whose value is NaN or infinite, and a multiplication by a constant above 1e154 in
size (its square overflows a double, so a product with any comparable value is infinite).
"""

from __future__ import annotations

import math

from game.rules import expressions as ex

HUGE = 1e154  # sqrt of the largest double is about 1.34e154


def _value(node: ex.Node) -> float | None:
    """The value of a constant subexpression, as the kernel computes it; None if it reads the state."""
    if isinstance(node, ex.Num):
        return node.value
    if isinstance(node, ex.Unary):
        arg = _value(node.arg)
        return None if arg is None else (-arg if node.op == ex.Op.NEG else float(arg == 0.0))
    if isinstance(node, ex.Call):
        arg = _value(node.arg)
        return None if arg is None else abs(arg)
    if isinstance(node, ex.Binary):
        left, right = _value(node.left), _value(node.right)
        return None if left is None or right is None else ex._arith(node.op, left, right)
    if isinstance(node, ex.IfElse):
        cond, then, other = _value(node.cond), _value(node.then), _value(node.other)
        return None if None in (cond, then, other) else (then if cond != 0.0 else other)
    return None


def overflow_warnings(text: str) -> list[str]:
    """Why expression `text` can yield NaN or infinity at run time (empty if neither check finds anything)."""
    try:
        tree = ex.parse(text)
    except ex.ExprError:
        return []  # reported as a problem elsewhere
    found: list[str] = []
    for node in ex.walk(tree):
        if isinstance(node, ex.Num) and not math.isfinite(node.value):
            found.append(f"the number {node.value} is not finite")
        elif isinstance(node, (ex.Unary, ex.Binary, ex.Call, ex.IfElse)):
            value = _value(node)
            if value is not None and not math.isfinite(value):
                found.append(f"a constant part of it evaluates to {value}")
                break  # its parts were constant too: one warning per expression
        if isinstance(node, ex.Binary) and node.op == ex.Op.MUL:
            big = [v for v in (_value(node.left), _value(node.right)) if v is not None and abs(v) > HUGE]
            if big:
                found.append(f"it multiplies by {big[0]:g}, above {HUGE:g}: the product overflows to infinity "
                             "for a factor of that size")
    return list(dict.fromkeys(found))
