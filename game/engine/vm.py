"""The postfix expression machine the kernel runs (opcodes from `game.rules.expressions.Op`)."""

from __future__ import annotations

from numba import njit

from game.engine.tables import CODE_F, CODE_I, CODE_OP, PROG_LEN, PROG_START, WF_STACK, WI_PLAYED
from game.rules.expressions import Op

_CONST, _LOAD, _ADD, _SUB, _MUL, _DIV, _NEG = int(Op.CONST), int(Op.LOAD), int(Op.ADD), int(Op.SUB), int(Op.MUL), int(Op.DIV), int(Op.NEG)
_LT, _LE, _GT, _GE, _EQ, _NE = int(Op.LT), int(Op.LE), int(Op.GT), int(Op.GE), int(Op.EQ), int(Op.NE)
_AND, _OR, _NOT, _MIN, _MAX, _ABS = int(Op.AND), int(Op.OR), int(Op.NOT), int(Op.MIN), int(Op.MAX), int(Op.ABS)
_IFELSE, _PLAYED, _TURN = int(Op.IFELSE), int(Op.PLAYED), int(Op.TURN)
_LOAD_MULC, _ADD_LOAD_MULC, _ADD_LOAD, _SUB_LOAD, _MUL_LOAD = (
    int(Op.LOAD_MULC), int(Op.ADD_LOAD_MULC), int(Op.ADD_LOAD), int(Op.SUB_LOAD), int(Op.MUL_LOAD))
_ADDC, _SUBC, _MULC, _DIVC, _CMPC, _LOAD_CMPC = int(Op.ADDC), int(Op.SUBC), int(Op.MULC), int(Op.DIVC), int(Op.CMPC), int(Op.LOAD_CMPC)


@njit(cache=True, inline="always")
def _compare(kind, a, b):
    """Comparison `kind` (0 <, 1 <=, 2 >, 3 >=, 4 ==, 5 !=) as 1.0 or 0.0."""
    if kind == 0:
        r = a < b
    elif kind == 1:
        r = a <= b
    elif kind == 2:
        r = a > b
    elif kind == 3:
        r = a >= b
    elif kind == 4:
        r = a == b
    else:
        r = a != b
    return 1.0 if r else 0.0


@njit(cache=True)
def run(ti, tf, prog, x, turn, wf, wi):
    """Value of program `prog` on track values `x`; wf/wi are the work arrays (stack, played table)."""
    stack = ti[WF_STACK]
    played = ti[WI_PLAYED]
    ops = ti[2 * CODE_OP]
    args = ti[2 * CODE_I]
    consts = ti[2 * CODE_F]
    start = ti[ti[2 * PROG_START] + prog]
    top = stack - 1
    for pc in range(start, start + ti[ti[2 * PROG_LEN] + prog]):
        op = ti[ops + pc]
        if op == _ADD_LOAD_MULC:
            wf[top] = wf[top] + x[ti[args + pc]] * tf[consts + pc]
        elif op == _LOAD_MULC:
            top += 1
            wf[top] = x[ti[args + pc]] * tf[consts + pc]
        elif op == _LOAD_CMPC:
            top += 1
            code = ti[args + pc]
            wf[top] = _compare(code % 8, x[code // 8], tf[consts + pc])
        elif op == _ADD_LOAD:
            wf[top] = wf[top] + x[ti[args + pc]]
        elif op == _SUB_LOAD:
            wf[top] = wf[top] - x[ti[args + pc]]
        elif op == _MUL_LOAD:
            wf[top] = wf[top] * x[ti[args + pc]]
        elif op == _ADDC:
            wf[top] = wf[top] + tf[consts + pc]
        elif op == _SUBC:
            wf[top] = wf[top] - tf[consts + pc]
        elif op == _MULC:
            wf[top] = wf[top] * tf[consts + pc]
        elif op == _DIVC:
            wf[top] = wf[top] / tf[consts + pc]
        elif op == _CMPC:
            wf[top] = _compare(ti[args + pc], wf[top], tf[consts + pc])
        elif op == _CONST:
            top += 1
            wf[top] = tf[consts + pc]
        elif op == _LOAD:
            top += 1
            wf[top] = x[ti[args + pc]]
        elif op == _TURN:
            top += 1
            wf[top] = turn
        elif op == _PLAYED:
            top += 1
            wf[top] = wi[played + ti[args + pc]]
        elif op == _NEG:
            wf[top] = -wf[top]
        elif op == _NOT:
            wf[top] = 1.0 if wf[top] == 0.0 else 0.0
        elif op == _ABS:
            wf[top] = abs(wf[top])
        elif op == _IFELSE:
            top -= 2
            wf[top] = wf[top + 1] if wf[top] != 0.0 else wf[top + 2]
        else:
            b = wf[top]
            top -= 1
            a = wf[top]
            if op == _ADD:
                r = a + b
            elif op == _SUB:
                r = a - b
            elif op == _MUL:
                r = a * b
            elif op == _DIV:
                r = a / b if b != 0.0 else 0.0
            elif op == _LT:
                r = 1.0 if a < b else 0.0
            elif op == _LE:
                r = 1.0 if a <= b else 0.0
            elif op == _GT:
                r = 1.0 if a > b else 0.0
            elif op == _GE:
                r = 1.0 if a >= b else 0.0
            elif op == _EQ:
                r = 1.0 if a == b else 0.0
            elif op == _NE:
                r = 1.0 if a != b else 0.0
            elif op == _AND:
                r = 1.0 if (a != 0.0 and b != 0.0) else 0.0
            elif op == _OR:
                r = 1.0 if (a != 0.0 or b != 0.0) else 0.0
            elif op == _MIN:
                r = a if a < b else b
            else:  # _MAX
                r = a if a > b else b
            wf[top] = r
    return wf[stack]
