"""Native code for the rules: LLVM IR generated from the compiled tables, JIT-compiled.

Each scenario becomes one module of these functions:

- `pt_eval(prog, x, played, turn)`: the value of expression program `prog` (a switch over every
  program, each straight-line code);
- `pt_apply(block, x, wf, wi, turn, seed, nd, kind, faction, explain, exp_i, exp_f, exp_n, cap)`:
  applies an effect list to the game's tracks: one block per action, one per event, and one
  for the whole rules phase (each rule's `when`, then its effects). Conditions and amounts read
  the phase's start values in `wf`, changes are added to `x`, changed tracks are noted in `wi`,
  chance rolls use the same splitmix64 draws as `game.engine.rng`, and when `explain` is set
  every change is recorded. It returns the new count of changed tracks, plus 1 << 32 if an
  effect ended the game;
- `pt_derive(x, wi, turn, final, explain, exp_i, exp_f, exp_n, cap)`: recomputes the derived
  tracks in dependency order, each clamped to its bounds: all of them when `final` is set (the
  end of a turn, the start of a game), else only those some expression reads during a turn;
- `pt_prereqs(x, wi, turn)`: writes whether each action's `requires` holds into `wi` (NaN: it does not);
- `pt_values(group, x, played, turn, out)`: evaluates a group of expressions into `out` (for
  events: the drawn ones' weights, zero when their `when` is false; the triggered ones' `when`).

Everything is built from the validated tables (`game.rules.expressions` instruction lists and
effect rows), with the IEEE operations in the order the language defines and no fast-math, so
every result is exactly the one the expression tree defines (tests compare against a direct
evaluation of the tree, and single games against batches). No Python is generated or
evaluated: the IR is built instruction by instruction with llvmlite, which numba already
depends on.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import sys
import threading
from pathlib import Path
from typing import NamedTuple

import llvmlite.binding as llvm
import platformdirs
from llvmlite import ir
from numba import types
from numba.extending import intrinsic

from game.engine import layout, rng
from game.engine.layout import Cause
from game.rules import expressions
from game.rules.expressions import Op

_DBL = ir.DoubleType()
_I64 = ir.IntType(64)
_VOID = ir.VoidType()
_DP, _IP = _DBL.as_pointer(), _I64.as_pointer()
_EVAL_TYPE = ir.FunctionType(_DBL, [_I64, _DP, _IP, _DBL])
_APPLY_TYPE = ir.FunctionType(_I64, [_I64, _DP, _DP, _IP, _I64, _I64, _I64, _I64, _I64, _I64, _IP, _DP, _IP, _I64])
_PREREQS_TYPE = ir.FunctionType(_VOID, [_DP, _IP, _DBL])
_VALUES_TYPE = ir.FunctionType(_VOID, [_I64, _DP, _IP, _DBL, _DP])
_DERIVE_TYPE = ir.FunctionType(_VOID, [_DP, _IP, _DBL, _I64, _I64, _IP, _DP, _IP, _I64])
_RECORD_TYPE = ir.FunctionType(_VOID, [_IP, _DP, _IP, _I64, _I64, _I64, _I64, _I64, _DBL])
_U64 = (1 << 64) - 1
_ZERO = ir.Constant(_DBL, 0.0)
_ONE = ir.Constant(_DBL, 1.0)
_SIGN = {Op.LT: "<", Op.LE: "<=", Op.GT: ">", Op.GE: ">=", Op.EQ: "==", Op.NE: "!="}

_lock = threading.Lock()
_engines: dict[str, tuple[object, tuple[int, ...]]] = {}  # rules hash -> (execution engine, addresses)


def _compare(b: ir.IRBuilder, sign: str, left, right):
    # Python's float comparisons: ordered, except != which is true for NaN
    test = b.fcmp_unordered(sign, left, right) if sign == "!=" else b.fcmp_ordered(sign, left, right)
    return b.select(test, _ONE, _ZERO)


def _truth(b: ir.IRBuilder, value):
    return b.fcmp_unordered("!=", value, _ZERO)


def _holds(b: ir.IRBuilder, value):
    """A `when:` or `requires:` condition: true for a non-zero number, false for zero and for NaN (a faulted value)."""
    return b.fcmp_ordered("!=", value, _ZERO)


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
        elif op == Op.NEG:
            stack.append(b.fneg(stack.pop()))
        elif op == Op.NOT:
            stack.append(b.select(b.fcmp_ordered("==", stack.pop(), _ZERO), _ONE, _ZERO))
        elif op == Op.ABS:
            stack.append(b.call(fabs, [stack.pop()]))
        elif op == Op.IFELSE:
            other, then, cond = stack.pop(), stack.pop(), stack.pop()
            stack.append(b.select(_truth(b, cond), then, other))
        else:
            right, left = stack.pop(), stack.pop()
            stack.append(_binary(b, op, left, right))
    return stack[-1] if stack else _ZERO


class Layout(NamedTuple):
    """Offsets of the work areas `pt_apply` and `pt_prereqs` use (`game.engine.tables`)."""

    x0: int  # in wf: the phase's start values
    played: int  # in wi: 1 per (faction, move) ordered this turn
    mark: int  # in wi: 1 per track changed this phase
    dirty: int  # in wi: the changed tracks, in order
    prereqs: int  # in wi: 1 per action whose `requires` holds


class Derived(NamedTuple):
    track: int
    prog: int
    live: bool  # read by some expression during a turn: recomputed after every phase
    min: float
    max: float


class Effect(NamedTuple):
    track: int
    mode: int  # 0 add, 1 set, 2 end the game
    amount: int  # program, -1 for end_game
    when: int  # program or -1
    chance: float


def _i64(value: int) -> ir.Constant:
    value &= _U64
    return ir.Constant(_I64, value - (1 << 64) if value >> 63 else value)


def _mix64(b: ir.IRBuilder, z):
    """splitmix64's finaliser, as game.engine.rng.mix64."""
    for shift, multiplier in rng.MIX:
        z = b.mul(b.xor(z, b.lshr(z, _i64(shift))), _i64(multiplier))
    return b.xor(z, b.lshr(z, _i64(rng.MIX_LAST)))


