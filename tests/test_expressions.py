"""The expression language: parsing, refusals, and the kernel's VM agreeing with the tree's meaning."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.engine.kernel import scratch
from game.engine.tables import pack
from game.engine.native_calls import run
from game.rules import expressions as ex
from game.rules.compiled import Tables

TRACKS = {"a": 0, "b.c": 1, "jp.stability": 2}
CONSTS = {"vietnam.wariness": 0.75, "turns": 8.0}
PLAYED = {("us", "us.press"): 1, ("jp", "jp.reform"): 4}
RESOLVER = ex.Resolver(TRACKS.get, CONSTS.get, lambda f, m: PLAYED.get((f, m)))


def tables_for(program):
    """Just enough packed tables for the VM: one program, a played table of five slots."""
    empty_i, empty_f = np.zeros(0, np.int64), np.zeros(0)
    fields = {name: empty_i for name in Tables._fields}
    fields.update(
        programs=(tuple(program),),
        track_min=empty_f, track_max=empty_f, track_start=empty_f, eff_chance=empty_f, act_budget=empty_f,
        score_weight=empty_f, n_turns=1, n_moves=5, faction_ap=np.array([1]), act_partners=np.zeros(0, np.int64),
    )
    return pack(Tables(**fields))


def evaluate(text: str, x=(10.0, -2.5, 40.0), played=(0, 1, 0, 0, 1), turn=3) -> float:
    program = ex.compile_node(ex.parse(text), RESOLVER)
    ti, tf = tables_for(program)
    wf, wi = scratch(ti)
    wi[: len(played)] = played
    return run(ti, tf, 0, np.array(x, dtype=np.float64), turn, wf, wi)


@pytest.mark.parametrize("text, expected", [
    ("1 + 2 * 3", 7.0),
    ("-a", -10.0),
    ("a / 0", 0.0),
    ("a / 4", 2.5),
    ("b.c * 2", -5.0),
    ("jp.stability < 50", 1.0),
    ("20 < jp.stability < 30", 0.0),
    ("20 < jp.stability <= 40", 1.0),
    ("a > 5 and b.c > 0", 0.0),
    ("a > 5 or b.c > 0", 1.0),
    ("not a", 0.0),
    ("5 if a > 9 else 7", 5.0),
    ("min(a, b.c, 3)", -2.5),
    ("max(a, 30, b.c)", 30.0),
    ("abs(b.c)", 2.5),
    ("clamp(jp.stability, 0, 25)", 25.0),
    ("vietnam.wariness * 4", 3.0),
    ("turn + turns", 11.0),
    ("played(us, us.press)", 1.0),
    ("played('JP', 'jp.reform')", 1.0),
    ("true + False", 1.0),
    ("-4 - 0.1 * jp.stability", -8.0),
])
def test_table_of_expressions(text, expected):
    assert evaluate(text) == pytest.approx(expected)


@pytest.mark.parametrize("text, message", [
    ("__import__('os')", "unknown function '__import__'"),
    ("a.upper()", "unknown function 'a.upper'"),
    ("'text'", "only numbers are allowed as constants"),
    ("lambda: 1", "lambda is not allowed"),
    ("[1, 2]", "list is not allowed"),
    ("a ** 2", "binop is not allowed"),
    ("a in b", "only < <= > >= == != comparisons"),
    ("1 +", "syntax error"),
    ("", "empty expression"),
    ("min(a)", "min() needs at least two arguments"),
    ("clamp(a, 1)", "clamp() takes (value, low, high)"),
    ("played(us)", "played() takes a faction and a move id"),
    ("abs(x=1)", "takes no keyword arguments"),
    ("a[0]", "subscript is not allowed"),
    ("start(a, b.c)", "start() takes one expression in 'start(a, b.c)'"),
    ("start()", "start() takes one expression"),
    ("a - start(1 + start(a))", "start() cannot be nested (the inner one is already a start value) in 'a - start(1 + start(a))'"),
])
def test_refused_expressions_say_why(text, message):
    with pytest.raises(ex.ExprError, match=None) as info:
        ex.parse(text)
    assert message in str(info.value)


def test_unknown_name_is_refused_at_compile():
    with pytest.raises(ex.ExprError, match="unknown name 'aliance'"):
        ex.compile_node(ex.parse("aliance + 1"), RESOLVER)


def test_start_needs_its_value_from_the_compiler():
    tree = ex.parse("a - start(a * 2)")
    assert ex.starts(tree) == [ex.Binary(ex.Op.MUL, ex.Name("a"), ex.Num(2.0))]
    assert ex.names(tree) == {"a"}
    with pytest.raises(ex.ExprError, match="start\\(\\) has no value here"):
        ex.compile_node(tree, RESOLVER)
    program = ex.compile_node(ex.replace_starts(tree, lambda arg: 7.5), RESOLVER)
    ti, tf = tables_for(program)
    wf, wi = scratch(ti)
    assert run(ti, tf, 0, np.array([10.0, -2.5, 40.0]), 3, wf, wi) == 2.5


def test_names_and_played_refs_are_reported():
    tree = ex.parse("jp.stability < 40 and played(us, us.press) or b.c")
    assert ex.names(tree) == {"jp.stability", "b.c"}
    assert ex.played_refs(tree) == {("us", "us.press")}


# ---- property: the VM computes what the tree means ------------------------------------------

numbers = st.floats(min_value=-1000, max_value=1000, allow_nan=False, allow_infinity=False)
leaves = st.one_of(numbers.map(lambda v: repr(round(v, 3))), st.sampled_from(["a", "b.c", "jp.stability", "turn"]))


def combine(children):
    binary = st.tuples(children, st.sampled_from(["+", "-", "*", "/", "<", "<=", ">", ">=", "==", "!=", "and", "or"]),
                       children).map(lambda t: f"({t[0]} {t[1]} {t[2]})")
    unary = st.tuples(st.sampled_from(["-", "not "]), children).map(lambda t: f"({t[0]}{t[1]})")
    calls = st.tuples(st.sampled_from(["min", "max"]), children, children).map(lambda t: f"{t[0]}({t[1]}, {t[2]})")
    cond = st.tuples(children, children, children).map(lambda t: f"({t[0]} if {t[1]} else {t[2]})")
    return st.one_of(binary, unary, calls, cond, children.map(lambda c: f"abs({c})"))


expressions = st.recursive(leaves, combine, max_leaves=12)


def reference(node, env) -> float:
    """The meaning of a tree, written directly from the language's definition."""
    if isinstance(node, ex.Num):
        return node.value
    if isinstance(node, ex.Name):
        return env[node.id]
    if isinstance(node, ex.Unary):
        v = reference(node.arg, env)
        return -v if node.op == ex.Op.NEG else float(v == 0.0)
    if isinstance(node, ex.Call):
        return abs(reference(node.arg, env))
    if isinstance(node, ex.IfElse):
        c, a, b = (reference(n, env) for n in (node.cond, node.then, node.other))
        return a if c != 0.0 else b
    a, b = reference(node.left, env), reference(node.right, env)
    return {
        ex.Op.ADD: lambda: a + b, ex.Op.SUB: lambda: a - b, ex.Op.MUL: lambda: a * b,
        ex.Op.DIV: lambda: a / b if b != 0.0 else 0.0,
        ex.Op.LT: lambda: float(a < b), ex.Op.LE: lambda: float(a <= b), ex.Op.GT: lambda: float(a > b),
        ex.Op.GE: lambda: float(a >= b), ex.Op.EQ: lambda: float(a == b), ex.Op.NE: lambda: float(a != b),
        ex.Op.AND: lambda: float(a != 0.0 and b != 0.0), ex.Op.OR: lambda: float(a != 0.0 or b != 0.0),
        ex.Op.MIN: lambda: a if a < b else b, ex.Op.MAX: lambda: a if a > b else b,
    }[node.op]()


