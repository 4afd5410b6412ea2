"""Pydantic models for every content file: factions, tracks, regions, institutions, moves, events, rules, scenarios.

The models check shape and types only (unknown keys, wrong types, out-of-range numbers, NaN).
Cross-references (unknown track names, duplicate ids, bad expressions) are checked by
`game.rules.validate`, which sees all files at once.
"""

from __future__ import annotations

import re

from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator, model_validator

from game.rules import limits
from game.rules.concepts import CONCEPTS
from game.rules.problems import did_you_mean

# Ids are lowercase dotted names: "alliance", "jp.stability", "us.press_defense", "vietnam.cn.trade".
ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=limits.ID_CHARS)]
# names, titles and track references; texts, descriptions and notes (see game/rules/limits.py)
Name = Annotated[str, Field(max_length=limits.NAME_CHARS)]
Text = Annotated[str, Field(max_length=limits.TEXT_CHARS)]


def _known_concept(value: str) -> str:
    if value not in CONCEPTS:
        hint = did_you_mean(value, CONCEPTS)
        raise ValueError(f"unknown concept {value!r}" + (f" — did you mean {hint!r}?" if hint else "")
                         + " (the ids are listed in game/rules/concepts.py)")
    return value


SourceId = Annotated[str, Field(pattern=r"^S[02]-[A-Z]?\d+$"), AfterValidator(_known_concept)]
Expr = Annotated[str, Field(min_length=1, max_length=limits.EXPR_CHARS)]
Number = Annotated[float, Field(allow_inf_nan=False)]
NumberOrExpr = Union[Number, Expr]