def _uniform(b: ir.IRBuilder, seed, turn, purpose: int, index: int):
    """game.engine.rng.uniform(seed, turn, purpose, index) with purpose and index known."""
    z = _mix64(b, b.add(seed, _i64(rng.SEED_SALT)))
    z = _mix64(b, b.xor(z, b.mul(turn, _i64(rng.TURN_KEY))))
    z = _mix64(b, b.xor(z, _i64(purpose * rng.PURPOSE_KEY)))
    z = _mix64(b, b.xor(z, _i64(index * rng.INDEX_KEY)))
    return b.fmul(b.uitofp(b.lshr(z, _i64(11)), _DBL), ir.Constant(_DBL, rng.UNIT))


def _emit_record(module: ir.Module) -> ir.Function:
    """`pt_record`: append (kind, ref, faction, track, amount) to the explanation buffers if there is room."""
    fn = ir.Function(module, _RECORD_TYPE, name="pt_record")
    fn.linkage = "internal"
    fn.attributes.add("noinline")  # explaining is the rare path: keep it out of the effect code
    exp_i, exp_f, exp_n, cap, kind, ref, faction, track, amount = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    room, full = fn.append_basic_block("room"), fn.append_basic_block("full")
    n = b.load(exp_n)
    b.cbranch(b.icmp_signed("<", n, cap), room, full)
    b.position_at_end(room)
    row = b.mul(n, _i64(4))
    for k, value in enumerate((kind, ref, faction, track)):
        b.store(value, b.gep(exp_i, [b.add(row, _i64(k))]))
    b.store(amount, b.gep(exp_f, [n]))
    b.store(b.add(n, _i64(1)), exp_n)
    b.ret_void()
    ir.IRBuilder(full).ret_void()
    return fn


