"""The content expression language: parsed into a small whitelisted tree, compiled to a postfix program.

Expressions are read with Python's `ast` in eval mode and only the node types below are accepted;
nothing is ever evaluated as Python. The engine's kernel runs the postfix program (see
`game.engine.native_calls`). Semantics: booleans are 1/0, `x / 0` is 0, `and`/`or` return 1/0.

Grammar (informally)::

    expr  := number | name | expr op expr | -expr | not expr | expr if expr else expr
           | min(expr, ...) | max(expr, ...) | abs(expr) | clamp(expr, lo, hi)
           | played(faction, move_id) | start(expr)
    name  := dotted id, e.g. jp.stability, vietnam.cn.trade, turn

`start(expr)` is the value of `expr` on the first turn's state (the scenario's start values,
derived tracks computed, nothing played); the compiler supplies it as a constant, computed with
`evaluate`, which runs a program in Python with the kernel's float64 operations in the kernel's order.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from enum import IntEnum
from functools import lru_cache
from typing import Callable, Union

from game.rules import limits


class ExprError(ValueError):
    """A syntax or vocabulary error in an expression, with the offending text."""


class Op(IntEnum):
    """Opcodes of the postfix program run by the engine's kernel."""

    CONST = 0
    LOAD = 1
    ADD = 2
    SUB = 3
    MUL = 4
    DIV = 5
    NEG = 6
    LT = 7
    LE = 8
    GT = 9
    GE = 10
    EQ = 11
    NE = 12
    AND = 13
    OR = 14
    NOT = 15
    MIN = 16
    MAX = 17
    ABS = 18
    IFELSE = 19
    PLAYED = 20
    TURN = 21


# ---- tree -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Name:
    id: str


@dataclass(frozen=True)
class Unary:
    op: Op  # NEG or NOT
    arg: "Node"


@dataclass(frozen=True)
class Binary:
    op: Op  # arithmetic, comparison, AND, OR, MIN, MAX
    left: "Node"
    right: "Node"


@dataclass(frozen=True)
class Call:
    fn: str  # abs
    arg: "Node"


@dataclass(frozen=True)
class IfElse:
    cond: "Node"
    then: "Node"
    other: "Node"


@dataclass(frozen=True)
class Played:
    faction: str
    move: str


@dataclass(frozen=True)
class Start:
    arg: "Node"  # evaluated on the start state, never nested


Node = Union[Num, Name, Unary, Binary, Call, IfElse, Played, Start]

_BINOPS = {ast.Add: Op.ADD, ast.Sub: Op.SUB, ast.Mult: Op.MUL, ast.Div: Op.DIV}
_CMPOPS = {ast.Lt: Op.LT, ast.LtE: Op.LE, ast.Gt: Op.GT, ast.GtE: Op.GE, ast.Eq: Op.EQ, ast.NotEq: Op.NE}
FUNCTIONS = ("min", "max", "abs", "clamp", "played", "start")
MAX_STACK = 32


