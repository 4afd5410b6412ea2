"""Compile the content pack's doctrines (bot personalities) against a scenario's actions.

A doctrine gives each of its faction's moves a weight (`weights`, else `otherwise`) and lists
rules that add to some moves' weights while a condition on the state holds. Conditions are
expressions of the rules' own language, compiled into the scenario's programs, so the kernel
evaluates them with the rules' native code. A move the scenario leaves out may be named (it
has no action to weigh); a move the pack does not have, or one of another faction, is a problem.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from game.rules.compiled import ActionInfo
from game.rules.problems import did_you_mean
from game.rules.schema import Doctrine

if TYPE_CHECKING:
    from game.rules.compiler import Compiler


@dataclass(frozen=True)
class DoctrineTables:
    """Doctrines as flat arrays (D doctrines, A actions, J rules)."""

    faction: np.ndarray  # [D] faction index
    weight: np.ndarray  # [D * A] base weight of each action (0 for other factions' actions)
    rule_start: np.ndarray  # [D + 1] CSR: doctrine d's rules are rule_start[d]..rule_start[d+1]
    rule_when: np.ndarray  # [J] program, -1 for always
    rule_add: np.ndarray  # [J]
    rule_act_start: np.ndarray  # [J + 1] CSR into rule_act
    rule_act: np.ndarray  # actions each rule adds to
    faction_start: np.ndarray  # [F + 1] CSR: faction f's doctrines, its default first


def move_actions(compiler: "Compiler", actions: list[ActionInfo], key: str) -> list[int] | None:
    """The actions a doctrine key names (`move` or `move@target`); None if the pack has no such move."""
    move, _, target = key.partition("@")
    if move not in compiler.move_index:
        return [] if move in compiler.left_out_moves else None
    return [a.index for a in actions if a.move.id == move and (not target or a.target == target)]


def build_doctrines(compiler: "Compiler", actions: list[ActionInfo]) -> tuple[list[Doctrine], DoctrineTables]:
    """Check and compile every doctrine of the pack; problems go to the compiler."""
    found = list(compiler.pack.items("doctrines"))
    doctrines = [found[d] for d in doctrine_order(found, list(compiler.faction_index))]
    n_actions = len(actions)
    weight = np.zeros((len(doctrines), n_actions))
    faction, starts, whens, adds, act_starts, acts = [], [0], [], [], [0], []
    all_moves = sorted(compiler.move_index) + sorted(compiler.left_out_moves)
    defaults: dict[str, list[str]] = {}
    for d, doc in enumerate(doctrines):
        file, item = compiler.origin("doctrines", doc.id), f"doctrine {doc.id}"
        ok = compiler.check_faction(doc.faction, file, item, "faction")
        if ok and not doc.id.startswith(doc.faction + "."):
            compiler.problem(file, item, "id", f"a {doc.faction} doctrine's id starts with '{doc.faction}.'",
                             f"{doc.faction}.{doc.id.rpartition('.')[2]}")
        if doc.default:
            defaults.setdefault(doc.faction, []).append(doc.id)
        f = compiler.faction_index.get(doc.faction, -1)
        faction.append(f)

        def named(key: str, where: str) -> list[int]:
            found = move_actions(compiler, actions, key)
            if found is None:
                move = key.partition("@")[0]
                compiler.problem(file, item, where, f"unknown move {move!r}", did_you_mean(move, all_moves))
                return []
            if ok and any(doc.faction not in actions[a].move.partners for a in found):
                compiler.problem(file, item, where, f"{key} is not a move {doc.faction} can order")
                return []
            if "@" in key and not found and key.partition("@")[0] in compiler.move_index:
                targets = [a.target for a in actions if a.move.id == key.partition("@")[0] and a.target]
                compiler.problem(file, item, where, f"{key}: the move has no target {key.partition('@')[2]!r}",
                                 did_you_mean(key.partition("@")[2], targets))
            return found

        if f >= 0:
            for a in actions:
                if doc.faction in a.move.partners:
                    weight[d, a.index] = doc.otherwise
        for key, value in doc.weights.items():  # a move first, then `move@target` keys override it
            if "@" not in key:
                weight[d, named(key, f"weights.{key}")] = value
        for key, value in doc.weights.items():
            if "@" in key:
                weight[d, named(key, f"weights.{key}")] = value
        for j, rule in enumerate(doc.rules):
            where = f"rules[{j}]"
            when = compiler.expression(rule.when, file, item, f"{where}.when") if rule.when else -1
            targets = sorted({a for k, key in enumerate(rule.moves) for a in named(key, f"{where}.moves[{k}]")})
            whens.append(when)
            adds.append(rule.add)
            acts.extend(targets)
            act_starts.append(len(acts))
        starts.append(len(whens))
    for fid, ids in defaults.items():
        if len(ids) > 1:
            compiler.problem(compiler.origin("doctrines", ids[1]), f"doctrine {ids[1]}", "default",
                             f"{fid} already has a default doctrine, {ids[0]}")
    i64 = lambda v: np.asarray(v, dtype=np.int64)  # noqa: E731
    per_faction = np.bincount(i64([f for f in faction if f >= 0]), minlength=len(compiler.factions))
    tables = DoctrineTables(i64(faction), weight.reshape(-1), i64(starts), i64(whens),
                            np.asarray(adds, dtype=np.float64), i64(act_starts), i64(acts),
                            np.concatenate([[0], np.cumsum(per_faction)]).astype(np.int64))
    return doctrines, tables


def doctrine_order(doctrines: list[Doctrine], factions: list[str]) -> list[int]:
    """Doctrine indices grouped by faction, each faction's default first (then file order)."""
    return sorted(range(len(doctrines)),
                  key=lambda d: (factions.index(doctrines[d].faction) if doctrines[d].faction in factions else 99,
                                 not doctrines[d].default, d))