class _ApplyWriter:
    """Writes `pt_apply`, one basic-block chain per effect list."""

    def __init__(self, module: ir.Module, fabs, record, programs, effects: list[Effect], layout: Layout):
        self.programs, self.effects, self.fabs, self.record = programs, effects, fabs, record
        self.fn = fn = ir.Function(module, _APPLY_TYPE, name="pt_apply")
        (self.block_no, self.x, wf, wi, self.turn, self.seed, nd, self.kind, self.faction, explain,
         self.exp_i, self.exp_f, self.exp_n, self.cap) = fn.args
        for arg in (self.x, wf, wi, self.exp_i, self.exp_f, self.exp_n):
            arg.add_attribute("noalias")  # distinct arrays: the track row, the work areas, the buffers
        b = self.b = ir.IRBuilder(fn.append_basic_block("entry"))
        self.nd, self.war = b.alloca(_I64), b.alloca(_I64)  # promoted to registers by the optimiser
        b.store(nd, self.nd)
        b.store(_i64(0), self.war)
        self.x0 = b.gep(wf, [_i64(layout.x0)])
        self.played = b.gep(wi, [_i64(layout.played)])
        self.mark = b.gep(wi, [_i64(layout.mark)])
        self.dirty = b.gep(wi, [_i64(layout.dirty)])
        self.turn_f = b.sitofp(self.turn, _DBL)
        self.explaining = b.icmp_signed("!=", explain, _i64(0))

    def write(self, blocks: list[list[tuple[int, int, int]]]) -> None:
        """blocks[k]: the parts (when program or -1, first effect, end) block k applies in order."""
        fn, b = self.fn, self.b
        done = fn.append_basic_block("done")
        switch = b.switch(self.block_no, done)
        for k, parts in enumerate(blocks):
            b.position_at_end(fn.append_basic_block(f"block{k}"))
            switch.add_case(_i64(k), b.block)
            for when, lo, hi in parts:
                after = self._when(when)
                for e in range(lo, hi):
                    self._effect(e)
                if after is not None:
                    b.branch(after)
                    b.position_at_end(after)
            b.branch(done)
        b.position_at_end(done)
        b.ret(b.or_(b.load(self.nd), b.shl(b.load(self.war), _i64(32))))

    def _when(self, prog: int):
        """Branch past what follows unless program `prog` (on the start values) is true; returns the join block."""
        if prog < 0:
            return None
        b = self.b
        go, after = self.fn.append_basic_block(), self.fn.append_basic_block()
        b.cbranch(_holds(b, self._value(prog)), go, after)
        b.position_at_end(go)
        return after

    def _value(self, prog: int):
        return _emit_program(self.b, self.fabs, self.programs[prog], self.x0, self.played, self.turn_f)

    def _note(self, kind, ref: int, track: int, amount) -> None:
        b = self.b
        rec, cont = self.fn.append_basic_block(), self.fn.append_basic_block()
        b.cbranch(self.explaining, rec, cont)
        b.position_at_end(rec)
        b.call(self.record, [self.exp_i, self.exp_f, self.exp_n, self.cap, kind, _i64(ref), self.faction,
                             _i64(track), amount])
        b.branch(cont)
        b.position_at_end(cont)

    def _effect(self, e: int) -> None:
        b, eff = self.b, self.effects[e]
        after = self._when(eff.when)
        if after is None:
            after = self.fn.append_basic_block()
        if eff.chance < 1.0:
            missed, hit = self.fn.append_basic_block(), self.fn.append_basic_block()
            roll = _uniform(b, self.seed, self.turn, rng.PURPOSE_EFFECT, e)
            b.cbranch(b.fcmp_ordered(">=", roll, ir.Constant(_DBL, eff.chance)), missed, hit)
            b.position_at_end(missed)
            self._note(_i64(Cause.MISSED), e, eff.track, _ZERO)
            b.branch(after)
            b.position_at_end(hit)
        if eff.mode == 2:
            b.store(_i64(1), self.war)
            self._note(_i64(Cause.END), e, -1, _ZERO)
        else:
            amount = self._value(eff.amount)
            if eff.mode == 1:
                amount = b.fsub(amount, b.load(b.gep(self.x0, [_i64(eff.track)])))
            cell = b.gep(self.x, [_i64(eff.track)])
            b.store(b.fadd(b.load(cell), amount), cell)
            mark = b.gep(self.mark, [_i64(eff.track)])
            fresh, noted = self.fn.append_basic_block(), self.fn.append_basic_block()
            b.cbranch(b.icmp_signed("==", b.load(mark), _i64(0)), fresh, noted)
            b.position_at_end(fresh)
            b.store(_i64(1), mark)
            n = b.load(self.nd)
            b.store(_i64(eff.track), b.gep(self.dirty, [n]))
            b.store(b.add(n, _i64(1)), self.nd)
            b.branch(noted)
            b.position_at_end(noted)
            self._note(self.kind, e, eff.track, amount)
        b.branch(after)
        b.position_at_end(after)


def _emit_eval(module: ir.Module, fabs, programs) -> None:
    fn = ir.Function(module, _EVAL_TYPE, name="pt_eval")
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