class Model(BaseModel):
    """Base for all content models: unknown keys are errors, numbers must be finite."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True, strict=True)  # strict: `yes` is no number


class Faction(Model):
    """A player: the United States, Japan or China, with its action points and budget track."""

    id: Id
    name: Name
    adjective: Name
    action_points: int = Field(ge=1, le=6, description="moves a faction may order per turn (each costs at least 1)")
    budget_track: Id = Field(description="track that pays the budget cost of moves")
    influence_track: Id | None = Field(None, description="the faction's regional-influence average: a headline track of "
                                                         "its previews")
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    sources: list[SourceId] = Field([], max_length=limits.LIST_ITEMS)
    text: Text = ""


class Announcement(Model):
    """A headline for the turn report when a track reaches a value (e.g. a change of government)."""

    becomes: Number = Field(description="announced on the turn the track moves to exactly this value")
    kind: Literal["government", "milestone"] = "milestone"
    text: Text = Field(min_length=1, description="the headline, in plain words")


class Track(Model):
    """A number the rules move, held within [min, max]; a `derive` formula makes it follow other tracks."""

    id: Id
    name: Name
    min: Number = 0
    max: Number = 100
    start: Number = 0
    public: bool = True
    headline: bool = Field(False, description="shown first, even when unchanged, wherever a move's effect is previewed")
    derive: Expr | None = Field(None, description="recomputed from other tracks after each phase; effects may not target it")
    announce: list[Announcement] = Field([], max_length=limits.LIST_ITEMS)
    sources: list[SourceId] = Field([], max_length=limits.LIST_ITEMS)
    text: Text = ""

    @model_validator(mode="after")
    def _bounds(self) -> "Track":
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        if not self.min <= self.start <= self.max:
            raise ValueError(f"start ({self.start}) must lie within [{self.min}, {self.max}]")
        for a in self.announce:
            if not self.min <= a.becomes <= self.max:
                raise ValueError(f"announce: becomes {a.becomes:g} lies outside [{self.min:g}, {self.max:g}]")
        return self


class Channel(Model):
    """An influence channel (trade, investment, aid, security) that every contested region has for every faction."""

    id: Id
    name: Name
    sources: list[SourceId] = Field([], max_length=limits.LIST_ITEMS)


class Region(Model):
    """A map region. Contested regions get influence tracks `<region>.<faction>.<channel>` and a total `<region>.<faction>`."""

    id: Id
    name: Name
    kind: Literal["country", "group", "sea", "offmap"]
    contested: bool = False
    tension_start: Number | None = Field(None, ge=0, le=100, description="sea zones: start of `<region>.tension`")
    influence: dict[Id, Annotated[dict[Id, Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]],
                                  Field(max_length=limits.ITEMS["channels"])]] = Field(
        default_factory=dict, max_length=limits.ITEMS["factions"],
        description="start influence: faction -> channel -> value"
    )
    channel_weights: dict[Id, Annotated[float, Field(ge=0, le=3, allow_inf_nan=False)]] = Field(
        default_factory=dict, max_length=limits.ITEMS["channels"])
    soft_power_weight: Annotated[float, Field(ge=0, le=3, allow_inf_nan=False)] = 0.5
    traits: dict[Id, Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)]] = Field(
        default_factory=dict, max_length=limits.LIST_ITEMS,
        description="constants usable in expressions as `<region>.<trait>`"
    )
    sources: list[SourceId] = Field([], max_length=limits.LIST_ITEMS)
    text: Text = ""


class Institution(Model):
    """An institution gets tracks `<id>.strength` and `<id>.member.<faction>` (0 or 1)."""

    id: Id
    name: Name
    strength: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] = 50
    members: list[Id] = Field([], max_length=limits.LIST_ITEMS)
    others: Text = ""
    sources: list[SourceId] = Field([], max_length=limits.LIST_ITEMS)
    text: Text = ""


class _EffectBase(Model):
    """What every effect may say: a condition, a probability, its own sources, a note for the report."""

    when: Expr | None = None
    chance: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)] = 1.0
    sources: list[SourceId] = Field([], max_length=limits.LIST_ITEMS)
    note: Text = ""


class AddEffect(_EffectBase):
    """Add an amount (a number or an expression) to a track."""

    track: str = Field(min_length=1, max_length=limits.NAME_CHARS, description="track id; `{target}` is replaced by the order's target")
    add: NumberOrExpr


class SetEffect(_EffectBase):
    """Set a track to a value (a number or an expression)."""

    track: str = Field(min_length=1, max_length=limits.NAME_CHARS)
    set: NumberOrExpr


class EndGameEffect(_EffectBase):
    """End the game in war: every faction loses."""

    end_game: Literal["war"]


def _effect_kind(value: Any) -> str:
    if isinstance(value, dict):
        for key in ("add", "set", "end_game"):
            if key in value:
                return key
    return "add"


Effect = Annotated[
    Union[Annotated[AddEffect, Tag("add")], Annotated[SetEffect, Tag("set")], Annotated[EndGameEffect, Tag("end_game")]],
    Discriminator(_effect_kind),
]


class Cost(Model):
    """What ordering a move costs each faction that orders it: action points and budget."""

    ap: int = Field(1, ge=1, le=6)
    budget: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] = 0


class Target(Model):
    """The targets a move is ordered at: each option is an action of its own; `{target}` in the move stands for it."""

    kind: Literal["region", "institution", "faction"]
    options: list[Id] = Field(min_length=1, max_length=limits.LIST_ITEMS)


class Move(Model):
    """An order a faction (or, jointly, several partners) may give, at a cost, with effects."""

    id: Id
    name: Name
    faction: Id | list[Id] = Field(description="the faction that plays it, or a list of partners for a joint move")
    category: Literal["economic", "security", "diplomatic"]
    cost: Cost = Cost()
    target: Target | None = None
    requires: Expr | None = None
    requires_text: Text = ""
    effects: list[Effect] = Field(min_length=1, max_length=limits.LIST_ITEMS)
    sources: list[SourceId] = Field(min_length=1, max_length=limits.LIST_ITEMS)
    text: Text = ""

    @property
    def partners(self) -> tuple[str, ...]:
        return tuple(self.faction) if isinstance(self.faction, list) else (self.faction,)


class Event(Model):
    """Scheduled (on given turns), drawn (one a turn from a weighted deck), triggered (by a threshold) or an
    inject (only a facilitator brings it in, in place of the turn's event)."""

    id: Id
    name: Name
    kind: Literal["scheduled", "drawn", "triggered", "inject"]
    turns: list[Annotated[int, Field(ge=1, le=40)]] = Field([], max_length=limits.LIST_ITEMS)
    weight: NumberOrExpr = 1.0
    when: Expr | None = None
    once: bool = False
    crisis: bool = Field(False, description="a crisis in the sources' sense (a Taiwan Strait crisis, a fallen government, "
                                            "war): headlined as a crisis and counted in the analysis's crisis rate; "
                                            "changes no rule")
    effects: list[Effect] = Field(min_length=1, max_length=limits.LIST_ITEMS)
    sources: list[SourceId] = Field(min_length=1, max_length=limits.LIST_ITEMS)
    text: Text = ""

    @model_validator(mode="after")
    def _kind_fields(self) -> "Event":
        if self.kind == "scheduled" and not self.turns:
            raise ValueError("a scheduled event needs `turns`")
        if self.kind != "scheduled" and self.turns:
            raise ValueError(f"`turns` is only for scheduled events, not {self.kind} ones")
        if self.kind == "triggered" and self.when is None:
            raise ValueError("a triggered event needs a `when` condition")
        return self


class Inject(Event):
    """An event only the facilitator brings in, written in the scenario file under `injects:`."""

    kind: Literal["inject"] = "inject"


class Rule(Model):
    """Applied every turn after events (drift, income, decay), silently unless it changes something."""

    id: Id
    name: Name
    when: Expr | None = None
    effects: list[Effect] = Field(min_length=1, max_length=limits.LIST_ITEMS)
    sources: list[SourceId] = Field(min_length=1, max_length=limits.LIST_ITEMS)
    text: Text = ""


class ScoreTerm(Model):
    """One term of a faction's score: the expression's value times the weight."""

    name: Name
    expr: Expr
    weight: Number = 1.0
    sources: list[SourceId] = Field([], max_length=limits.LIST_ITEMS)


class Scenario(Model):
    """A scenario file: its content pack, length, start values, schedule, seats, injects and scoring."""

    id: Id
    title: Name
    description: Text = ""
    content: str = Field("base", min_length=1, max_length=limits.NAME_CHARS,
                         description="a content pack under game/rules/content/, or a folder in this file's own")
    disable: list[Id] = Field(default_factory=list, max_length=limits.ITEMS["disable"],
                              description="moves, events or rules of the pack left out")
    turns: int = Field(ge=1, le=40)
    start_year: int = Field(ge=1945, le=2100)
    turn_length: Literal["half-year", "year", "quarter"] = "half-year"
    start: dict[Name, Number] = Field(default_factory=dict, max_length=limits.ITEMS["start"],
                                      description="track id -> start value")
    schedule: dict[Id, Annotated[list[Annotated[int, Field(ge=1, le=40)]], Field(max_length=limits.LIST_ITEMS)]] = Field(
        default_factory=dict, max_length=limits.ITEMS["schedule"],
        description="scheduled event id -> turns, replacing the event's own")
    seats: dict[Id, Name] = Field(default_factory=dict, max_length=limits.ITEMS["seats"])
    injects: list[Inject] = Field(default_factory=list, max_length=limits.ITEMS["injects"],
                                  description="events only the facilitator brings in, offered first on the classroom "
                                  "console")
    scoring: dict[Id, Annotated[list[ScoreTerm], Field(max_length=limits.LIST_ITEMS)]] = Field(
        max_length=limits.ITEMS["scoring"])
    sources: list[SourceId] = Field([], max_length=limits.LIST_ITEMS)

    @field_validator("scoring")
    @classmethod
    def _non_empty(cls, value: dict[str, list[ScoreTerm]]) -> dict[str, list[ScoreTerm]]:
        for faction, terms in value.items():
            if not terms:
                raise ValueError(f"faction {faction!r} has no scoring terms")
        return value


class DoctrineRule(Model):
    """While `when` holds, `add` to the weight of each listed move (a move id, or `move@target` for one target)."""

    when: Expr | None = Field(None, description="a condition on the state, in the rules' expression language")
    moves: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]*(@[a-z][a-z0-9_]*)?$",
                                     max_length=limits.NAME_CHARS)]] = Field(min_length=1, max_length=limits.LIST_ITEMS)
    add: Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)]
    why: Text = Field(min_length=1, description="the reason in plain words, shown when the bot explains a choice")
    sources: list[SourceId] = Field([], max_length=limits.LIST_ITEMS)


