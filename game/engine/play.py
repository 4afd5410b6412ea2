"""Python entry points for choosing orders by policy: random, greedy or kept, for a batch or one game.

The choosing itself runs in the kernel (`game.engine.policies`); these wrappers take and return
the plain arrays of `game.engine.state`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from game.engine import kernel, policies, seats
from game.engine.layout import EMPTY
from game.engine.policies import Policy
from game.engine.state import BatchState, empty_orders
from game.engine.tables import lowered
from game.rules.compiled import Rules

__all__ = ["Policy", "SeatPolicy", "GreedyChoice", "DoctrineChoice", "SearchResult", "Search", "policy_rows",
           "policy_orders", "add_order", "lookahead_seed", "greedy_choice", "doctrine_choice"]


SeatPolicy = Policy | int | Sequence[int]  # a code, or (code, parameters...) as in game.engine.seats


def policy_rows(rules: Rules, chosen: Sequence[SeatPolicy]) -> np.ndarray:
    """The kernel's POLICIES[factions, 4] from one policy per faction: a code, or (code, up to three parameters)."""
    if len(chosen) != len(rules.factions):
        raise ValueError(f"need one policy per faction ({len(rules.factions)}), got {len(chosen)}")
    rows = np.zeros((len(chosen), seats.PARAMS), dtype=np.int64)
    for f, p in enumerate(chosen):
        row = [int(p)] if isinstance(p, (int, np.integer)) else [int(v) for v in p]
        if not 1 <= len(row) <= seats.PARAMS:
            raise ValueError(f"policy {p!r}: a code and at most {seats.PARAMS - 1} parameters")
        rows[f, : len(row)] = row
    if not np.isin(rows[:, 0], [int(p) for p in Policy]).all():
        known = ", ".join(f"{p.value} {p.name}" for p in Policy)
        raise ValueError(f"unknown policy code in {rows[:, 0].tolist()} (codes: {known})")
    doctrine = rows[:, 0] == int(Policy.DOCTRINE)
    if doctrine.any() and not ((rows[doctrine, 1] >= 0) & (rows[doctrine, 1] < len(rules.doctrines))).all():
        raise ValueError(f"doctrine index out of range in {rows[doctrine, 1].tolist()} ({len(rules.doctrines)} doctrines)")
    search = rows[:, 0] == int(Policy.SEARCH)
    if search.any() and not ((rows[search, 2] >= 0) & (rows[search, 3] >= 1)).all():
        raise ValueError("a search needs iterations >= 0 and a horizon of at least 1 turn")
    return rows


def policy_orders(rules: Rules, state: BatchState, chosen: Sequence[SeatPolicy],
                  orders: np.ndarray | None = None) -> np.ndarray:
    """Orders [games, factions, slots] with each faction's empty slots filled by its policy.

    `orders` (default: all empty) is filled in place and returned; a KEEP faction's slots stay as given.
    """
    orders = empty_orders(rules, state.games) if orders is None else orders
    seats.policy_orders_batch(*lowered(rules), state.x, state.ints, state.seeds, orders, policy_rows(rules, chosen))
    return orders


def add_order(rules: Rules, state: BatchState, orders: np.ndarray, faction: int, action: int) -> np.ndarray:
    """Add `action` to `faction`'s orders in every game where it is legal; returns each game's Legality code."""
    codes = np.zeros(state.games, dtype=np.int64)
    policies.add_order_batch(*lowered(rules), state.x, state.ints, orders, faction, action, codes)
    return codes


def lookahead_seed(seed: int, faction: int) -> int:
    """The seed a faction's greedy lookahead resolves with in a game of this seed (never the seed itself)."""
    return int(policies.lookahead_seed(np.uint64(seed), faction))


@dataclass(frozen=True)
class GreedyChoice:
    """What the greedy lookahead chose for one faction of one game."""

    slots: np.ndarray  # the faction's slots after choosing (EMPTY = -1 where nothing was added)
    added: tuple[int, ...]  # the actions it added, in order
    margins: tuple[float, ...]  # lookahead margin over the best rival: before adding, then after each addition

    @property
    def war(self) -> bool:
        """Whether the chosen orders still led to war in the lookahead."""
        return self.margins[-1] <= policies.WAR_MARGIN


def greedy_choice(rules: Rules, x: np.ndarray, ints: np.ndarray, look_seed: int, faction: int,
                  slots: np.ndarray | None = None) -> GreedyChoice:
    """The greedy policy for one game's state (x[tracks], ints[columns]) and one faction, given its lookahead seed.

    `slots` are the faction's orders so far (default: none); they are not changed. This is the
    kernel function the batch runs for every greedy seat.
    """
    slots = np.full(rules.max_orders, EMPTY, dtype=np.int64) if slots is None else np.array(slots, dtype=np.int64)
    before = slots.copy()
    x, ints = np.ascontiguousarray(x, dtype=np.float64), np.ascontiguousarray(ints, dtype=np.int64)
    ti, tf = lowered(rules)
    wf, wi = kernel.scratch(ti)
    sim = policies.lookahead_memory(ti, slots.shape[0])
    kernel.prerequisites(ti, tf, x, ints, wf, wi)
    n = policies.greedy_orders(ti, tf, x, ints, np.uint64(look_seed), faction, slots, wf, wi, sim)
    added = tuple(int(a) for a, b in zip(slots, before) if a != b)
    trace = sim[policies.TRACE]
    return GreedyChoice(slots, added, tuple(float(m) for m in trace[: n + 1]))