def _emit_derive(module: ir.Module, fabs, record, programs, derived: list[Derived], layout: Layout) -> None:
    fn = ir.Function(module, _DERIVE_TYPE, name="pt_derive")
    x, wi, turn, final, explain, exp_i, exp_f, exp_n, cap = fn.args
    for arg in (x, wi, exp_i, exp_f, exp_n):
        arg.add_attribute("noalias")
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    played = b.gep(wi, [_i64(layout.played)])
    finishing = b.icmp_signed("!=", final, _i64(0))
    explaining = b.icmp_signed("!=", explain, _i64(0))
    for d in derived:
        after = None
        if not d.live:
            go, after = fn.append_basic_block(), fn.append_basic_block()
            b.cbranch(finishing, go, after)
            b.position_at_end(go)
        value = _emit_program(b, fabs, programs[d.prog], x, played, turn)
        low, high = ir.Constant(_DBL, d.min), ir.Constant(_DBL, d.max)
        value = b.select(b.fcmp_ordered(">", low, value), low, value)  # min(max(value, low), high)
        value = b.select(b.fcmp_ordered("<", high, value), high, value)
        cell = b.gep(x, [_i64(d.track)])
        old = b.load(cell)
        b.store(value, cell)
        rec, cont = fn.append_basic_block(), fn.append_basic_block()
        b.cbranch(b.and_(explaining, b.fcmp_unordered("!=", value, old)), rec, cont)
        b.position_at_end(rec)
        b.call(record, [exp_i, exp_f, exp_n, cap, _i64(Cause.DERIVED), _i64(-1), _i64(-1), _i64(d.track),
                        b.fsub(value, old)])
        b.branch(cont)
        b.position_at_end(cont)
        if after is not None:
            b.branch(after)
            b.position_at_end(after)
    b.ret_void()


def _emit_values(module: ir.Module, fabs, programs, groups) -> None:
    fn = ir.Function(module, _VALUES_TYPE, name="pt_values")
    group, x, played, turn, out = fn.args
    for arg in (x, played, out):
        arg.add_attribute("noalias")
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    done = fn.append_basic_block("done")
    switch = b.switch(group, done)
    for k, entries in enumerate(groups):
        b.position_at_end(fn.append_basic_block(f"group{k}"))
        switch.add_case(_i64(k), b.block)
        for slot, when, value in entries:
            result = _emit_program(b, fabs, programs[value], x, played, turn) if value >= 0 else _ZERO
            if when >= 0:
                result = b.select(_holds(b, _emit_program(b, fabs, programs[when], x, played, turn)), result, _ZERO)
            b.store(result, b.gep(out, [_i64(slot)]))
        b.branch(done)
    b.position_at_end(done)
    b.ret_void()


def _emit_prereqs(module: ir.Module, fabs, programs, requires: list[int], layout: Layout) -> None:
    fn = ir.Function(module, _PREREQS_TYPE, name="pt_prereqs")
    x, wi, turn = fn.args
    b = ir.IRBuilder(fn.append_basic_block("entry"))
    played = b.gep(wi, [_i64(layout.played)])
    for a, prog in enumerate(requires):
        holds = _i64(1) if prog < 0 else b.zext(_holds(b, _emit_program(b, fabs, programs[prog], x, played, turn)), _I64)
        b.store(holds, b.gep(wi, [_i64(layout.prereqs + a)]))
    b.ret_void()


class Source(NamedTuple):
    """What the native code is built from (see `game.engine.tables.native_code`)."""

    programs: list  # per program: its (opcode, int argument, float argument) instructions
    effects: list[Effect]
    blocks: list  # per block: the parts (when program or -1, first effect, end) it applies in order
    derived: list[Derived]  # in dependency order
    requires: list[int]  # per action: program or -1
    groups: list  # per group: its (slot in out, when program or -1, value program) entries
    layout: Layout


NAMES = ("pt_eval", "pt_apply", "pt_derive", "pt_prereqs", "pt_values")


def build_module(src: Source) -> ir.Module:
    """The LLVM module of one scenario's rules (see the module docstring)."""
    module = ir.Module(name="pacific_trilemma_rules")
    fabs = module.declare_intrinsic("llvm.fabs", [_DBL])
    record = _emit_record(module)
    _emit_eval(module, fabs, src.programs)
    _ApplyWriter(module, fabs, record, src.programs, src.effects, src.layout).write(src.blocks)
    _emit_derive(module, fabs, record, src.programs, src.derived, src.layout)
    _emit_prereqs(module, fabs, src.programs, src.requires, src.layout)
    _emit_values(module, fabs, src.programs, src.groups)
    return module


