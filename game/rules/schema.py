"""Pydantic models for every content file: factions, tracks, regions, institutions, moves, events, rules, scenarios.

The models check shape and types only (unknown keys, wrong types, out-of-range numbers, NaN).
Cross-references (unknown track names, duplicate ids, bad expressions) are checked by
`game.rules.validate`, which sees all files at once.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BaseModel, ConfigDict, Discriminator, Field, Tag, field_validator, model_validator

from game.rules.concepts import CONCEPTS
from game.rules.problems import did_you_mean

# Ids are lowercase dotted names: "alliance", "jp.stability", "us.press_defense", "vietnam.cn.trade".
ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]


def _known_concept(value: str) -> str:
    if value not in CONCEPTS:
        hint = did_you_mean(value, CONCEPTS)
        raise ValueError(f"unknown concept {value!r}" + (f" — did you mean {hint!r}?" if hint else "")
                         + " (the ids are listed in game/rules/concepts.py)")
    return value


SourceId = Annotated[str, Field(pattern=r"^S[02]-[A-Z]?\d+$"), AfterValidator(_known_concept)]
Expr = Annotated[str, Field(min_length=1, max_length=400)]
Number = Annotated[float, Field(allow_inf_nan=False)]
NumberOrExpr = Union[Number, Expr]


class Model(BaseModel):
    """Base for all content models: unknown keys are errors, numbers must be finite."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False, frozen=True)


class Faction(Model):
    id: Id
    name: str
    adjective: str
    action_points: int = Field(ge=1, le=6, description="moves a faction may order per turn (each costs at least 1)")
    budget_track: Id = Field(description="track that pays the budget cost of moves")
    influence_track: Id | None = Field(None, description="the faction's regional-influence average: a headline track of "
                                                         "its previews")
    colour: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")
    sources: list[SourceId] = []
    text: str = ""


class Announcement(Model):
    """A headline for the turn report when a track reaches a value (e.g. a change of government)."""

    becomes: Number = Field(description="announced on the turn the track moves to exactly this value")
    kind: Literal["government", "milestone"] = "milestone"
    text: str = Field(min_length=1, description="the headline, in plain words")


class Track(Model):
    id: Id
    name: str
    min: Number = 0
    max: Number = 100
    start: Number = 0
    public: bool = True
    headline: bool = Field(False, description="shown first, even when unchanged, wherever a move's effect is previewed")
    derive: Expr | None = Field(None, description="recomputed from other tracks after each phase; effects may not target it")
    announce: list[Announcement] = []
    sources: list[SourceId] = []
    text: str = ""

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
    id: Id
    name: str
    sources: list[SourceId] = []


class Region(Model):
    """A map region. Contested regions get influence tracks `<region>.<faction>.<channel>` and a total `<region>.<faction>`."""

    id: Id
    name: str
    kind: Literal["country", "group", "sea", "offmap"]
    contested: bool = False
    tension_start: Number | None = Field(None, ge=0, le=100, description="sea zones: start of `<region>.tension`")
    influence: dict[Id, dict[Id, Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)]]] = Field(
        default_factory=dict, description="start influence: faction -> channel -> value"
    )
    channel_weights: dict[Id, Annotated[float, Field(ge=0, le=3, allow_inf_nan=False)]] = Field(default_factory=dict)
    soft_power_weight: Annotated[float, Field(ge=0, le=3, allow_inf_nan=False)] = 0.5
    traits: dict[Id, Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)]] = Field(
        default_factory=dict, description="constants usable in expressions as `<region>.<trait>`"
    )
    sources: list[SourceId] = []
    text: str = ""


class Institution(Model):
    """An institution gets tracks `<id>.strength` and `<id>.member.<faction>` (0 or 1)."""

    id: Id
    name: str
    strength: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] = 50
    members: list[Id] = []
    others: str = ""
    sources: list[SourceId] = []
    text: str = ""


class _EffectBase(Model):
    """What every effect may say: a condition, a probability, its own sources, a note for the report."""

    when: Expr | None = None
    chance: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)] = 1.0
    sources: list[SourceId] = []
    note: str = ""


class AddEffect(_EffectBase):
    track: str = Field(min_length=1, description="track id; `{target}` is replaced by the order's target")
    add: NumberOrExpr


class SetEffect(_EffectBase):
    track: str = Field(min_length=1)
    set: NumberOrExpr


