"""Compile the content pack's doctrines (bot personalities) against a scenario's actions.

A doctrine gives each of its faction's moves a weight (`weights`, else `otherwise`) and lists
rules that add to some moves' weights while a condition on the state holds. Conditions are
expressions of the rules' own language, compiled into the scenario's programs, so the kernel
evaluates them with the rules' native code. A move the scenario leaves out may be named (it
has no action to weigh); a move the pack does not have, or one of another faction, is a problem.
A doctrine's `negotiation:` block is compiled the same way; its rules may name only joint moves the
faction is a partner of.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from game.rules.compiled import ActionInfo
from game.rules.problems import did_you_mean
from game.rules.schema import PLACEHOLDER, Doctrine

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
    neg: np.ndarray  # [D] 1 if the doctrine negotiates (has a `negotiation:` block)
    neg_propose: np.ndarray  # [D]
    neg_accept: np.ndarray  # [D]
    neg_rule_start: np.ndarray  # [D + 1] CSR of the negotiation rules, as rule_start
    neg_rule_when: np.ndarray  # [K]
    neg_rule_add: np.ndarray  # [K]
    neg_rule_act_start: np.ndarray  # [K + 1] CSR into neg_rule_act
    neg_rule_act: np.ndarray
    variety: np.ndarray  # [D] the doctrine's `variety`


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
    neg, neg_propose, neg_accept, neg_starts, neg_whens, neg_adds, neg_act_starts, neg_acts = [], [], [], [0], [], [], \
        [0], []
    variety: list[float] = []
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
        variety.append(doc.variety)
        talk = doc.negotiation
        neg.append(int(talk is not None))
        neg_propose.append(talk.propose if talk else 0.0)
        neg_accept.append(talk.accept if talk else 0.0)
        for j, rule in enumerate(talk.rules if talk else []):
            where = f"negotiation.rules[{j}]"
            when = compiler.expression(rule.when, file, item, f"{where}.when") if rule.when else -1
            targets = set()
            for k, key in enumerate(rule.moves):
                found = joint_actions(compiler, actions, doc.faction if ok else None, key, file, item,
                                      f"{where}.moves[{k}]", all_moves)
                targets |= set(named(key, f"{where}.moves[{k}]") if found else [])
            check_placeholders(compiler, rule.why, file, item, f"{where}.why")
            neg_whens.append(when)
            neg_adds.append(rule.add)
            neg_acts.extend(sorted(targets))
            neg_act_starts.append(len(neg_acts))
        neg_starts.append(len(neg_whens))
    for fid, ids in defaults.items():
        if len(ids) > 1:
            compiler.problem(compiler.origin("doctrines", ids[1]), f"doctrine {ids[1]}", "default",
                             f"{fid} already has a default doctrine, {ids[0]}")
    i64 = lambda v: np.asarray(v, dtype=np.int64)  # noqa: E731
    per_faction = np.bincount(i64([f for f in faction if f >= 0]), minlength=len(compiler.factions))
    tables = DoctrineTables(i64(faction), weight.reshape(-1), i64(starts), i64(whens),
                            np.asarray(adds, dtype=np.float64), i64(act_starts), i64(acts),
                            np.concatenate([[0], np.cumsum(per_faction)]).astype(np.int64),
                            i64(neg), np.asarray(neg_propose, dtype=np.float64),
                            np.asarray(neg_accept, dtype=np.float64), i64(neg_starts), i64(neg_whens),
                            np.asarray(neg_adds, dtype=np.float64), i64(neg_act_starts), i64(neg_acts),
                            np.asarray(variety, dtype=np.float64))
    return doctrines, tables


def joint_actions(compiler: "Compiler", actions: list[ActionInfo], faction: str | None, key: str, file: str,
                  item: str, where: str, all_moves: list[str]) -> bool:
    """Whether a negotiation rule's move key names a joint move `faction` is a partner of; a problem if not (an
    unknown move is `named`'s to report)."""
    move = key.partition("@")[0]
    if move not in compiler.move_index:
        return move in compiler.left_out_moves or move not in all_moves
    partners = compiler.moves[compiler.move_index[move]].partners
    if len(partners) < 2:
        joint = sorted(m.id for m in compiler.moves if len(m.partners) > 1 and (faction is None or faction in m.partners))
        compiler.problem(file, item, where, f"{move} is not a joint move: a doctrine negotiates only moves with "
                                            "partners", did_you_mean(move, joint))
        return False
    if faction is not None and faction not in partners:
        compiler.problem(file, item, where, f"{move} is a joint move of {' and '.join(partners)}; {faction} is not a "
                                            "partner")
        return False
    return True




def check_placeholders(compiler: "Compiler", text: str, file: str, item: str, where: str) -> None:
    """A problem for each `{name}` in a `why` that names no track of the scenario."""
    for name in PLACEHOLDER.findall(text):
        if name not in compiler.track_index:
            compiler.problem(file, item, where, f"{{{name}}} names no track (a placeholder is filled with a track's "
                                                "value)", did_you_mean(name, list(compiler.track_index)))


def doctrine_order(doctrines: list[Doctrine], factions: list[str]) -> list[int]:
    """Doctrine indices grouped by faction, each faction's default first (then file order)."""
    return sorted(range(len(doctrines)),
                  key=lambda d: (factions.index(doctrines[d].faction) if doctrines[d].faction in factions else 99,
                                 not doctrines[d].default, d))