def _machine():
    llvm.initialize_native_target()
    llvm.initialize_native_asmprinter()
    # no fast-math flags and LLVM's default (no) contraction: machine code rounds as the IR says
    return llvm.Target.from_default_triple().create_target_machine(opt=2, codemodel="jitdefault")


def object_code(src: Source, machine) -> bytes:
    """The machine code of a scenario's module as an object file (LLVM's O2 pipeline, then O2 codegen)."""
    module = llvm.parse_assembly(str(build_module(src)))
    module.verify()
    passes = llvm.create_pass_builder(machine, llvm.create_pipeline_tuning_options(speed_level=2))
    passes.getModulePassManager().run(module, passes)
    return machine.emit_object(module)


# What the machine code depends on besides the scenario: the code generator and its inputs' meanings.
_GENERATOR = hashlib.sha256(b"".join(Path(m.__file__).read_bytes() for m in (sys.modules[__name__], rng, layout, expressions))
                            + repr(llvm.llvm_version_info).encode()).hexdigest()[:16]
_DIGEST = 32  # bytes of HMAC-SHA256 in front of a cached object file
_KEY_FILE = "rules-cache.key"
_warned: set[str] = set()  # the cache problems already told on stderr


def cache_dir() -> Path | None:
    """Where compiled rules are kept between runs (PACIFIC_TRILEMMA_CACHE overrides; "" turns caching off)."""
    chosen = os.environ.get("PACIFIC_TRILEMMA_CACHE")
    if chosen == "":
        return None
    return Path(chosen) if chosen else Path(platformdirs.user_cache_dir("pacific-trilemma")) / "rules"


def key_path() -> Path:
    """The per-user secret that signs cached object files: in the config folder, never in the cache."""
    home = os.environ.get("PACIFIC_TRILEMMA_HOME")
    return (Path(home) if home else Path(platformdirs.user_config_dir("pacific-trilemma"))) / _KEY_FILE


def _tell_once(message: str) -> None:
    if message not in _warned:
        _warned.add(message)
        print(f"pacific-trilemma: {message}", file=sys.stderr)


def _unsafe(path: Path, what: str) -> str | None:
    """Why `path` (which exists) cannot be trusted to hold code or its key, or None."""
    info = path.lstat()
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return f"{what} {path} is owned by user id {info.st_uid}, not by you"
    if info.st_mode & 0o022:
        return f"{what} {path} is writable by others (mode {info.st_mode & 0o777:o})"
    return None


def _secret() -> bytes | None:
    """The signing key, created (mode 0600) on first use; None, said once, if it cannot be had safely."""
    path = key_path()
    try:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as out:
                out.write(os.urandom(32))
            os.replace(tmp, path)  # two processes may race: one key wins, the loser's files fail the check
        problem = _unsafe(path, "the key file") or (None if path.is_file() else f"the key file {path} is not a regular file")
        if problem is None and path.stat().st_mode & 0o077:
            problem = f"the key file {path} is readable by others (mode {path.stat().st_mode & 0o777:o})"
        key = path.read_bytes() if problem is None else b""
        if problem is None and len(key) < 32:
            problem = f"the key file {path} holds {len(key)} bytes, not 32"
    except OSError as exc:
        problem = f"the key file {path} cannot be used ({exc.strerror or exc})"
    if problem:
        _tell_once(f"compiled rules are not cached: {problem}")
        return None
    return key


def _trusted_folder(folder: Path | None) -> Path | None:
    """`folder`, created owner-only if missing, or None (said once) if others could plant code in it."""
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        problem = _unsafe(folder, "the cache folder") or (None if folder.is_dir() else f"the cache folder {folder} is not a folder")
    except OSError as exc:
        problem = f"the cache folder {folder} cannot be used ({exc.strerror or exc})"
    if problem:
        _tell_once(f"compiled rules are not cached: {problem}")
        return None
    return folder


def _sign(key: bytes, body: bytes) -> bytes:
    return hmac.new(key, body, hashlib.sha256).digest()


def _cached_object(path: Path | None, key: bytes | None) -> bytes | None:
    """The object file stored at `path` if it is there and signed with `key`, else None (never trusted unsigned)."""
    if path is None or key is None:
        return None
    try:
        blob = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
    except OSError:
        return None
    body = blob[_DIGEST:]
    return body if len(blob) > _DIGEST and hmac.compare_digest(_sign(key, body), blob[:_DIGEST]) else None