def _dotted(node: ast.expr) -> str | None:
    """`a.b.c` as a string, or None when the node is not a plain dotted name."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _identifier(node: ast.expr, what: str, text: str) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value.lower()
    name = _dotted(node)
    if name is None:
        raise ExprError(f"{what} must be a name or a quoted string in {text!r}")
    return name.lower()


@lru_cache(maxsize=8192)
def parse(text: str) -> Node:
    """Parse an expression into a tree; raises ExprError naming what is not allowed.

    Trees are frozen and kept per text: every scenario of a pack parses the same expressions.
    Nesting and the digits of each number are limited (game.rules.limits) before the tree is
    converted, so no expression can exhaust the converter's recursion or overflow a float.
    """
    if not isinstance(text, str) or not text.strip():
        raise ExprError("empty expression")
    source = text.strip()
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        if "integer string conversion" in str(exc.msg):  # Python's own limit, far past ours
            raise ExprError(f"a number has thousands of digits, over the limit of {limits.EXPR_DIGITS}, in "
                            f"{_shown(text)}") from None
        raise ExprError(f"syntax error in {_shown(text)}: {exc.msg}") from None
    except (MemoryError, RecursionError, ValueError):  # the parser's own limits (nesting, int digits)
        raise ExprError(f"expression nested too deeply or a number too long in {_shown(text)}") from None
    _check_size(tree.body, source, text)
    return _convert(tree.body, text)


def _shown(text: str) -> str:
    """The expression as quoted in messages, shortened past the length an author may write."""
    return repr(text) if len(text) <= limits.EXPR_CHARS else repr(text[:60]) + f"… ({len(text):,} characters)"


def _check_size(root: ast.expr, source: str, text: str) -> None:
    """Refuse nesting deeper than EXPR_DEPTH and numbers of more than EXPR_DIGITS digits (walked without recursion)."""
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limits.EXPR_DEPTH:
            raise ExprError(f"expression nested more than {limits.EXPR_DEPTH} levels deep (the limit) in {_shown(text)}")
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
            literal = ast.get_source_segment(source, node) or ""
            digits = sum(ch.isdigit() for ch in literal.lower().partition("e")[0])
            if digits > limits.EXPR_DIGITS:
                shown = literal if len(literal) <= 24 else f"{literal[:12]}…{literal[-6:]}"
                raise ExprError(f"the number {shown} has {digits:,} digits, over the limit of {limits.EXPR_DIGITS}, "
                                f"in {_shown(text)}")
        stack += [(child, depth + 1) for child in ast.iter_child_nodes(node) if isinstance(child, ast.expr)]


def _convert(node: ast.expr, text: str) -> Node:
    conv = lambda n: _convert(n, text)  # noqa: E731
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool):
            return Num(1.0 if node.value else 0.0)
        if isinstance(node.value, (int, float)):
            try:
                value = float(node.value)
            except OverflowError:  # an int too large for a float
                raise ExprError(f"number out of range in {text!r}") from None
            if value != value or value in (float("inf"), float("-inf")):
                raise ExprError(f"number out of range in {text!r}")
            return Num(value)
        raise ExprError(f"only numbers are allowed as constants, not {node.value!r}, in {text!r}")
    dotted = _dotted(node)
    if dotted is not None:
        if dotted in ("true", "True"):
            return Num(1.0)
        if dotted in ("false", "False"):
            return Num(0.0)
        return Name(dotted)
    if isinstance(node, ast.UnaryOp):
        if isinstance(node.op, ast.USub):
            arg = conv(node.operand)
            return Num(-arg.value) if isinstance(arg, Num) else Unary(Op.NEG, arg)
        if isinstance(node.op, ast.UAdd):
            return conv(node.operand)
        if isinstance(node.op, ast.Not):
            return Unary(Op.NOT, conv(node.operand))
    if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
        return Binary(_BINOPS[type(node.op)], conv(node.left), conv(node.right))
    if isinstance(node, ast.BoolOp):
        op = Op.AND if isinstance(node.op, ast.And) else Op.OR
        result = conv(node.values[0])
        for value in node.values[1:]:
            result = Binary(op, result, conv(value))
        return result
    if isinstance(node, ast.Compare):
        if not all(type(o) in _CMPOPS for o in node.ops):
            raise ExprError(f"only < <= > >= == != comparisons are allowed in {text!r}")
        operands = [conv(node.left)] + [conv(c) for c in node.comparators]
        result: Node | None = None
        for op, left, right in zip(node.ops, operands, operands[1:]):
            term = Binary(_CMPOPS[type(op)], left, right)
            result = term if result is None else Binary(Op.AND, result, term)
        assert result is not None
        return result
    if isinstance(node, ast.IfExp):
        return IfElse(conv(node.test), conv(node.body), conv(node.orelse))
    if isinstance(node, ast.Call):
        return _convert_call(node, text)
    raise ExprError(f"{type(node).__name__.lower()} is not allowed in expressions: {text!r}")


def _convert_call(node: ast.Call, text: str) -> Node:
    fn = node.func.id if isinstance(node.func, ast.Name) else None
    if fn not in FUNCTIONS:
        shown = fn or ast.unparse(node.func)
        raise ExprError(f"unknown function {shown!r} in {text!r}; allowed: {', '.join(FUNCTIONS)}")
    if node.keywords:
        raise ExprError(f"{fn}() takes no keyword arguments in {text!r}")
    args = node.args
    if fn == "played":
        if len(args) != 2:
            raise ExprError(f"played() takes a faction and a move id in {text!r}")
        return Played(_identifier(args[0], "played()'s faction", text), _identifier(args[1], "played()'s move", text))
    values = [_convert(a, text) for a in args]
    if fn == "start":
        if len(values) != 1:
            raise ExprError(f"start() takes one expression in {text!r}")
        if any(isinstance(n, Start) for n in walk(values[0])):
            raise ExprError(f"start() cannot be nested (the inner one is already a start value) in {text!r}")
        return Start(values[0])
    if fn in ("min", "max"):
        if len(values) < 2:
            raise ExprError(f"{fn}() needs at least two arguments in {text!r}")
        result = values[0]
        for value in values[1:]:
            result = Binary(Op.MIN if fn == "min" else Op.MAX, result, value)
        return result
    if fn == "abs":
        if len(values) != 1:
            raise ExprError(f"abs() takes one argument in {text!r}")
        return Call("abs", values[0])
    if len(values) != 3:  # clamp
        raise ExprError(f"clamp() takes (value, low, high) in {text!r}")
    return Binary(Op.MIN, Binary(Op.MAX, values[0], values[1]), values[2])


# ---- queries ----------------------------------------------------------------------------------


def walk(node: Node):
    """Yield every node of the tree, parents first."""
    yield node
    if isinstance(node, Unary):
        yield from walk(node.arg)
    elif isinstance(node, Binary):
        yield from walk(node.left)
        yield from walk(node.right)
    elif isinstance(node, (Call, Start)):
        yield from walk(node.arg)
    elif isinstance(node, IfElse):
        yield from walk(node.cond)
        yield from walk(node.then)
        yield from walk(node.other)


def names(node: Node) -> set[str]:
    """Every dotted name the expression reads."""
    return {n.id for n in walk(node) if isinstance(n, Name)}


NEVER_PLAYED = -1  # what a resolver's played() returns for a move left out of the scenario


def played_refs(node: Node) -> set[tuple[str, str]]:
    """Every (faction, move) pair the expression asks about with played()."""
    return {(n.faction, n.move) for n in walk(node) if isinstance(n, Played)}


def starts(node: Node) -> list[Node]:
    """The argument of every start() in the expression, in reading order."""
    return [n.arg for n in walk(node) if isinstance(n, Start)]


def replace_starts(node: Node, values: Callable[[Node], float]) -> Node:
    """The tree with each start(arg) replaced by the number `values(arg)`."""
    if isinstance(node, Start):
        return Num(float(values(node.arg)))
    if isinstance(node, Unary):
        return Unary(node.op, replace_starts(node.arg, values))
    if isinstance(node, Binary):
        return Binary(node.op, replace_starts(node.left, values), replace_starts(node.right, values))
    if isinstance(node, Call):
        return Call(node.fn, replace_starts(node.arg, values))
    if isinstance(node, IfElse):
        return IfElse(*(replace_starts(n, values) for n in (node.cond, node.then, node.other)))
    return node


# ---- compilation ------------------------------------------------------------------------------

Instruction = tuple[int, int, float]


@dataclass(frozen=True)
class Resolver:
    """How names become instructions: a track index, a constant, or the turn counter."""

    track: Callable[[str], int | None]
    constant: Callable[[str], float | None]
    played: Callable[[str, str], int | None]


def compile_node(node: Node, resolve: Resolver) -> list[Instruction]:
    """Postfix program for a (validated) tree; raises ExprError for a name that does not resolve.

    Constant subexpressions are folded, keeping the exact floating-point result of the plain
    program; the native code generator's optimiser does the rest.
    """
    out: list[Instruction] = []
    _emit(fold(node), resolve, out)
    depth = max_stack_depth(out)
    if depth > MAX_STACK:
        raise ExprError(f"expression too deep ({depth} > {MAX_STACK} stack slots)")
    return out


def _emit(node: Node, resolve: Resolver, out: list[Instruction]) -> None:
    if isinstance(node, Num):
        out.append((Op.CONST, 0, node.value))
    elif isinstance(node, Name):
        if node.id == "turn":
            out.append((Op.TURN, 0, 0.0))
            return
        index = resolve.track(node.id)
        if index is not None:
            out.append((Op.LOAD, index, 0.0))
            return
        value = resolve.constant(node.id)
        if value is None:
            raise ExprError(f"unknown name {node.id!r}")
        out.append((Op.CONST, 0, float(value)))
    elif isinstance(node, Unary):
        _emit(node.arg, resolve, out)
        out.append((node.op, 0, 0.0))
    elif isinstance(node, Binary):
        _emit(node.left, resolve, out)
        _emit(node.right, resolve, out)
        out.append((node.op, 0, 0.0))
    elif isinstance(node, Call):
        _emit(node.arg, resolve, out)
        out.append((Op.ABS, 0, 0.0))
    elif isinstance(node, IfElse):
        _emit(node.cond, resolve, out)
        _emit(node.then, resolve, out)
        _emit(node.other, resolve, out)
        out.append((Op.IFELSE, 0, 0.0))
    elif isinstance(node, Played):
        slot = resolve.played(node.faction, node.move)
        if slot is None:
            raise ExprError(f"played() refers to unknown faction or move {node.faction!r}, {node.move!r}")
        if slot == NEVER_PLAYED:  # a move the scenario leaves out: always 0
            out.append((Op.CONST, 0, 0.0))
        else:
            out.append((Op.PLAYED, slot, 0.0))
    elif isinstance(node, Start):  # the compiler replaces these with their values first (replace_starts)
        raise ExprError("start() has no value here: it needs the scenario's start state")
    else:  # pragma: no cover - the tree has no other node types
        raise ExprError(f"cannot compile {node!r}")


def _arith(op: Op, a: float, b: float) -> float:
    """The kernel's binary operators on floats (see game.engine.native_calls)."""
    if op == Op.ADD:
        return a + b
    if op == Op.SUB:
        return a - b
    if op == Op.MUL:
        return a * b
    if op == Op.DIV:
        return a / b if b != 0.0 else 0.0
    if op == Op.AND:
        return 1.0 if (a != 0.0 and b != 0.0) else 0.0
    if op == Op.OR:
        return 1.0 if (a != 0.0 or b != 0.0) else 0.0
    if op == Op.MIN:
        return a if a < b else b
    if op == Op.MAX:
        return a if a > b else b
    return 1.0 if _COMPARE[op](a, b) else 0.0