PLACEHOLDER = re.compile(r"\{([^{}]*)\}")  # `{jp.stability}` in a negotiation rule's why: the track's value


class Negotiation(Model):
    """How a doctrine negotiates joint moves: when it proposes, what it accepts, and rules shifting the weights it
    negotiates with (its order weights plus these).

    Each turn it proposes the joint move it weighs highest when that weight is at least `propose`; it accepts a
    proposed joint move it weighs at least `accept`, else counters with its own best joint move if that one reaches
    `accept`, else declines. With proposals on, it never orders a joint move its partner has not agreed to.
    """

    propose: Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)] = Field(
        description="propose the joint move it weighs highest when that weight is at least this")
    accept: Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)] = Field(
        description="accept (or counter with) a joint move it weighs at least this")
    rules: list[DoctrineRule] = Field([], max_length=limits.LIST_ITEMS, description=(
        "like a doctrine's rules, but shifting only the weights it negotiates with; a `why` may name a track in "
        "braces, `{jp.stability}`, filled with the track's value when the bot explains"))
    sources: list[SourceId] = Field([], max_length=limits.LIST_ITEMS)


class Doctrine(Model):
    """A bot personality: weights over a faction's moves plus rules that shift them with the state.

    The doctrine bot orders the legal move of highest weight, then the next, while any weight is
    above zero; moves it does not list weigh `otherwise`.
    """

    id: Id = Field(description="`<faction>.<name>`; seats name it as doctrine:<name>")
    name: Name
    faction: Id
    default: bool = Field(False, description="the faction's doctrine when a seat says just `doctrine`")
    weights: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]*(@[a-z][a-z0-9_]*)?$")],
                  Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)]] = Field(
        default_factory=dict, max_length=limits.ITEMS["moves"])
    otherwise: Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)] = 0.0
    variety: Annotated[float, Field(ge=0, le=10, allow_inf_nan=False)] = Field(
        0.0, description="how far below the top weight a move may weigh and still be chosen: each slot draws among the "
                         "legal moves within `variety` of the best one (and above zero), each alike, with the bot's own "
                         "dice; 0 orders the top move (ties drawn), as a machine would")
    rules: list[DoctrineRule] = Field([], max_length=limits.LIST_ITEMS)
    negotiation: Negotiation | None = Field(None, description="how it proposes and answers joint moves; without it, "
                                                              "it proposes nothing and declines every proposal")
    sources: list[SourceId] = Field(min_length=1, max_length=limits.LIST_ITEMS)
    text: Text = ""


