"""The postfix expression machine the kernel runs (opcodes from `game.rules.expressions.Op`)."""

from __future__ import annotations

from numba import njit

from game.rules.expressions import Op

_CONST, _LOAD, _ADD, _SUB, _MUL, _DIV, _NEG = int(Op.CONST), int(Op.LOAD), int(Op.ADD), int(Op.SUB), int(Op.MUL), int(Op.DIV), int(Op.NEG)
_LT, _LE, _GT, _GE, _EQ, _NE = int(Op.LT), int(Op.LE), int(Op.GT), int(Op.GE), int(Op.EQ), int(Op.NE)
_AND, _OR, _NOT, _MIN, _MAX, _ABS = int(Op.AND), int(Op.OR), int(Op.NOT), int(Op.MIN), int(Op.MAX), int(Op.ABS)
_IFELSE, _PLAYED, _TURN = int(Op.IFELSE), int(Op.PLAYED), int(Op.TURN)


@njit(cache=True)
def run(tab, prog, x, played, turn, stack):
    """Value of program `prog` on track values `x` (played: uint8 [factions * moves])."""
    top = -1
    start = tab.prog_start[prog]
    for pc in range(start, start + tab.prog_len[prog]):
        op = tab.code_op[pc]
        if op == _CONST:
            top += 1
            stack[top] = tab.code_f[pc]
        elif op == _LOAD:
            top += 1
            stack[top] = x[tab.code_i[pc]]
        elif op == _TURN:
            top += 1
            stack[top] = turn
        elif op == _PLAYED:
            top += 1
            stack[top] = played[tab.code_i[pc]]
        elif op == _NEG:
            stack[top] = -stack[top]
        elif op == _NOT:
            stack[top] = 1.0 if stack[top] == 0.0 else 0.0
        elif op == _ABS:
            stack[top] = abs(stack[top])
        elif op == _IFELSE:
            top -= 2
            stack[top] = stack[top + 1] if stack[top] != 0.0 else stack[top + 2]
        else:
            b = stack[top]
            top -= 1
            a = stack[top]
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
            stack[top] = r
    return stack[0]