_COMPARE = {Op.LT: lambda a, b: a < b, Op.LE: lambda a, b: a <= b, Op.GT: lambda a, b: a > b,
            Op.GE: lambda a, b: a >= b, Op.EQ: lambda a, b: a == b, Op.NE: lambda a, b: a != b}


def fold(node: Node) -> Node:
    """The tree with every constant subexpression replaced by its value."""
    if isinstance(node, Unary):
        arg = fold(node.arg)
        if isinstance(arg, Num):
            return Num(-arg.value if node.op == Op.NEG else (1.0 if arg.value == 0.0 else 0.0))
        return Unary(node.op, arg)
    if isinstance(node, Binary):
        left, right = fold(node.left), fold(node.right)
        if isinstance(left, Num) and isinstance(right, Num):
            value = _arith(node.op, left.value, right.value)
            if value == value and abs(value) != float("inf"):
                return Num(value)
        return Binary(node.op, left, right)
    if isinstance(node, Call):
        arg = fold(node.arg)
        return Num(abs(arg.value)) if isinstance(arg, Num) else Call(node.fn, arg)
    if isinstance(node, IfElse):
        cond, then, other = fold(node.cond), fold(node.then), fold(node.other)
        if isinstance(cond, Num):
            return then if cond.value != 0.0 else other
        return IfElse(cond, then, other)
    return node


