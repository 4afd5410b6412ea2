"""Native code for the expression programs: LLVM IR generated from the postfix programs, JIT-compiled.

Each scenario's programs become one function `double pt_eval(i64 prog, double* x, i64* played,
double turn)` that switches on the program number and runs that program as straight-line code.
It is built from the validated instruction lists (`game.rules.expressions`), with the IEEE
operations in the order the language defines and no fast-math, so every result is exactly the
one the expression tree defines (tests compare against a direct evaluation of the tree). No
Python is generated or evaluated: the IR is built instruction by instruction with llvmlite,
which numba already depends on.
"""

from __future__ import annotations

import threading

import llvmlite.binding as llvm
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

from game.rules.expressions import CMP_CODES, Op

_DBL = ir.DoubleType()
_I64 = ir.IntType(64)
_FN_TYPE = ir.FunctionType(_DBL, [_I64, _DBL.as_pointer(), _I64.as_pointer(), _DBL])
_ZERO = ir.Constant(_DBL, 0.0)
_ONE = ir.Constant(_DBL, 1.0)
_SIGN = {Op.LT: "<", Op.LE: "<=", Op.GT: ">", Op.GE: ">=", Op.EQ: "==", Op.NE: "!="}
_SIGN_BY_CODE = {code: _SIGN[op] for op, code in CMP_CODES.items()}

_lock = threading.Lock()
_engines: dict[str, tuple[object, int]] = {}  # program set hash -> (execution engine, function address)


def _compare(b: ir.IRBuilder, sign: str, left, right):
    # Python's float comparisons: ordered, except != which is true for NaN
    test = b.fcmp_unordered(sign, left, right) if sign == "!=" else b.fcmp_ordered(sign, left, right)
    return b.select(test, _ONE, _ZERO)


def _truth(b: ir.IRBuilder, value):
    return b.fcmp_unordered("!=", value, _ZERO)


def _binary(b: ir.IRBuilder, op: Op, left, right):
    if op == Op.ADD:
        return b.fadd(left, right)
    if op == Op.SUB:
        return b.fsub(left, right)
    if op == Op.MUL:
        return b.fmul(left, right)
    if op == Op.DIV:  # x / 0 is 0
        return b.select(_truth(b, right), b.fdiv(left, right), _ZERO)
    if op in _SIGN:
        return _compare(b, _SIGN[op], left, right)
    if op == Op.AND:
        return b.select(b.and_(_truth(b, left), _truth(b, right)), _ONE, _ZERO)
    if op == Op.OR:
        return b.select(b.or_(_truth(b, left), _truth(b, right)), _ONE, _ZERO)
    if op == Op.MIN:
        return b.select(b.fcmp_ordered("<", left, right), left, right)
    if op == Op.MAX:
        return b.select(b.fcmp_ordered(">", left, right), left, right)
    raise ValueError(f"no native code for opcode {op!r}")


