"""Compile a scenario and its content pack into `Rules`, collecting every problem on the way.

One pass does both jobs: each reference is checked where it is compiled, so validation and the
engine can never disagree about what a name means.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Sequence

import numpy as np

from game.rules import expressions as ex
from game.rules import limits
from game.rules.overflow import overflow_warnings
from game.rules.reach import reach_warnings
from game.rules.doctrines import build_doctrines
from game.rules.compiled import EFFECT_MODES, EVENT_KINDS, ActionInfo, EffectInfo, Rules, Tables, TrackInfo
from game.rules.files import Pack, content_hash, display_path, read_pack, read_scenario, shown_id
from game.rules.problems import ContentError, Problem, did_you_mean
from game.rules.schema import AddEffect, ContentFile, EndGameEffect, Scenario


class _Programs:
    """Accumulates postfix programs (a reserved one is filled in later)."""

    def __init__(self) -> None:
        self.programs: list[list[tuple[int, int, float]]] = []

    def add(self, program: list[tuple[int, int, float]]) -> int:
        self.programs.append(program)
        return len(self.programs) - 1

    def set(self, prog: int, program: list[tuple[int, int, float]]) -> None:
        self.programs[prog] = program

    @property
    def frozen(self) -> tuple[tuple[tuple[int, int, float], ...], ...]:
        """Every program as plain tuples of (opcode, int, float)."""
        return tuple(tuple((int(op), int(i), float(f)) for op, i, f in program) for program in self.programs)



def plain(value):
    """A table column as plain frozen data: a flat tuple of Python ints or floats (other values as they are)."""
    if isinstance(value, np.ndarray):
        return tuple(value.reshape(-1).tolist())
    return value

class Compiler:
    """Turns a Scenario + Pack into Rules; `problems` lists everything wrong."""

    def __init__(self, scenario: Scenario, scenario_file: str, pack: Pack):
        self.scenario = scenario
        self.scenario_file = scenario_file
        self.pack = pack
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = list(pack.notes)  # replaced items, expressions that can overflow, … (`validate --warnings`)
        self.seen: set[Problem] = set()
        self.programs = _Programs()
        self.tracks: list[TrackInfo] = []
        self.track_index: dict[str, int] = {}
        self.derived: list[tuple[int, str, str, str]] = []  # (track, expr, file, item)
        self.traits: dict[str, float] = {}
        self.factions = list(pack.items("factions"))
        self.faction_index = {f.id: i for i, f in enumerate(self.factions)}
        disabled = set(scenario.disable)
        self.moves = [m for m in pack.items("moves") if m.id not in disabled]
        # played() of a move left out by the scenario or removed by an extending pack is 0
        self.left_out_moves = {m.id for m in pack.items("moves") if m.id in disabled} | {
            ident for ident, key in pack.removed.items() if key == "moves"}
        self.move_index = {m.id: i for i, m in enumerate(self.moves)}
        self.events = [e for e in pack.items("events") if e.id not in disabled] + list(scenario.injects)
        self.scenario_events = {e.id for e in scenario.injects}  # the scenario file's own injects
        self.rules = [r for r in pack.items("rules") if r.id not in disabled]
        self.effects: list[EffectInfo] = []
        self.eff_rows: list[tuple[int, int, int, int, float]] = []
        self.pending_starts: list[tuple[int, ex.Node, str, str, str]] = []  # (program, tree, file, item, where)

    # ---- problems --------------------------------------------------------------------------

    def problem(self, file: str, item: str, where: str, message: str, suggestion: str | None = None) -> None:
        found = Problem(file, item, where, message, suggestion)
        if found not in self.seen:  # a set: a pack with thousands of problems is reported in linear time
            self.seen.add(found)
            self.problems.append(found)

    def origin(self, key: str, ident: str) -> str:
        if key == "events" and ident in self.scenario_events:
            return self.scenario_file
        return self.pack.origin.get((key, ident), self.pack.name)

    # ---- tracks ----------------------------------------------------------------------------

    def add_track(self, info: TrackInfo, file: str, item: str) -> None:
        if info.id in self.track_index:
            first = self.tracks[self.track_index[info.id]]
            if not first.group == info.group == "core":  # two declared tracks: check_unique reported it
                already = "declared in tracks" if first.group == "core" else f"a {first.group} track"
                self.problem(file, item, "id", f"duplicate track id {info.id!r} (already {already})")
            return
        self.track_index[info.id] = len(self.tracks)
        self.tracks.append(info)

    def build_tracks(self) -> None:
        self.check_unique()
        for t in self.pack.items("tracks"):
            file = self.origin("tracks", t.id)
            self.add_track(
                TrackInfo(t.id, t.name, t.min, t.max, t.start, t.public, t.derive is not None, "core", tuple(t.sources), t.text,
                          tuple(t.announce), t.headline),
                file,
                f"track {t.id}",
            )
            if t.derive is not None:
                self.derived.append((self.track_index[t.id], t.derive, file, f"track {t.id}"))
        channels = [c.id for c in self.pack.items("channels")]
        made = sum(len(self.factions) * (len(channels) + 1) for r in self.pack.items("regions") if r.contested) + sum(
            1 + len(self.factions) for _ in self.pack.items("institutions"))
        if len(self.tracks) + made > limits.TRACKS:  # regions x factions x channels: refused before it is built
            self.problem(self.pack.name, "", "regions", f"the pack makes {len(self.tracks) + made:,} tracks (its own, one "
                         f"per faction and channel in each contested region, and the institutions'), over the limit "
                         f"of {limits.TRACKS:,}")
            raise ContentError(self.problems)  # the other checks would only report the tracks not made
        for region in self.pack.items("regions"):
            self.build_region(region, channels)
        for inst in self.pack.items("institutions"):
            file, item = self.origin("institutions", inst.id), f"institution {inst.id}"
            self.add_track(
                TrackInfo(f"{inst.id}.strength", f"{inst.name} strength", 0, 100, inst.strength, True, False,
                          "institution", tuple(inst.sources)), file, item)
            for member in inst.members:
                self.check_faction(member, file, item, "members")
            for f in self.factions:
                self.add_track(
                    TrackInfo(f"{inst.id}.member.{f.id}", f"{f.name} in {inst.name}", 0, 1,
                              1.0 if f.id in inst.members else 0.0, True, False, "membership", tuple(inst.sources)),
                    file, item)
        for f in self.factions:
            if f"{f.id}.soft_power" not in self.track_index:
                self.problem(self.origin("factions", f.id), f"faction {f.id}", "id",
                             f"needs a track '{f.id}.soft_power' (it feeds every region's influence)")

    def build_region(self, region: Any, channels: list[str]) -> None:
        file, item = self.origin("regions", region.id), f"region {region.id}"
        for key, value in region.traits.items():
            self.traits[f"{region.id}.{key}"] = value
        if region.kind == "sea":
            start = region.tension_start if region.tension_start is not None else 0.0
            self.add_track(TrackInfo(f"{region.id}.tension", f"{region.name} tension", 0, 100, start, True, False,
                                     "tension", tuple(region.sources)), file, item)
        elif region.tension_start is not None:
            self.problem(file, item, "tension_start", "only sea zones have a tension track")
        for ch in region.channel_weights:
            if ch not in channels:
                self.problem(file, item, f"channel_weights.{ch}", f"unknown channel {ch!r}", did_you_mean(ch, channels))
        for fid, values in region.influence.items():
            self.check_faction(fid, file, item, f"influence.{fid}")
            for ch in values:
                if ch not in channels:
                    self.problem(file, item, f"influence.{fid}.{ch}", f"unknown channel {ch!r}", did_you_mean(ch, channels))
        if not region.contested:
            if region.influence:
                self.problem(file, item, "influence", "only contested regions have influence (set contested: true)")
            return
        if not channels:
            self.problem(file, item, "contested", "a contested region needs channels declared in the pack")
            return
        for f in self.factions:
            terms = []
            for ch in channels:
                tid = f"{region.id}.{f.id}.{ch}"
                start = region.influence.get(f.id, {}).get(ch, 0.0)
                self.add_track(TrackInfo(tid, f"{f.adjective} {ch} in {region.name}", 0, 100, start, True, False,
                                         "channel", tuple(region.sources)), file, item)
                terms.append(f"{region.channel_weights.get(ch, 1.0)!r} * {tid}")
            total_weight = sum(region.channel_weights.get(ch, 1.0) for ch in channels) + region.soft_power_weight
            expr = f"({' + '.join(terms)} + {region.soft_power_weight!r} * {f.id}.soft_power) / {total_weight!r}"
            tid = f"{region.id}.{f.id}"
            self.add_track(TrackInfo(tid, f"{f.adjective} influence in {region.name}", 0, 100, 0.0, True, True,
                                     "influence", tuple(region.sources)), file, item)
            if tid in self.track_index and self.tracks[self.track_index[tid]].derived:
                self.derived.append((self.track_index[tid], expr, file, item))

    def check_unique(self) -> None:
        for key in ("factions", "tracks", "channels", "regions", "institutions", "moves", "events", "rules", "doctrines"):
            seen: dict[str, int] = {}
            for item in self.pack.items(key):
                seen[item.id] = seen.get(item.id, 0) + 1
            for ident, count in seen.items():
                if count > 1:
                    self.problem(self.origin(key, ident), f"{key[:-1]} {ident}", "id",
                                 f"duplicate id {ident!r} ({count} {key} use it)")
        pack_events = {e.id for e in self.pack.items("events")}
        for k, ev in enumerate(self.scenario.injects):
            if ev.id in pack_events or sum(e.id == ev.id for e in self.scenario.injects) > 1:
                self.problem(self.scenario_file, f"scenario {self.scenario.id}", f"injects[{k}].id",
                             f"duplicate event id {ev.id!r} (an inject needs an id no other event has)")

    def check_faction(self, fid: str, file: str, item: str, where: str) -> bool:
        if fid in self.faction_index:
            return True
        self.problem(file, item, where, f"unknown faction {fid!r}", did_you_mean(fid, self.faction_index))
        return False

    def ordered_derived(self) -> list[tuple[int, str, str, str]]:
        """Derived tracks in dependency order, so each is computed after the derived tracks it reads."""
        by_track = {d[0]: d for d in self.derived}
        deps: dict[int, set[int]] = {}
        for t, expr, _, _ in self.derived:
            try:
                names = ex.names(ex.parse(expr))
            except ex.ExprError:
                names = set()  # reported when compiled
            deps[t] = {self.track_index[n] for n in names if self.track_index.get(n) in by_track}
        ordered: list[tuple[int, str, str, str]] = []
        done: set[int] = set()
        while len(done) < len(by_track):
            ready = [t for t, _, _, _ in self.derived if t not in done and deps[t] <= done]
            if not ready:
                stuck = [t for t in by_track if t not in done]
                _, _, file, item = by_track[stuck[0]]
                cycle = ", ".join(self.tracks[t].id for t in stuck)
                self.problem(file, item, "derive", f"derived tracks depend on each other in a cycle: {cycle}")
                return ordered
            for t in ready:
                done.add(t)
                ordered.append(by_track[t])
        return ordered

    # ---- expressions -----------------------------------------------------------------------

    def resolver(self) -> ex.Resolver:
        turns = float(self.scenario.turns)
        n_moves = len(self.moves)

        def constant(name: str) -> float | None:
            return turns if name == "turns" else self.traits.get(name)

        def played(faction: str, move: str) -> int | None:
            if faction not in self.faction_index:
                return None
            if move in self.left_out_moves:
                return ex.NEVER_PLAYED
            if move not in self.move_index:
                return None
            return self.faction_index[faction] * n_moves + self.move_index[move]

        return ex.Resolver(self.track_index.get, constant, played)

    def expression(self, text: str | float, file: str, item: str, where: str) -> int:
        """Compile an expression (or number) to a program id; -1 after recording a problem."""
        if isinstance(text, (int, float)):
            return self.programs.add([(ex.Op.CONST, 0, float(text))])
        if "{target}" in text:  # left after substitution: there is no target here
            self.problem(file, item, where, f"uses {{target}} but {item} has no target")
            return -1
        try:
            tree = ex.parse(text)
        except ex.ExprError as exc:
            self.problem(file, item, where, str(exc))
            return -1
        for why in overflow_warnings(text):
            self.warnings.append(Problem(file, item, where, f"can yield NaN or infinity: {why}"))
        known = list(self.track_index) + list(self.traits) + ["turn", "turns"]
        ok = True
        for name in sorted(ex.names(tree)):
            if name not in self.track_index and name not in self.traits and name not in ("turn", "turns"):
                self.problem(file, item, where, f"unknown track {name!r}", did_you_mean(name, known))
                ok = False
        for faction, move in sorted(ex.played_refs(tree)):
            if faction not in self.faction_index:
                self.problem(file, item, where, f"played(): unknown faction {faction!r}", did_you_mean(faction, self.faction_index))
                ok = False
            if move not in self.move_index and move not in self.left_out_moves:
                self.problem(file, item, where, f"played(): unknown move {move!r}", did_you_mean(move, self.move_index))
                ok = False
        if not ok:
            return -1
        if ex.starts(tree):
            if where == "derive":
                self.problem(file, item, where, "start() cannot be used in a derived track's formula: the start state "
                             "is computed from the derived tracks")
                return -1
            prog = self.programs.add([])  # compiled once the start state is known (fill_starts)
            self.pending_starts.append((prog, tree, file, item, where))
            return prog
        try:
            return self.programs.add(ex.compile_node(tree, self.resolver()))
        except ex.ExprError as exc:
            self.problem(file, item, where, str(exc))
            return -1

    # ---- effects ---------------------------------------------------------------------------

    def effect_rows(self, effects: list, owner_kind: str, owner_id: str, cause: str, sources: list[str],
                    file: str, item: str, target: str | None = None) -> tuple[int, int]:
        """Compile a list of effects into rows; returns the [lo, hi) range."""
        lo = len(self.eff_rows)
        sub = lambda text: _fill(text, target)  # noqa: E731
        for i, eff in enumerate(effects):
            where = f"effects[{i}]"
            when = self.expression(sub(eff.when), file, item, f"{where}.when") if eff.when else -1
            if isinstance(eff, EndGameEffect):
                track, mode, amount = -1, 2, -1
            else:
                mode = 0 if isinstance(eff, AddEffect) else 1
                value = eff.add if isinstance(eff, AddEffect) else eff.set
                amount = self.expression(sub(value) if isinstance(value, str) else value, file, item,
                                         f"{where}.{EFFECT_MODES[mode]}")
                tid = sub(eff.track)
                track = self.track_index.get(tid, -1)
                if "{target}" in eff.track and target is None:
                    self.problem(file, item, f"{where}.track", "uses {target} but the move has no target")
                elif track < 0:
                    self.problem(file, item, f"{where}.track", f"unknown track {tid!r}", did_you_mean(tid, self.track_index))
                elif self.tracks[track].derived:
                    self.problem(file, item, f"{where}.track",
                                 f"track {tid!r} is derived from other tracks; change one of its inputs instead")
            self.eff_rows.append((track, mode, amount, when, eff.chance))
            self.effects.append(EffectInfo(owner_kind, owner_id, cause, self.tracks[track].id if track >= 0 else None,
                                           tuple(eff.sources or sources), eff.note, eff.chance))
        return lo, len(self.eff_rows)

    # ---- moves, events, rules, scoring -----------------------------------------------------

    def build_actions(self) -> tuple[list[ActionInfo], list[tuple]]:
        actions: list[ActionInfo] = []
        rows: list[tuple] = []
        kinds = {"region": [r.id for r in self.pack.items("regions")],
                 "institution": [i.id for i in self.pack.items("institutions")],
                 "faction": list(self.faction_index)}
        for move in self.moves:
            file, item = self.origin("moves", move.id), f"move {move.id}"
            partners = [p for p in move.partners if self.check_faction(p, file, item, "faction")]
            if len(set(move.partners)) != len(move.partners):
                self.problem(file, item, "faction", "a joint move lists a partner twice")
            for p in partners:
                ap = self.factions[self.faction_index[p]].action_points
                if move.cost.ap > ap:
                    self.problem(file, item, "cost.ap", f"costs {move.cost.ap} action points but {p} has only {ap}")
            mask = sum(1 << self.faction_index[p] for p in partners)
            targets: list[str | None] = [None]
            if move.target is not None:
                valid = kinds[move.target.kind]
                targets = []
                for j, option in enumerate(move.target.options):
                    if option in valid:
                        targets.append(option)
                    else:
                        self.problem(file, item, f"target.options[{j}]", f"unknown {move.target.kind} {option!r}",
                                     did_you_mean(option, valid))
            for target in targets:
                requires = self.expression(_fill(move.requires, target), file, item, "requires") if move.requires else -1
                lo, hi = self.effect_rows(move.effects, "move", move.id, move.name, move.sources, file, item, target)
                actions.append(ActionInfo(len(actions), move, target))
                rows.append((self.move_index[move.id], mask, move.cost.ap, move.cost.budget, requires, lo, hi))
        return actions, rows

    def build_events(self) -> tuple[list[tuple], np.ndarray]:
        rows = []
        sched = np.full(self.scenario.turns + 2, -1, dtype=np.int64)
        for k, ev in enumerate(self.events):
            file, item = self.origin("events", ev.id), f"event {ev.id}"
            weight = self.expression(ev.weight, file, item, "weight")
            if ev.kind == "drawn":
                self.check_weight(ev.weight, file, item)
            if ev.kind == "scheduled" and ev.id not in self.scenario.schedule and ev.id not in self.scenario_events:
                if ev.turns and min(ev.turns) > self.scenario.turns:
                    self.warnings.append(Problem(file, item, "turns", (
                        f"scheduled on turn{'s' if len(ev.turns) > 1 else ''} {', '.join(map(str, ev.turns))}, after "
                        f"scenario {self.scenario.id}'s last turn ({self.scenario.turns}): it never happens there; "
                        "move it with the scenario's schedule:, or disable: it")))
            when = self.expression(ev.when, file, item, "when") if ev.when else -1
            lo, hi = self.effect_rows(ev.effects, "event", ev.id, ev.name, ev.sources, file, item)
            rows.append((EVENT_KINDS.index(ev.kind), weight, when, int(ev.once), lo, hi))
            if ev.kind == "scheduled":
                for turn in self.scenario.schedule.get(ev.id, ev.turns):
                    if turn > self.scenario.turns:
                        continue
                    if sched[turn] >= 0:
                        other = self.events[sched[turn]].id
                        self.problem(file, item, "turns", f"turn {turn} already has scheduled event {other!r}")
                    sched[turn] = k
        kinds = {e.id: e.kind for e in self.events}
        known = [e.id for e in self.events if e.kind == "scheduled"]
        for ev_id, turns in self.scenario.schedule.items():
            where = (self.scenario_file, f"scenario {self.scenario.id}", f"schedule.{ev_id}")
            if ev_id in kinds and kinds[ev_id] != "scheduled":
                self.problem(*where, f"{ev_id} is a {kinds[ev_id]} event; only scheduled events can be scheduled "
                             "(make it kind: scheduled with turns:, or leave it out of schedule:)")
            elif ev_id not in known:
                self.problem(*where, f"unknown scheduled event {ev_id!r}", did_you_mean(ev_id, known))
            for j, turn in enumerate(turns):
                if turn > self.scenario.turns:
                    self.problem(self.scenario_file, f"scenario {self.scenario.id}", f"schedule.{ev_id}[{j}]",
                                 f"turn {turn} is after the scenario's last turn ({self.scenario.turns} turns): the "
                                 f"event would never happen; schedule it on turns 1 to {self.scenario.turns}")
        return rows, sched

    def check_weight(self, weight: str | float, file: str, item: str) -> None:
        """A drawn event whose weight is a constant of 0 or less is never drawn: refused, saying so."""
        if isinstance(weight, str):
            try:
                folded = ex.fold(ex.parse(weight))  # the expression language's own constant folding
            except ex.ExprError:
                return  # reported where it is compiled
            value = folded.value if isinstance(folded, ex.Num) else None
        else:
            value = float(weight)
        if value is None or value > 0:
            return
        written = f"{value:g}" if not isinstance(weight, str) else f"{weight!r}, always {value:g},"
        why = "is negative" if value < 0 else "can only be 0"
        self.problem(file, item, "weight", f"the weight {written} {why}: a drawn event is drawn with a chance in "
                     "proportion to its weight, so this one never happens; give it a weight above 0, or disable: it")

    def build_rules(self) -> list[tuple]:
        rows = []
        for rule in self.rules:
            file, item = self.origin("rules", rule.id), f"rule {rule.id}"
            when = self.expression(rule.when, file, item, "when") if rule.when else -1
            lo, hi = self.effect_rows(rule.effects, "rule", rule.id, rule.name, rule.sources, file, item)
            rows.append((when, lo, hi))
        return rows

    def build_scenario(self) -> tuple[list, np.ndarray]:
        sc, file, item = self.scenario, self.scenario_file, f"scenario {self.scenario.id}"
        start = np.array([t.start for t in self.tracks], dtype=np.float64)
        for tid, value in sc.start.items():
            index = self.track_index.get(tid)
            if index is None:
                self.problem(file, item, f"start.{tid}", f"unknown track {tid!r}", did_you_mean(tid, self.track_index))
                continue
            info = self.tracks[index]
            if info.derived:
                self.problem(file, item, f"start.{tid}", "is derived from other tracks; set its inputs instead")
            elif not info.min <= value <= info.max:
                self.problem(file, item, f"start.{tid}", f"{value:g} is outside the track's bounds [{info.min:g}, {info.max:g}]")
            else:
                start[index] = value
        all_ids = [m.id for m in self.pack.items("moves")] + [e.id for e in self.pack.items("events")] + [r.id for r in self.pack.items("rules")] + list(self.pack.removed)
        for i, ident in enumerate(sc.disable):
            if ident not in all_ids:
                self.problem(file, item, f"disable[{i}]", f"unknown move, event or rule {ident!r}", did_you_mean(ident, all_ids))
        for fid in sc.seats:
            self.check_faction(fid, file, item, f"seats.{fid}")
        terms = []
        for fid, fterms in sc.scoring.items():
            if not self.check_faction(fid, file, item, f"scoring.{fid}"):
                continue
            for j, term in enumerate(fterms):
                prog = self.expression(term.expr, file, item, f"scoring.{fid}[{j}].expr")
                terms.append((fid, term, prog))
        for f in self.factions:
            if f.id not in sc.scoring:
                self.problem(file, item, "scoring", f"faction {f.id!r} has no scoring terms")
        return terms, start

    def check_movesless(self) -> None:
        """A faction with no moves in the pack (its moves file missing, say) is named once, as the cause; the
        references to its moves that fail for that reason are left out rather than listed by the dozen."""
        for f in self.factions:
            if any(f.id in m.partners for m in self.pack.items("moves")):
                continue
            path = self.pack.root / "moves" / f"{f.id}.yaml"
            self.problems = [p for p in self.problems if not re.search(rf"unknown move(, event or rule)? '{re.escape(f.id)}\.",
                                                                     p.message)]
            self.problem(display_path(path), f"faction {f.id}", "",
                         f"{'has no moves' if path.exists() else 'is missing'}: {f.name} has no moves (no move of the "
                         f"pack has faction: {f.id}); its moves go in this file")

    # ---- start() ---------------------------------------------------------------------------

    def fill_starts(self, start: np.ndarray, derived_rows: list[tuple[int, int]]) -> None:
        """Compile the expressions that use start(), each start(arg) replaced by arg's value on the start state.

        The start state is what a new game begins with: the start values, derived tracks computed as
        the engine computes them (in dependency order on turn 0, each clamped to its bounds), nothing
        played, turn 1. `ex.evaluate` does the kernel's float64 arithmetic in the kernel's order, so
        each value is the one the engine would compute, to the bit.
        """
        base = self.resolver()
        at_start = ex.Resolver(base.track, base.constant,
                               lambda f, m: None if base.played(f, m) is None else ex.NEVER_PLAYED)
        args: list[ex.Node] = []
        for _, tree, _, _, _ in self.pending_starts:
            args += [a for a in ex.starts(tree) if a not in args]
        try:
            programs = [ex.compile_node(a, at_start) for a in args]
        except ex.ExprError as exc:
            _, _, file, item, where = self.pending_starts[0]
            self.problem(file, item, where, str(exc))
            return
        x = [float(v) for v in start]
        nothing_played = [0] * (len(self.factions) * len(self.moves))
        for track, prog in derived_rows:
            value = ex.evaluate(self.programs.programs[prog], x, nothing_played, 0.0)
            low, high = float(self.tracks[track].min), float(self.tracks[track].max)
            value = low if low > value else value  # the native clamp's comparisons, so NaN stays NaN
            x[track] = high if high < value else value
        values = [ex.evaluate(p, x, nothing_played, 1.0) for p in programs]
        for prog, tree, file, item, where in self.pending_starts:
            resolved = ex.replace_starts(tree, lambda a: values[args.index(a)])
            try:
                self.programs.set(prog, ex.compile_node(resolved, self.resolver()))
            except ex.ExprError as exc:
                self.problem(file, item, where, str(exc))

    # ---- all -------------------------------------------------------------------------------

    def compile(self, scenario_path: Path, files: list[Path]) -> Rules:
        if not self.factions:
            self.problem(self.pack.name, "", "factions", "the content pack declares no factions")
        self.build_tracks()
        for f in self.factions:
            if f.budget_track not in self.track_index:
                self.problem(self.origin("factions", f.id), f"faction {f.id}", "budget_track",
                             f"unknown track {f.budget_track!r}", did_you_mean(f.budget_track, self.track_index))
            if f.influence_track is not None and f.influence_track not in self.track_index:
                self.problem(self.origin("factions", f.id), f"faction {f.id}", "influence_track",
                             f"unknown track {f.influence_track!r}", did_you_mean(f.influence_track, self.track_index))
        derived_rows = [(t, self.expression(expr, file, item, "derive")) for t, expr, file, item in self.ordered_derived()]
        actions, act_rows = self.build_actions()
        ev_rows, sched = self.build_events()
        rule_rows = self.build_rules()
        terms, start = self.build_scenario()
        doctrines = build_doctrines(self, actions)
        self.check_movesless()
        if self.pending_starts and not self.problems:
            self.fill_starts(start, derived_rows)
        if self.problems:
            raise ContentError(self.problems)
        self.warnings += reach_warnings(self)
        return self.assemble(scenario_path, files, derived_rows, actions, act_rows, ev_rows, sched, rule_rows, terms, start,
                             doctrines)

    def assemble(self, scenario_path, files, derived_rows, actions, act_rows, ev_rows, sched, rule_rows, terms, start,
                 doctrines) -> Rules:
        i64 = lambda v: np.asarray(v, dtype=np.int64).reshape(-1)  # noqa: E731
        f64 = lambda v: np.asarray(v, dtype=np.float64).reshape(-1)  # noqa: E731
        col = lambda rows, k, conv: conv([r[k] for r in rows])  # noqa: E731
        tables = Tables(
            track_min=f64([t.min for t in self.tracks]), track_max=f64([t.max for t in self.tracks]), track_start=start,
            derived_track=col(derived_rows, 0, i64), derived_prog=col(derived_rows, 1, i64),
            programs=self.programs.frozen,
            eff_track=col(self.eff_rows, 0, i64), eff_mode=col(self.eff_rows, 1, i64), eff_amount=col(self.eff_rows, 2, i64),
            eff_when=col(self.eff_rows, 3, i64), eff_chance=col(self.eff_rows, 4, f64),
            act_move=col(act_rows, 0, i64), act_partners=col(act_rows, 1, i64), act_ap=col(act_rows, 2, i64),
            act_budget=col(act_rows, 3, f64), act_requires=col(act_rows, 4, i64), act_eff_lo=col(act_rows, 5, i64),
            act_eff_hi=col(act_rows, 6, i64),
            faction_ap=i64([f.action_points for f in self.factions]),
            faction_budget=i64([self.track_index[f.budget_track] for f in self.factions]),
            ev_kind=col(ev_rows, 0, i64), ev_weight=col(ev_rows, 1, i64), ev_when=col(ev_rows, 2, i64),
            ev_once=col(ev_rows, 3, i64), ev_eff_lo=col(ev_rows, 4, i64), ev_eff_hi=col(ev_rows, 5, i64),
            sched=sched,
            rule_when=col(rule_rows, 0, i64), rule_eff_lo=col(rule_rows, 1, i64), rule_eff_hi=col(rule_rows, 2, i64),
            score_faction=i64([self.faction_index[t[0]] for t in terms]), score_prog=i64([t[2] for t in terms]),
            score_weight=f64([t[1].weight for t in terms]),
            n_turns=int(self.scenario.turns), n_moves=len(self.moves),
            doc_faction=doctrines[1].faction, doc_weight=doctrines[1].weight, doc_rule_start=doctrines[1].rule_start,
            doc_rule_when=doctrines[1].rule_when, doc_rule_add=doctrines[1].rule_add,
            doc_rule_act_start=doctrines[1].rule_act_start, doc_rule_act=doctrines[1].rule_act,
            faction_doc_start=doctrines[1].faction_start, doc_neg=doctrines[1].neg,
            doc_variety=doctrines[1].variety,
            doc_neg_propose=doctrines[1].neg_propose, doc_neg_accept=doctrines[1].neg_accept,
            doc_neg_rule_start=doctrines[1].neg_rule_start, doc_neg_rule_when=doctrines[1].neg_rule_when,
            doc_neg_rule_add=doctrines[1].neg_rule_add, doc_neg_rule_act_start=doctrines[1].neg_rule_act_start,
            doc_neg_rule_act=doctrines[1].neg_rule_act,
        )
        tables = Tables(*(plain(v) for v in tables))  # the rules hold plain frozen data; the engine makes its arrays
        return Rules(
            scenario=self.scenario, scenario_path=scenario_path, pack=self.pack, content_hash=content_hash(files),
            factions=tuple(self.factions), tracks=tuple(self.tracks), moves=tuple(self.moves), actions=tuple(actions),
            events=tuple(self.events), standing_rules=tuple(self.rules), effects=tuple(self.effects),
            score_terms=tuple((t[0], t[1]) for t in terms), region_traits=dict(self.traits), tables=tables,
            faction_index=dict(self.faction_index), track_index=dict(self.track_index), move_index=dict(self.move_index),
            action_index={(a.move.id, a.target): a.index for a in actions},
            event_index={e.id: i for i, e in enumerate(self.events)}, doctrines=tuple(doctrines[0]),
            warnings=tuple(dict.fromkeys(self.warnings)),
        )


def _fill(text: str, target: str | None) -> str:
    """`text` with `{target}` replaced by the order's target (unchanged for a move without one)."""
    return text.replace("{target}", target) if target else text