def evaluate(program: list[Instruction], x, played, turn: float) -> float:
    """The value of a postfix program on track values `x` and played table `played`, as the kernel computes it.

    Each instruction does the same IEEE double operation as the native code (`game.engine.native`),
    in the same order, so the result is the kernel's to the bit.
    """
    stack: list[float] = []
    push, pop = stack.append, stack.pop
    for op, iarg, farg in program:
        if op == Op.CONST:
            push(farg)
        elif op == Op.LOAD:
            push(float(x[iarg]))
        elif op == Op.TURN:
            push(float(turn))
        elif op == Op.PLAYED:
            push(float(played[iarg]))
        elif op == Op.NEG:
            push(-pop())
        elif op == Op.NOT:
            push(1.0 if pop() == 0.0 else 0.0)
        elif op == Op.ABS:
            push(abs(pop()))
        elif op == Op.IFELSE:
            other, then, cond = pop(), pop(), pop()
            push(then if cond != 0.0 else other)
        else:
            right = pop()
            push(_arith(Op(op), pop(), right))
    return stack[-1] if stack else 0.0


def holds(value: float) -> bool:
    """Whether a condition's value (`when:`, `requires:`) holds, as the kernel decides: a non-zero number. NaN (an
    expression that cannot be evaluated, e.g. inf - inf) never holds."""
    return value != 0.0 and value == value


_STACK_EFFECT = {Op.CONST: 1, Op.LOAD: 1, Op.TURN: 1, Op.PLAYED: 1, Op.NEG: 0, Op.NOT: 0, Op.ABS: 0, Op.IFELSE: -2}


def loaded_track(op: int, arg: int) -> int | None:
    """The track an instruction reads, or None."""
    return arg if op == Op.LOAD else None


def max_stack_depth(program: list[Instruction]) -> int:
    """Deepest stack the program reaches."""
    depth = deepest = 0
    for op, _, _ in program:
        depth += _STACK_EFFECT.get(Op(op), -1)
        deepest = max(deepest, depth)
    return deepest