def _emit_program(b: ir.IRBuilder, fabs, program, x, played, turn):
    """Straight-line code for one postfix program; returns its value."""
    stack: list = []

    def load(i):
        return b.load(b.gep(x, [ir.Constant(_I64, int(i))]))

    for op, iarg, farg in program:
        op = Op(int(op))
        const = ir.Constant(_DBL, float(farg))
        if op == Op.CONST:
            stack.append(const)
        elif op == Op.LOAD:
            stack.append(load(iarg))
        elif op == Op.TURN:
            stack.append(turn)
        elif op == Op.PLAYED:
            stack.append(b.sitofp(b.load(b.gep(played, [ir.Constant(_I64, int(iarg))])), _DBL))
        elif op == Op.LOAD_MULC:
            stack.append(b.fmul(load(iarg), const))
        elif op == Op.LOAD_CMPC:
            stack.append(_compare(b, _SIGN_BY_CODE[int(iarg) % 8], load(int(iarg) // 8), const))
        elif op == Op.NEG:
            stack.append(b.fneg(stack.pop()))
        elif op == Op.NOT:
            stack.append(b.select(b.fcmp_ordered("==", stack.pop(), _ZERO), _ONE, _ZERO))
        elif op == Op.ABS:
            stack.append(b.call(fabs, [stack.pop()]))
        elif op == Op.ADD_LOAD_MULC:
            stack.append(b.fadd(stack.pop(), b.fmul(load(iarg), const)))
        elif op == Op.ADD_LOAD:
            stack.append(b.fadd(stack.pop(), load(iarg)))
        elif op == Op.SUB_LOAD:
            stack.append(b.fsub(stack.pop(), load(iarg)))
        elif op == Op.MUL_LOAD:
            stack.append(b.fmul(stack.pop(), load(iarg)))
        elif op == Op.ADDC:
            stack.append(b.fadd(stack.pop(), const))
        elif op == Op.SUBC:
            stack.append(b.fsub(stack.pop(), const))
        elif op == Op.MULC:
            stack.append(b.fmul(stack.pop(), const))
        elif op == Op.DIVC:
            stack.append(b.fdiv(stack.pop(), const))
        elif op == Op.CMPC:
            stack.append(_compare(b, _SIGN_BY_CODE[int(iarg)], stack.pop(), const))
        elif op == Op.IFELSE:
            other, then, cond = stack.pop(), stack.pop(), stack.pop()
            stack.append(b.select(_truth(b, cond), then, other))
        else:
            right, left = stack.pop(), stack.pop()
            stack.append(_binary(b, op, left, right))
    return stack[-1] if stack else _ZERO


def build_module(programs: list[list[tuple[int, int, float]]]) -> ir.Module:
    """An LLVM module whose `pt_eval` switches over every program."""
    module = ir.Module(name="pacific_trilemma_rules")
    fabs = module.declare_intrinsic("llvm.fabs", [_DBL])
    fn = ir.Function(module, _FN_TYPE, name="pt_eval")
    prog, x, played, turn = fn.args
    entry = fn.append_basic_block("entry")
    unknown = fn.append_basic_block("unknown")
    ir.IRBuilder(unknown).ret(_ZERO)
    switch = ir.IRBuilder(entry).switch(prog, unknown)
    for k, program in enumerate(programs):
        block = fn.append_basic_block(f"p{k}")
        switch.add_case(ir.Constant(_I64, k), block)
        b = ir.IRBuilder(block)
        b.ret(_emit_program(b, fabs, program, x, played, turn))
    return module


def compile_programs(key: str, programs: list[list[tuple[int, int, float]]]) -> int:
    """Address of `pt_eval` for these programs, JIT-compiled once per process per key."""
    with _lock:
        if key not in _engines:
            llvm.initialize_native_target()
            llvm.initialize_native_asmprinter()
            # no fast-math flags and LLVM's default (no) contraction: machine code rounds as the IR says
            machine = llvm.Target.from_default_triple().create_target_machine(opt=2, codemodel="jitdefault")
            module = llvm.parse_assembly(str(build_module(programs)))
            module.verify()
            engine = llvm.create_mcjit_compiler(module, machine)
            engine.finalize_object()
            _engines[key] = (engine, engine.get_function_address("pt_eval"))
        return _engines[key][1]


@intrinsic
def call_eval(typingctx, address, prog, x_data, played_data, turn):
    """Call the native `pt_eval` at `address` (int64) with raw data pointers (uintp)."""
    sig = types.float64(types.int64, types.int64, types.uintp, types.uintp, types.float64)

    def codegen(context, builder, signature, args):
        address, prog, x_data, played_data, turn = args
        fn = builder.inttoptr(address, _FN_TYPE.as_pointer())
        x = builder.inttoptr(x_data, _DBL.as_pointer())
        played = builder.inttoptr(played_data, _I64.as_pointer())
        return builder.call(fn, [prog, x, played, turn])

    return sig, codegen
