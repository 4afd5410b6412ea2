"""What a teacher running the game may do to it, as records that replay exactly.

A facilitator (the teacher in classroom mode) can bring in an event (`inject`), set a track for the
rest of the game with a stated reason (`assume`), hand a seat to a bot or back to a team (`seat`)
and take back the last resolved turn (`undo`). `Game` carries these out and keeps every one in
`game.interventions`, in the order they were made; saves keep the list and loading replays it.

Each record belongs to the turn during which it was made, before that turn's resolution. Taking a
turn back marks every inject and assumption of a later turn `undone` (they never happened in the
game as it now stands) but keeps them in the list, so the record of the lesson stays whole.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from game.i18n import _, content
from game.session.orders import SessionError
from game.session.words import faction_name, number, track_name

if TYPE_CHECKING:
    from game.rules.compiled import Rules

KINDS = ("inject", "assume", "seat", "undo")
REPLAYED = ("inject", "assume")  # what loading a save carries out again: seats and undos are the save's seats and turns
REASON_LIMIT = 300  # characters of a stated reason


class InterventionError(SessionError):
    """A facilitator action the game cannot carry out now; the message says why, and nothing changed."""


class InterventionFormatError(ValueError):
    """An intervention document that is not the shape `Intervention.to_json` writes."""


@dataclass(frozen=True)
class Intervention:
    """One facilitator action: made during `turn`, before its resolution."""

    turn: int
    kind: str  # inject, assume, seat or undo
    subject: str  # inject: the event id; assume: the track id; seat: the faction; undo: ""
    value: float | str | None = None  # assume: the new value; seat: "human" or the bot's seat spec; else None
    reason: str = ""
    undone: bool = False  # a later undo went back past it
    words: str = ""  # `text(rules)`, kept so that screens without the rules can show it

    def text(self, rules: "Rules") -> str:
        """The action in plain words, in the language in use, as every screen announces it."""
        if self.kind == "inject":
            name = content.name(rules, self.subject) if self.subject in rules.event_index else self.subject
            words = _("Inject by the facilitator: {event}", event=name)
        elif self.kind == "assume":
            words = _("Assumption: {track} set to {value}", track=track_name(rules, self.subject),
                      value=number(float(self.value)))
        elif self.kind == "seat":
            bot, _colon, level = str(self.value).partition(":")
            faction = faction_name(rules, self.subject)
            if self.value == "human":
                words = _("{faction} is now played by a team", faction=faction)
            elif level:
                words = _("{faction} is now played by the {bot} bot ({level})", faction=faction, bot=bot, level=level)
            else:
                words = _("{faction} is now played by the {bot} bot", faction=faction, bot=bot)
        else:
            words = _("Turn {turn} taken back by the facilitator: its orders are open again", turn=self.value)
        return _("{action} ({why})", action=words, why=self.reason) if self.reason else words

    def to_json(self) -> dict:
        return {"turn": self.turn, "kind": self.kind, "subject": self.subject, "value": self.value,
                "reason": self.reason, "undone": self.undone, "words": self.words}

    @classmethod
    def from_json(cls, doc: object, what: str = "intervention") -> "Intervention":
        """The Intervention `to_json` wrote; raises InterventionFormatError naming the part that is wrong."""
        if not isinstance(doc, dict):
            raise InterventionFormatError(f"{what}: expected an object, got {type(doc).__name__}")
        expected = {"turn", "kind", "subject", "value", "reason", "undone", "words"}
        if set(doc) != expected:
            missing, unknown = sorted(expected - set(doc)), sorted(set(doc) - expected)
            raise InterventionFormatError(f"{what}: " + "; ".join(
                ([f"missing {', '.join(missing)}"] if missing else []) + ([f"unknown {', '.join(unknown)}"] if unknown
                                                                           else [])))
        turn, kind, value = doc["turn"], doc["kind"], doc["value"]
        if type(turn) is not int or turn < 1:
            raise InterventionFormatError(f"{what}: turn must be a whole number of at least 1, not {turn!r}")
        if kind not in KINDS:
            raise InterventionFormatError(f"{what}: kind {kind!r} is not one of {', '.join(KINDS)}")
        if not all(isinstance(doc[key], str) for key in ("subject", "reason", "words")):
            raise InterventionFormatError(f"{what}: subject, reason and words are text")
        if type(doc["undone"]) is not bool:
            raise InterventionFormatError(f"{what}: undone is true or false, not {doc['undone']!r}")
        if kind == "assume" and (type(value) not in (int, float) or not math.isfinite(value)):
            raise InterventionFormatError(f"{what}: an assumption's value is a finite number, not {value!r}")
        if kind == "seat" and not isinstance(value, str):
            raise InterventionFormatError(f"{what}: a seat's value is 'human' or a bot, not {value!r}")
        if kind == "undo" and (type(value) is not int or value < 1):
            raise InterventionFormatError(f"{what}: an undo's value is the turn taken back, not {value!r}")
        if kind == "inject" and value is not None:
            raise InterventionFormatError(f"{what}: an inject has no value, not {value!r}")
        return cls(turn, kind, doc["subject"], float(value) if kind == "assume" else value, doc["reason"],
                   doc["undone"], doc["words"])


def clean_reason(reason: object) -> str:
    """A stated reason as it is kept: one line, trimmed; raises ValueError for one that is not text or too long."""
    if not isinstance(reason, str):
        raise ValueError(_("a reason is text, not {kind}", kind=type(reason).__name__))
    text = " ".join(reason.split())
    if len(text) > REASON_LIMIT:
        raise ValueError(_("a reason has at most {limit} characters, not {n}", limit=REASON_LIMIT, n=len(text)))
    return text


def undo_later(interventions: list[Intervention], reopened: int) -> list[Intervention]:
    """The list with every inject and assumption made after turn `reopened` marked undone."""
    return [replace(i, undone=True) if i.kind in ("inject", "assume") and i.turn > reopened else i
            for i in interventions]


def of_turn(interventions: list[Intervention], turn: int) -> tuple[Intervention, ...]:
    """The interventions in effect for `turn` (made during it and not undone), in the order they were made."""
    return tuple(i for i in interventions if i.turn == turn and not i.undone)