class EndGameEffect(_EffectBase):
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
    ap: int = Field(1, ge=1, le=6)
    budget: Annotated[float, Field(ge=0, le=100, allow_inf_nan=False)] = 0


class Target(Model):
    kind: Literal["region", "institution", "faction"]
    options: list[Id] = Field(min_length=1)


class Move(Model):
    id: Id
    name: str
    faction: Id | list[Id] = Field(description="the faction that plays it, or a list of partners for a joint move")
    category: Literal["economic", "security", "diplomatic"]
    cost: Cost = Cost()
    target: Target | None = None
    requires: Expr | None = None
    requires_text: str = ""
    effects: list[Effect] = Field(min_length=1)
    sources: list[SourceId] = Field(min_length=1)
    text: str = ""

    @property
    def partners(self) -> tuple[str, ...]:
        return tuple(self.faction) if isinstance(self.faction, list) else (self.faction,)


class Event(Model):
    """Scheduled (on given turns), drawn (one a turn from a weighted deck), triggered (by a threshold) or an
    inject (only a facilitator brings it in, in place of the turn's event)."""

    id: Id
    name: str
    kind: Literal["scheduled", "drawn", "triggered", "inject"]
    turns: list[Annotated[int, Field(ge=1, le=40)]] = []
    weight: NumberOrExpr = 1.0
    when: Expr | None = None
    once: bool = False
    effects: list[Effect] = Field(min_length=1)
    sources: list[SourceId] = Field(min_length=1)
    text: str = ""

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
    name: str
    when: Expr | None = None
    effects: list[Effect] = Field(min_length=1)
    sources: list[SourceId] = Field(min_length=1)
    text: str = ""


class ScoreTerm(Model):
    name: str
    expr: Expr
    weight: Number = 1.0
    sources: list[SourceId] = []


class Scenario(Model):
    id: Id
    title: str
    description: str = ""
    content: str = Field("base", min_length=1, description="a content pack under game/rules/content/, or a folder relative to this file")
    disable: list[Id] = Field(default_factory=list, description="moves, events or rules of the pack left out")
    turns: int = Field(ge=1, le=40)
    start_year: int = Field(ge=1945, le=2100)
    turn_length: Literal["half-year", "year", "quarter"] = "half-year"
    start: dict[str, Number] = Field(default_factory=dict, description="track id -> start value")
    schedule: dict[Id, list[Annotated[int, Field(ge=1, le=40)]]] = Field(
        default_factory=dict, description="scheduled event id -> turns, replacing the event's own"
    )
    seats: dict[Id, str] = Field(default_factory=dict)
    injects: list[Inject] = Field(default_factory=list, description="events only the facilitator brings in, offered "
                                  "first on the classroom console")
    scoring: dict[Id, list[ScoreTerm]]
    sources: list[SourceId] = []

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
    moves: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]*(@[a-z][a-z0-9_]*)?$")]] = Field(min_length=1)
    add: Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)]
    why: str = Field(min_length=1, description="the reason in plain words, shown when the bot explains a choice")
    sources: list[SourceId] = []


class Doctrine(Model):
    """A bot personality: weights over a faction's moves plus rules that shift them with the state.

    The doctrine bot orders the legal move of highest weight, then the next, while any weight is
    above zero; moves it does not list weigh `otherwise`.
    """

    id: Id = Field(description="`<faction>.<name>`; seats name it as doctrine:<name>")
    name: str
    faction: Id
    default: bool = Field(False, description="the faction's doctrine when a seat says just `doctrine`")
    weights: dict[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_.]*(@[a-z][a-z0-9_]*)?$")],
                  Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)]] = Field(default_factory=dict)
    otherwise: Annotated[float, Field(ge=-100, le=100, allow_inf_nan=False)] = 0.0
    rules: list[DoctrineRule] = []
    sources: list[SourceId] = Field(min_length=1)
    text: str = ""


class ContentFile(Model):
    """One YAML file of a content pack; a pack is the union of its files (any file may hold any list)."""

    factions: list[Faction] = []
    tracks: list[Track] = []
    channels: list[Channel] = []
    regions: list[Region] = []
    institutions: list[Institution] = []
    moves: list[Move] = []
    events: list[Event] = []
    rules: list[Rule] = []
    doctrines: list[Doctrine] = []