def _store_object(path: Path | None, key: bytes | None, body: bytes) -> None:
    """Keep an object file for the next run (atomically; a cache that cannot be written is skipped)."""
    if path is None or key is None:
        return
    try:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(_sign(key, body) + body)
        os.replace(tmp, path)
    except OSError:
        pass


def compile_rules(key: str, src: Source) -> tuple[int, ...]:
    """Addresses of the functions named in NAMES for these rules, loaded once per process.

    Compiling a scenario's module takes seconds, so its object file is kept in `cache_dir()` under
    a name made of the rules' key and the generator's own hash; a later run loads it in
    milliseconds. Each file is signed (HMAC-SHA256) with a per-user key kept in the config folder,
    not in the cache, so a file planted in the cache is not run: a missing, damaged, stale or
    unsigned file is simply compiled again. A cache folder that others could write to, or that
    someone else owns, is not used at all (said once on stderr).
    """
    with _lock:
        if key not in _engines:
            machine = _machine()
            folder = _trusted_folder(cache_dir())
            secret = _secret() if folder else None
            path = folder / f"{key[:32]}-{_GENERATOR}-{llvm.get_default_triple()}.o" if secret else None
            body = _cached_object(path, secret)
            if body is None:
                body = object_code(src, machine)
                _store_object(path, secret, body)
            engine = llvm.create_mcjit_compiler(llvm.parse_assembly(""), machine)
            engine.add_object_file(llvm.ObjectFileRef.from_data(body))
            engine.finalize_object()
            _engines[key] = (engine, tuple(engine.get_function_address(name) for name in NAMES))
        return _engines[key][1]


def _call(builder, fn_type: ir.FunctionType, address, args):
    """Call native code at `address`; arguments the function takes as pointers arrive as integers."""
    fn = builder.inttoptr(address, fn_type.as_pointer())
    return builder.call(fn, [builder.inttoptr(v, t) if isinstance(t, ir.PointerType) else v
                             for v, t in zip(args, fn_type.args)])


_PTR, _INT, _FLOAT = types.uintp, types.int64, types.float64


@intrinsic
def call_eval(typingctx, address, prog, x_data, played_data, turn):
    """`pt_eval` at `address` (int64), with raw data pointers (uintp)."""
    sig = types.float64(_INT, _INT, _PTR, _PTR, _FLOAT)
    return sig, lambda context, builder, signature, args: _call(builder, _EVAL_TYPE, args[0], args[1:])


@intrinsic
def call_apply(typingctx, address, block, x_data, wf_data, wi_data, turn, seed, nd, kind, faction, explain,
               ei_data, ef_data, en_data, cap):
    """`pt_apply` at `address`, with raw data pointers (uintp); see the module docstring."""
    sig = types.int64(_INT, _INT, _PTR, _PTR, _PTR, _INT, types.uint64, _INT, _INT, _INT, _INT, _PTR, _PTR, _PTR, _INT)
    return sig, lambda context, builder, signature, args: _call(builder, _APPLY_TYPE, args[0], args[1:])


def _void_call(fn_type):
    def codegen(context, builder, signature, args):
        _call(builder, fn_type, args[0], args[1:])
        return context.get_dummy_value()

    return codegen


@intrinsic
def call_derive(typingctx, address, x_data, wi_data, turn, final, explain, ei_data, ef_data, en_data, cap):
    """`pt_derive` at `address`, with raw data pointers (uintp)."""
    sig = types.void(_INT, _PTR, _PTR, _FLOAT, _INT, _INT, _PTR, _PTR, _PTR, _INT)
    return sig, _void_call(_DERIVE_TYPE)


@intrinsic
def call_prereqs(typingctx, address, x_data, wi_data, turn):
    """`pt_prereqs` at `address`, with raw data pointers (uintp)."""
    sig = types.void(_INT, _PTR, _PTR, _FLOAT)
    return sig, _void_call(_PREREQS_TYPE)


@intrinsic
def call_values(typingctx, address, group, x_data, played_data, turn, out_data):
    """`pt_values` at `address`, with raw data pointers (uintp)."""
    sig = types.void(_INT, _INT, _PTR, _PTR, _FLOAT, _PTR)
    return sig, _void_call(_VALUES_TYPE)