@given(expressions, numbers, numbers, numbers)
def test_vm_matches_the_tree(text, a, bc, stability):
    tree = ex.parse(text)
    env = {"a": a, "b.c": bc, "jp.stability": stability, "turn": 3.0}
    try:
        expected = reference(tree, env)
    except (OverflowError, ZeroDivisionError):
        return
    got = evaluate(text, x=(a, bc, stability))
    if math.isnan(expected):
        assert math.isnan(got)
    else:
        assert got == expected


wide = st.floats(allow_nan=True, allow_infinity=True)


@given(expressions, wide, wide, numbers, st.sampled_from([0, 1, 3]))
def test_python_evaluation_matches_the_kernel_to_the_bit(text, a, bc, stability, turn):
    """`ex.evaluate` (which gives start() its values without the engine) computes what the native code computes."""
    program = ex.compile_node(ex.parse(text), RESOLVER)
    x, played = (a, bc, stability), (0, 1, 0, 0, 1)
    got = ex.evaluate(program, np.array(x), played, float(turn))
    native = evaluate(text, x=x, played=played, turn=turn)
    assert math.isnan(got) == math.isnan(native)
    if not math.isnan(native):
        assert np.float64(got).tobytes() == np.float64(native).tobytes()


def test_python_evaluation_of_played_turn_and_start_free_programs():
    program = ex.compile_node(ex.parse("played(us, us.press) * 10 + turn - a / 0 + max(b.c, -1)"), RESOLVER)
    assert ex.evaluate(program, [10.0, -2.5, 40.0], [0, 1, 0, 0, 0], 3.0) == 12.0
    assert ex.evaluate([], [], [], 1.0) == 0.0


@given(st.text(max_size=40))
def test_arbitrary_text_is_parsed_or_refused_cleanly(text):
    try:
        tree = ex.parse(text)
    except ex.ExprError as error:
        assert str(error)
        return
    assert list(ex.walk(tree))