class ContentFile(Model):
    """One YAML file of a content pack; a pack is the union of its files (any file may hold any list).

    Each list is limited here for one file and again for the whole pack (game.rules.files.read_pack).
    """

    factions: list[Faction] = Field([], max_length=limits.ITEMS["factions"])
    tracks: list[Track] = Field([], max_length=limits.ITEMS["tracks"])
    channels: list[Channel] = Field([], max_length=limits.ITEMS["channels"])
    regions: list[Region] = Field([], max_length=limits.ITEMS["regions"])
    institutions: list[Institution] = Field([], max_length=limits.ITEMS["institutions"])
    moves: list[Move] = Field([], max_length=limits.ITEMS["moves"])
    events: list[Event] = Field([], max_length=limits.ITEMS["events"])
    rules: list[Rule] = Field([], max_length=limits.ITEMS["rules"])
    doctrines: list[Doctrine] = Field([], max_length=limits.ITEMS["doctrines"])


class PackFile(Model):
    """A pack's `pack.yaml`: the pack it extends and the items of that pack it leaves out.

    The pack's other files then hold only what it adds, or replaces whole by giving an item the id of one of the
    parent's (of the same kind: a move replaces a move).
    """

    extends: Annotated[str, Field(min_length=1, max_length=limits.NAME_CHARS)] | None = Field(
        None, description="the pack this one builds on: a shipped pack by name (`base`) or a folder relative to this "
                          "one (`../korea`)")
    remove: list[Id] = Field([], max_length=limits.ITEMS["disable"],
                             description="ids of the parent's items (moves, events, rules, tracks, …) left out")
    text: Text = Field("", description="what the pack changes, in plain words")
