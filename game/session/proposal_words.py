"""Proposals in plain words: how each one ended (agreed, declined with the reason, countered, withdrawn, lapsed)
or where it stands, for the turn report, the terminal, the exported report and the replay."""

from __future__ import annotations

from collections.abc import Sequence

from game.i18n import _
from game.rules.compiled import Rules
from game.session.proposals import Proposal, Standing
from game.session.words import faction_name, names_list, order_name


def possessive(name: str) -> str:
    """`Japan's`, `United States'`: a faction's name as the owner of a proposal."""
    return _("{faction}'", faction=name) if name.endswith("s") else _("{faction}'s", faction=name)


def _said(text: str, reason: str) -> str:
    """A sentence with the words given for it after a colon, if any."""
    return _("{text}: {reason}", text=text, reason=reason) if reason else text


def proposal_text(rules: Rules, proposal: Proposal, book: Sequence[Proposal] = ()) -> str:
    """One proposal as it stands, in a sentence ("Japan declined the United States' proposal of …: with stability at
    38 …"); `book` is the turn's proposals, for the move a counter offered."""
    name = lambda f: faction_name(rules, f)  # noqa: E731
    order = order_name(rules, proposal.order.move, proposal.order.target)
    owner = possessive(name(proposal.by))
    who = name(proposal.answered_by) if proposal.answered_by else ""
    standing = proposal.standing
    if standing == Standing.ACCEPTED:
        parties = [f.id for f in rules.factions if f.id in proposal.parties]
        return _("{partners} agreed on {order} (proposed by {faction})", partners=names_list([name(f) for f in parties]),
                 order=order, faction=name(proposal.by))
    if standing == Standing.DECLINED:
        return _said(_("{faction} declined {owner} proposal of {order}", faction=who, owner=owner, order=order),
                     proposal.answer_reason)
    if standing == Standing.COUNTERED:
        counter = next((p for p in book if p.number == proposal.countered_by), None)
        text = (_("{faction} countered {owner} proposal of {order} with {counter}", faction=who, owner=owner,
                  order=order, counter=order_name(rules, counter.order.move, counter.order.target))
                if counter is not None else
                _("{faction} countered {owner} proposal of {order}", faction=who, owner=owner, order=order))
        return _said(text, proposal.answer_reason)
    if standing == Standing.WITHDRAWN:
        if proposal.to and all(p in proposal.accepted for p in proposal.to):  # it was an agreement
            others = names_list([name(f) for f in proposal.parties if f != proposal.answered_by])
            text = _("{faction} withdrew from its agreement with {others} on {order}", faction=who, others=others,
                     order=order)
        else:
            text = _("{faction} withdrew its proposal of {order} to {others}", faction=who, order=order,
                     others=names_list([name(f) for f in proposal.to]))
        return _said(text, proposal.answer_reason)
    if standing == Standing.LAPSED:
        if who:
            return _("{owner} proposal of {order} got no answer before {faction} committed", owner=owner, order=order,
                     faction=who)
        return _("{owner} proposal of {order} got no answer before the turn resolved", owner=owner, order=order)
    waiting = [name(f) for f in proposal.to if f not in proposal.accepted]
    return _("{owner} proposal of {order} is waiting for an answer from {partners}", owner=owner, order=order,
             partners=names_list(waiting))


def proposal_reason(proposal: Proposal) -> str:
    """The proposer's own words for it ("" without any), as a line to show under its sentence."""
    return _("Proposed because: {reason}", reason=proposal.reason) if proposal.reason else ""