def compile_file(scenario_path: Path) -> Rules:
    """Compile a scenario file and its pack; raises ContentError listing every problem.

    Schema problems of the scenario and of every pack file are reported together; names are
    cross-checked once every file has the right shape.
    """
    from game.rules.files import read_model

    scenario, raw, problems = read_model(scenario_path, Scenario)
    checked = scenario
    if scenario is None and isinstance(raw, dict):
        problems = [p if p.item else replace(p, item=f"scenario {shown_id(raw.get('id', '?'))}") for p in problems]
        checked = _stand_in(raw, problems)
    content = checked.content if checked else (raw.get("content") if isinstance(raw, dict) else None)
    if not isinstance(content, str) or not content:
        content = "base"
    pack, pack_problems = read_pack(content, scenario_path.parent)
    pack_problems = [_empty_moves(p, pack) for p in pack_problems]
    item = f"scenario {scenario.id}" if scenario else ""
    # a refused or unknown pack is the mistake of the scenario's `content:` line
    pack_problems = [replace(p, file=display_path(scenario_path), item=item) if p.field == "content" and p.file == content
                     else p for p in pack_problems]
    problems += pack_problems
    if scenario is None and checked is not None and not pack_problems:
        # the scenario's other fields can still be cross-checked against the pack
        try:
            Compiler(checked, display_path(scenario_path), pack).compile(scenario_path, [scenario_path, *pack.files])
        except ContentError as exc:
            broken = {p.field.split(".")[0].split("[")[0] for p in problems}
            problems += [p for p in exc.problems if p.field.split(".")[0].split("[")[0] not in broken]
    if problems or scenario is None:
        raise ContentError(problems)
    compiler = Compiler(scenario, display_path(scenario_path), pack)
    return compiler.compile(scenario_path, [scenario_path, *pack.files])


