"""Joint-move proposals between allies: who proposed what to whom this turn, and how it was answered.

A faction proposes one of its joint moves (with its target) to the move's other partners. The order
goes into the proposer's pending orders at once, so its cost is held while the partners decide. An
addressee accepts (the order is placed in its orders too: an agreement), declines, or counters with
another joint move they share (the first proposal is then answered, the counter is open). Either side
may withdraw an agreement, and the proposer an open proposal; the order then leaves everyone's
orders. A proposal an addressee has not answered when it commits lapses, and so does any proposal
still open when the turn resolves. Only the parties see a turn's proposals until it resolves; then
they are part of its public report.

`Negotiation` is one turn's book of proposals; `Game` keeps it, checks each request against the rules
and carries it into the turn's history.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import Enum

from game.session.orders import Order


class Answer(str, Enum):
    """How an addressee answers a proposal."""

    ACCEPT = "accept"
    DECLINE = "decline"
    COUNTER = "counter"


class Standing(str, Enum):
    """Where a proposal stands."""

    OPEN = "open"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    COUNTERED = "countered"
    WITHDRAWN = "withdrawn"
    LAPSED = "lapsed"


@dataclass(frozen=True)
class Proposal:
    """One proposal of a joint move, as it stands."""

    number: int  # 1, 2, ... within the turn
    turn: int
    by: str  # the proposing faction
    to: tuple[str, ...]  # the partners who must answer
    order: Order  # the joint move and its target
    standing: Standing = Standing.OPEN
    reason: str = ""  # the proposer's words
    answer_reason: str = ""  # the words of whoever declined, countered or withdrew
    answered_by: str = ""  # who answered or withdrew
    counters: int | None = None  # the number of the proposal this one answers, for a counter
    countered_by: int | None = None  # the number of the counter that answered this one
    accepted: tuple[str, ...] = ()  # the addressees who have accepted (all of them: an agreement)

    @property
    def parties(self) -> tuple[str, ...]:
        return (self.by, *self.to)

    @property
    def holds_orders(self) -> bool:
        """Whether its order sits in pending orders: an open proposal in the proposer's, an agreement in all."""
        return self.standing in (Standing.OPEN, Standing.ACCEPTED)

    def holders(self) -> tuple[str, ...]:
        """The factions whose pending orders hold this proposal's order now."""
        if self.standing == Standing.OPEN:
            return (self.by, *self.accepted)
        return self.parties if self.standing == Standing.ACCEPTED else ()

    def to_json(self) -> dict:
        return {"number": self.number, "turn": self.turn, "by": self.by, "to": list(self.to),
                "order": str(self.order), "standing": self.standing.value, "reason": self.reason,
                "answer_reason": self.answer_reason, "answered_by": self.answered_by, "counters": self.counters,
                "countered_by": self.countered_by, "accepted": list(self.accepted)}

    @classmethod
    def from_json(cls, doc: dict, where: str = "proposal") -> "Proposal":
        """The proposal `to_json` wrote; raises ValueError naming the part that is wrong."""
        if not isinstance(doc, dict):
            raise ValueError(f"{where}: a proposal is a JSON object, not {type(doc).__name__}")
        names = ("number", "turn", "by", "to", "order", "standing", "reason", "answer_reason", "answered_by",
                 "counters", "countered_by", "accepted")
        missing = [n for n in names if n not in doc]
        unknown = [k for k in doc if k not in names]
        if missing or unknown:
            raise ValueError(f"{where}: " + "; ".join(
                ([f"missing {', '.join(map(repr, missing))}"] if missing else [])
                + ([f"unknown {', '.join(map(repr, unknown))}"] if unknown else [])))
        try:
            standing = Standing(doc["standing"])
        except ValueError:
            raise ValueError(f"{where}: standing {doc['standing']!r} is not one of "
                             f"{', '.join(s.value for s in Standing)}") from None
        number = lambda v: None if v is None else int(v)  # noqa: E731
        for key in ("to", "accepted"):
            if not isinstance(doc[key], list) or not all(isinstance(f, str) for f in doc[key]):
                raise ValueError(f"{where}: {key!r} is a list of faction ids")
        return cls(int(doc["number"]), int(doc["turn"]), str(doc["by"]), tuple(doc["to"]),
                   Order.parse(str(doc["order"])), standing, str(doc["reason"]), str(doc["answer_reason"]),
                   str(doc["answered_by"]), number(doc["counters"]), number(doc["countered_by"]),
                   tuple(doc["accepted"]))


@dataclass(frozen=True)
class Reply:
    """A bot's answer to a proposal: accept, decline or counter (with the joint move it offers instead)."""

    answer: Answer
    reason: str
    counter: Order | None = None


class Negotiation:
    """One turn's proposals, in the order they were made."""

    def __init__(self, proposals: tuple[Proposal, ...] | list[Proposal] = ()):
        self.proposals: list[Proposal] = list(proposals)

    def __iter__(self):
        return iter(self.proposals)

    def __len__(self) -> int:
        return len(self.proposals)

    def get(self, number: int) -> Proposal | None:
        return next((p for p in self.proposals if p.number == number), None)

    def add(self, proposal: Proposal) -> Proposal:
        self.proposals.append(proposal)
        return proposal

    def next_number(self) -> int:
        return len(self.proposals) + 1

    def update(self, proposal: Proposal, **changes) -> Proposal:
        """Replace `proposal` by a copy with `changes`; returns the copy."""
        new = replace(proposal, **changes)
        self.proposals[self.proposals.index(proposal)] = new
        return new

    def of(self, faction: str) -> tuple[Proposal, ...]:
        """The proposals `faction` is a party to."""
        return tuple(p for p in self.proposals if faction in p.parties)

    def open_to(self, faction: str) -> tuple[Proposal, ...]:
        """The open proposals waiting for `faction`'s answer."""
        return tuple(p for p in self.proposals if p.standing == Standing.OPEN and faction in p.to)

    def proposed_by(self, faction: str) -> bool:
        """Whether `faction` has made a proposal of its own this turn (a counter does not count)."""
        return any(p.by == faction and p.counters is None for p in self.proposals)

    def holding(self, faction: str, order: Order) -> Proposal | None:
        """The open proposal or agreement that holds `order` in `faction`'s pending orders, if any."""
        return next((p for p in self.proposals if p.order == order and faction in p.holders()), None)

    def deals(self, faction: str) -> tuple[Proposal, ...]:
        """This turn's agreements `faction` is a party to, in the order they were made."""
        return tuple(p for p in self.proposals if p.standing == Standing.ACCEPTED and faction in p.parties)

    def to_json(self) -> list[dict]:
        return [p.to_json() for p in self.proposals]

    @classmethod
    def from_json(cls, items: list, where: str = "proposals") -> "Negotiation":
        if not isinstance(items, list):
            raise ValueError(f"{where}: a list of proposals, not {type(items).__name__}")
        return cls([Proposal.from_json(doc, f"{where}[{k}]") for k, doc in enumerate(items)])