@dataclass(frozen=True)
class DoctrineChoice:
    """What a doctrine chose for one faction of one game, and why."""

    slots: np.ndarray  # the faction's slots after choosing
    added: tuple[int, ...]  # the actions it added, in order
    weights: dict[int, float]  # each action's weight now (the faction's actions only)
    held: tuple[int, ...]  # the doctrine's rules (indices into its `rules`) whose condition holds now


def doctrine_choice(rules: Rules, x: np.ndarray, ints: np.ndarray, look_seed: int, faction: int, doctrine: int,
                    slots: np.ndarray | None = None) -> DoctrineChoice:
    """The doctrine policy for one game's state and one faction (the kernel function a batch runs)."""
    from game.engine import doctrine as kd
    from game.engine.tables import WF_ACTS

    slots = np.full(rules.max_orders, EMPTY, dtype=np.int64) if slots is None else np.array(slots, dtype=np.int64)
    before = slots.copy()
    x, ints = np.ascontiguousarray(x, dtype=np.float64), np.ascontiguousarray(ints, dtype=np.int64)
    ti, tf = lowered(rules)
    wf, wi = kernel.scratch(ti)
    kernel.prerequisites(ti, tf, x, ints, wf, wi)
    kd.doctrine_orders(ti, tf, x, ints, np.uint64(look_seed), faction, doctrine, slots, wf, wi)
    kd.doctrine_weights(ti, tf, x, ints, doctrine, faction, wf, wi)
    fid = rules.factions[faction].id
    weights = {a.index: float(wf[ti[WF_ACTS] + a.index]) for a in rules.actions if fid in a.move.partners}
    first = int(rules.tables.doc_rule_start[doctrine])
    n_rules = int(rules.tables.doc_rule_start[doctrine + 1]) - first
    held = tuple(j for j in range(n_rules) if kd.rule_holds(ti, tf, x, ints, first + j, wf, wi))
    added = tuple(int(a) for a, b in zip(slots, before) if a != b)
    return DoctrineChoice(slots, added, weights, held)


@dataclass(frozen=True)
class SearchResult:
    """What the search chose for one faction, with what it learned on the way."""

    slots: np.ndarray  # the faction's slots after choosing
    candidates: list[list[np.ndarray]]  # per faction, its candidate order sets (action indices, EMPTY where free)
    strategy: list[np.ndarray]  # per faction, its average strategy over its candidates (sums to 1)
    margin: list[np.ndarray]  # per faction, each candidate's mean margin over its best rival in rollouts without war
    war: list[np.ndarray]  # per faction, the share of each candidate's rollouts that ended in war
    chosen: int  # the index of the faction's chosen candidate
    iterations: int  # regret-matching iterations run
    rollouts: int  # rollouts played


class Search:
    """One search for one faction of one game, run in steps so a caller can stop it at a time budget.

    `begin` lists the candidates, `step(n)` runs n more iterations, `result()` picks. A search
    that runs all its iterations chooses exactly what the batch policy (`Policy.SEARCH`) chooses.
    """

    def __init__(self, rules: Rules, x: np.ndarray, ints: np.ndarray, look_seed: int, faction: int, seeds: int,
                 horizon: int, slots: np.ndarray | None = None):
        from game.engine import search as ks

        self._ks = ks
        self.rules, self.faction, self.horizon = rules, faction, horizon
        self.look = np.uint64(look_seed)
        self.x = np.ascontiguousarray(x, dtype=np.float64)
        self.ints = np.ascontiguousarray(ints, dtype=np.int64)
        self.slots = np.full(rules.max_orders, EMPTY, dtype=np.int64) if slots is None else np.array(slots, dtype=np.int64)
        self.ti, self.tf = lowered(rules)
        self.wf, self.wi = kernel.scratch(self.ti)
        self.sim, self.mem, self.sim_e = ks.search_memories(self.ti, rules.max_orders, self.ints.shape[0])
        ks.begin(self.ti, self.tf, self.x, self.ints, self.look, faction, self.slots, seeds, self.wf, self.wi,
                 self.sim, self.mem)

    @property
    def iterations(self) -> int:
        return int(self.mem[self._ks.COUNTS][0])

    def step(self, n: int) -> None:
        """Run n more regret-matching iterations."""
        done = self.iterations
        self._ks.iterate(self.ti, self.tf, self.x, self.ints, self.look, self.horizon, done, done + n,
                         self.mem, self.sim_e)

    def result(self) -> SearchResult:
        """The choice so far (its slots keep the faction's orders given at the start)."""
        ks, mem = self._ks, self.mem
        cand, n_cand, avg, util, wars = mem[ks.CAND], mem[ks.N_CAND], mem[ks.AVG], mem[ks.UTIL], mem[ks.WARS]
        chosen = int(ks.best(mem, self.faction))
        runs = max(self.iterations, 1)
        strategy, margin, war, sets = [], [], [], []
        for p in range(len(n_cand)):
            n = int(n_cand[p])
            total = avg[p, :n].sum()
            strategy.append(avg[p, :n] / total if total > 0 else np.full(n, 1.0 / n))
            margin.append(util[p, :n] / np.maximum(runs - wars[p, :n], 1))
            war.append(wars[p, :n] / runs)
            sets.append([cand[p, c].copy() for c in range(n)])
        return SearchResult(cand[self.faction, chosen].copy(), sets, strategy, margin, war, chosen, self.iterations,
                            int(mem[ks.COUNTS][1]))