def _empty_moves(problem: Problem, pack: Pack) -> Problem:
    """An empty `moves/<faction>.yaml` named for what it means: that faction has no moves."""
    from game.rules.files import EMPTY

    if problem.message != EMPTY or Path(problem.file).parent.name != "moves":
        return problem
    faction = next((f for f in pack.items("factions") if f.id == Path(problem.file).stem), None)
    if faction is None or any(faction.id in m.partners for m in pack.items("moves")):
        return problem
    return replace(problem, message=f"is empty: {faction.name} has no moves")


# neutral values for required scenario fields that failed the schema, so the rest can be checked
_STAND_INS = {"id": "scenario", "title": "?", "turns": 40, "start_year": 2000, "scoring": {}}


def _stand_in(raw: dict, problems: list[Problem]) -> Scenario | None:
    """The scenario with its broken fields dropped (or stood in for), or None if even that fails."""
    broken = {p.field.split(".")[0].split("[")[0] for p in problems}
    repaired = {k: v for k, v in raw.items() if k not in broken and k in Scenario.model_fields}
    for key, value in _STAND_INS.items():
        if key in broken or key not in repaired:
            repaired[key] = value
    try:
        return Scenario.model_validate(repaired)
    except Exception:
        return None


def check_paths(paths: list[Path], scenarios: Sequence[Path] = (),
                warnings: list[Problem] | None = None) -> tuple[list[Problem], int]:
    """Every problem in the given scenario or content files (folders are searched for YAML files).

    A content file is checked against the schema, and every scenario in `scenarios` (the shipped
    ones, `game.scenarios.check_paths`) using its pack is compiled so that cross-references are
    checked too. Returns (problems, files checked).
    """
    from game.rules.files import CONTENT_ROOT, PACK_FILE, resolved, files_to_check, read_yaml, validate_model
    from game.rules.schema import ContentFile, PackFile

    files, problems = files_to_check(paths)
    checked: list[Path] = []  # scenarios to compile
    ids: dict[str, Path] = {}  # scenario id -> the first file given that has it
    packs: set[Path] = set()
    for path in files:
        raw, found = read_yaml(path)
        if isinstance(raw, dict) and found == [] and _is_scenario(raw):
            checked.append(path)
            ident = raw.get("id")
            if isinstance(ident, str) and ident in ids and resolved(ids[ident]) != resolved(path):
                problems.append(Problem(display_path(path), f"scenario {shown_id(ident)}", "id", (
                    f"scenario id {ident!r} is already the id of {display_path(ids[ident])}; give each scenario its "
                    "own id (--scenario, the window's list and saves find a scenario by it)")))
            if isinstance(ident, str):
                ids.setdefault(ident, path)
            continue
        problems += found or validate_model(path, raw, PackFile if path.name == PACK_FILE else ContentFile)[2]
        for parent in resolved(path).parents:
            if parent.parent == CONTENT_ROOT.resolve():
                packs.add(parent)
    for path in scenarios if packs else ():
        scenario, _ = read_scenario(path)
        if scenario is not None and pack_root_of(scenario, path) in packs and path not in checked:
            checked.append(path)
    for path in checked:
        try:
            compiled = compile_file(path)
        except ContentError as exc:
            problems += exc.problems
        else:
            if warnings is not None:
                warnings += [w for w in compiled.warnings if w not in warnings]
    return list(dict.fromkeys(problems)), len(files)


def _is_scenario(raw: dict) -> bool:
    """A scenario has its own keys (turns, scoring, title); a content file has lists of items."""
    return bool({"turns", "scoring", "title", "start_year"} & set(raw)) and not set(raw) & set(ContentFile.model_fields)


def pack_root_of(scenario: Scenario, scenario_path: Path) -> Path:
    from game.rules.files import pack_root

    return pack_root(scenario.content, scenario_path.parent).resolve()
