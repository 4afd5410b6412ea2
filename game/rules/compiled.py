"""The compiled, read-only rules of one scenario: names for people, and flat tables of plain numbers for the kernel."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from game import i18n
from game.rules.files import Pack
from game.rules.schema import Announcement, Doctrine, Event, Faction, Move, Rule, Scenario, ScoreTerm

FactionId = str
TrackId = str
MoveId = str


class Tables(NamedTuple):
    """Everything the kernel and its native code are built from: flat tuples of ints or floats, and the programs.

    Plain frozen data: lowering (`game.engine.tables.pack`) copies each field into the kernel's own numpy
    arrays and the native code generator reads the numbers as they are; a reader that indexes a column with
    an array makes its own (`np.asarray(rules.tables.act_move)`)."""

    track_min: tuple[float, ...]
    track_max: tuple[float, ...]
    track_start: tuple[float, ...]
    derived_track: tuple[int, ...]  # [D] track index recomputed after each phase
    derived_prog: tuple[int, ...]  # [D] its program
    programs: tuple[tuple[tuple[int, int, float], ...], ...]  # [P] each program's postfix instructions
    # (opcode of game.rules.expressions.Op, integer argument: track index or played slot, float argument: constant),
    # read as they are by the native code generator (game.engine.native)
    eff_track: tuple[int, ...]  # [E] target track, -1 for end_game
    eff_mode: tuple[int, ...]  # [E] 0 add, 1 set, 2 end_game
    eff_amount: tuple[int, ...]  # [E] program, -1 for end_game
    eff_when: tuple[int, ...]  # [E] program or -1
    eff_chance: tuple[float, ...]  # [E]
    act_move: tuple[int, ...]  # [A] move index of each action (move x target)
    act_partners: tuple[int, ...]  # [A] bitmask of factions that must all order it
    act_ap: tuple[int, ...]  # [A]
    act_budget: tuple[float, ...]  # [A]
    act_requires: tuple[int, ...]  # [A] program or -1
    act_eff_lo: tuple[int, ...]  # [A]
    act_eff_hi: tuple[int, ...]  # [A]
    faction_ap: tuple[int, ...]  # [F]
    faction_budget: tuple[int, ...]  # [F] budget track index
    ev_kind: tuple[int, ...]  # [V] 0 scheduled, 1 drawn, 2 triggered
    ev_weight: tuple[int, ...]  # [V] program
    ev_when: tuple[int, ...]  # [V] program or -1
    ev_once: tuple[int, ...]  # [V]
    ev_eff_lo: tuple[int, ...]
    ev_eff_hi: tuple[int, ...]
    sched: tuple[int, ...]  # [turns + 2] event scheduled on each turn, -1 none
    rule_when: tuple[int, ...]  # [R] program or -1
    rule_eff_lo: tuple[int, ...]
    rule_eff_hi: tuple[int, ...]
    score_faction: tuple[int, ...]  # [S]
    score_prog: tuple[int, ...]  # [S]
    score_weight: tuple[float, ...]  # [S]
    n_turns: int
    n_moves: int
    # doctrines (bot personalities, game.rules.doctrines): D doctrines, J rules
    doc_faction: tuple[int, ...] = ()  # [D]
    doc_weight: tuple[float, ...] = ()  # [D * A]
    doc_rule_start: tuple[int, ...] = (0,)  # [D + 1]
    doc_rule_when: tuple[int, ...] = ()  # [J] program or -1
    doc_rule_add: tuple[float, ...] = ()  # [J]
    doc_rule_act_start: tuple[int, ...] = (0,)  # [J + 1]
    doc_rule_act: tuple[int, ...] = ()
    faction_doc_start: tuple[int, ...] = ()  # [F + 1], empty: no doctrines
    # how each doctrine negotiates joint moves (its `negotiation:` block): K negotiation rules
    doc_neg: tuple[int, ...] = ()  # [D] 1 if the doctrine negotiates
    doc_variety: tuple[float, ...] = ()  # [D] how far below its top weight a move may be and still be chosen
    doc_neg_propose: tuple[float, ...] = ()  # [D] the weight a joint move needs for it to propose it
    doc_neg_accept: tuple[float, ...] = ()  # [D] the weight a joint move needs for it to accept (or counter with) it
    doc_neg_rule_start: tuple[int, ...] = (0,)  # [D + 1]
    doc_neg_rule_when: tuple[int, ...] = ()  # [K] program or -1
    doc_neg_rule_add: tuple[float, ...] = ()  # [K]
    doc_neg_rule_act_start: tuple[int, ...] = (0,)  # [K + 1]
    doc_neg_rule_act: tuple[int, ...] = ()


EVENT_KINDS = ("scheduled", "drawn", "triggered", "inject")  # the kernel never plays an inject itself
EFFECT_MODES = ("add", "set", "end_game")


@dataclass(frozen=True)
class TrackInfo:
    id: TrackId
    name: str
    min: float
    max: float
    start: float
    public: bool
    derived: bool
    group: str  # core, influence, channel, tension, institution, membership
    sources: tuple[str, ...] = ()
    text: str = ""
    announce: tuple[Announcement, ...] = ()  # headlines for reaching a value
    headline: bool = False  # a declared track's `headline`: previews show it first, even unchanged


@dataclass(frozen=True)
class ActionInfo:
    """A move with its target fixed: what an order names."""

    index: int
    move: Move
    target: str | None

    @property
    def label(self) -> str:
        return f"{self.move.id} @ {self.target}" if self.target else self.move.id


@dataclass(frozen=True)
class EffectInfo:
    """Where one compiled effect row came from, for explanations."""

    owner_kind: str  # move, event, rule
    owner_id: str
    cause: str
    track: TrackId | None
    sources: tuple[str, ...]
    note: str
    chance: float


@dataclass(frozen=True)
class Rules:
    """One scenario compiled against its content pack. Read-only; creates states."""

    scenario: Scenario
    scenario_path: Path
    pack: Pack
    content_hash: str
    factions: tuple[Faction, ...]
    tracks: tuple[TrackInfo, ...]
    moves: tuple[Move, ...]
    actions: tuple[ActionInfo, ...]
    events: tuple[Event, ...]
    standing_rules: tuple[Rule, ...]  # the pack's `rules:` items: checked every turn after the orders and the event
    effects: tuple[EffectInfo, ...]
    score_terms: tuple[tuple[FactionId, ScoreTerm], ...]
    region_traits: dict[str, float]
    tables: Tables  # lowered to the kernel's packed tables and native code by the engine (game.engine.tables.lowered)
    faction_index: dict[FactionId, int] = field(default_factory=dict)
    track_index: dict[TrackId, int] = field(default_factory=dict)
    move_index: dict[MoveId, int] = field(default_factory=dict)
    action_index: dict[tuple[MoveId, str | None], int] = field(default_factory=dict)
    event_index: dict[str, int] = field(default_factory=dict)
    doctrines: tuple[Doctrine, ...] = ()  # grouped by faction, each faction's default first
    warnings: tuple[int, ...] = ()  # game.rules.problems.Problem: expressions that can overflow (validate --warnings)

    @property
    def id(self) -> str:
        return self.scenario.id

    @property
    def n_turns(self) -> int:
        return self.scenario.turns

    @property
    def max_orders(self) -> int:
        """Order slots per faction per turn (each move costs at least one action point)."""
        return int(max(f.action_points for f in self.factions))

    def turn_label(self, turn: int) -> str:
        """`2025 H1` for a turn number, in the current language (`2025年上半期`)."""
        per_year = {"half-year": 2, "year": 1, "quarter": 4}[self.scenario.turn_length]
        year = self.scenario.start_year + (turn - 1) // per_year
        if per_year == 1:
            return str(year)
        part = (turn - 1) % per_year + 1
        return i18n.turn_label(year, part) if per_year == 2 else f"{year} Q{part}"  # no shipped scenario has quarters

    def target_name(self, target: str) -> str:
        """A target's display name: a region's, institution's or faction's `name`, else the id itself."""
        for key in ("regions", "institutions", "factions"):
            for item in self.pack.items(key):
                if item.id == target:
                    return item.name
        return target

    def action_name(self, action: int) -> str:
        """`Belt-and-Road infrastructure loans in Myanmar`: a move's name with its target's."""
        info = self.actions[action]
        return info.move.name + (f" in {self.target_name(info.target)}" if info.target else "")

    def doctrines_of(self, faction: FactionId) -> list[Doctrine]:
        """The faction's doctrines, its default first."""
        return [d for d in self.doctrines if d.faction == faction]

    def headline_tracks(self, faction: FactionId) -> list[TrackId]:
        """The tracks a preview of this faction's move always shows: the headline tracks, then its influence track."""
        ids = [t.id for t in self.tracks if t.headline]
        own = self.factions[self.faction_index[faction]].influence_track
        return ids + ([own] if own is not None and own not in ids else [])

    def moves_of(self, faction: FactionId) -> list[Move]:
        return [m for m in self.moves if faction in m.partners]

    @property
    def crisis_events(self) -> tuple[str, ...]:
        """The ids of the events flagged `crisis: true` (each `events[i].crisis`), in the order of `events`."""
        return tuple(e.id for e in self.events if e.crisis)

    def is_crisis(self, event_id: str) -> bool:
        """Whether the event is flagged `crisis: true` (False for an id the scenario does not have)."""
        index = self.event_index.get(event_id)
        return index is not None and self.events[index].crisis

    @property
    def injects(self) -> list[str]:
        """The events only a facilitator brings in (kind inject: the scenario's `injects:` and the pack's), by id."""
        return [e.id for e in self.events if e.kind == "inject"]
