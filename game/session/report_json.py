"""Turn reports as exact JSON and back: what a view sends to a team's device and rebuilds there.

`TurnReport.to_json` is the readable summary the command line prints (rounded, without names);
this is the lossless form: every field, floats as they are, so `report_from_json(report_to_json(r)) == r`.
"""

from __future__ import annotations

from game.session.facilitation import Intervention, InterventionFormatError
from game.session.orders import Order
from game.session.proposals import Negotiation, Proposal
from game.session.report import Cause, EventInfo, SummaryItem, TrackChange, TurnReport


class ReportFormatError(ValueError):
    """A report document that is not the shape `report_to_json` writes; the message names the part."""


def _get(doc: dict, key: str, what: str):
    if not isinstance(doc, dict):
        raise ReportFormatError(f"{what}: expected an object, got {type(doc).__name__}")
    if key not in doc:
        raise ReportFormatError(f"{what}: missing {key!r}")
    return doc[key]


def event_to_json(event: EventInfo | None) -> dict | None:
    return None if event is None else {"id": event.id, "name": event.name, "text": event.text,
                                       "sources": list(event.sources)}


def event_from_json(doc: dict | None, what: str = "event") -> EventInfo | None:
    if doc is None:
        return None
    return EventInfo(str(_get(doc, "id", what)), str(_get(doc, "name", what)), str(_get(doc, "text", what)),
                     tuple(str(s) for s in _get(doc, "sources", what)))


def orders_to_json(orders: dict[str, tuple[Order, ...]]) -> dict[str, list[str]]:
    return {f: [str(o) for o in items] for f, items in orders.items()}


def orders_from_json(doc: dict, what: str = "orders") -> dict[str, tuple[Order, ...]]:
    if not isinstance(doc, dict):
        raise ReportFormatError(f"{what}: expected an object of faction -> orders, got {type(doc).__name__}")
    return {str(f): tuple(Order.parse(str(o)) for o in items) for f, items in doc.items()}


def _cause_to_json(cause: Cause) -> dict:
    return {"cause": cause.cause, "amount": cause.amount, "sources": list(cause.sources), "kind": cause.kind,
            "faction": cause.faction}


def _cause_from_json(doc: dict, what: str) -> Cause:
    faction = _get(doc, "faction", what)
    return Cause(str(_get(doc, "cause", what)), float(_get(doc, "amount", what)),
                 tuple(str(s) for s in _get(doc, "sources", what)), str(_get(doc, "kind", what)),
                 None if faction is None else str(faction))


def _change_to_json(change: TrackChange) -> dict:
    return {"track": change.track, "name": change.name, "before": change.before, "after": change.after,
            "causes": [_cause_to_json(c) for c in change.causes]}


def _change_from_json(doc: dict, what: str) -> TrackChange:
    causes = _get(doc, "causes", what)
    return TrackChange(str(_get(doc, "track", what)), str(_get(doc, "name", what)), float(_get(doc, "before", what)),
                       float(_get(doc, "after", what)),
                       tuple(_cause_from_json(c, f"{what}, causes[{k}]") for k, c in enumerate(causes)))


def report_to_json(report: TurnReport) -> dict:
    """Every field of a turn report, exactly."""
    return {
        "turn": report.turn,
        "label": report.label,
        "event": event_to_json(report.event),
        "orders": orders_to_json(report.orders),
        "changes": [_change_to_json(c) for c in report.changes],
        "triggered": [event_to_json(e) for e in report.triggered],
        "notes": list(report.notes),
        "war": report.war,
        "bot_reasons": dict(report.bot_reasons),
        "summary": [item.to_json() for item in report.summary],
        "scores_before": dict(report.scores_before),
        "scores_after": dict(report.scores_after),
        "interventions": [i.to_json() for i in report.interventions],
        "negotiation": [p.to_json() for p in report.negotiation],
    }


def report_from_json(doc: dict, what: str = "report") -> TurnReport:
    """The TurnReport `report_to_json` wrote; raises ReportFormatError naming a missing or malformed part."""
    turn = _get(doc, "turn", what)
    where = f"{what} of turn {turn}"
    return TurnReport(
        int(turn), str(_get(doc, "label", where)), event_from_json(_get(doc, "event", where), f"{where}, event"),
        orders_from_json(_get(doc, "orders", where), f"{where}, orders"),
        tuple(_change_from_json(c, f"{where}, changes[{k}]") for k, c in enumerate(_get(doc, "changes", where))),
        tuple(event_from_json(e, f"{where}, triggered[{k}]") for k, e in enumerate(_get(doc, "triggered", where))),
        tuple(str(n) for n in _get(doc, "notes", where)), bool(_get(doc, "war", where)),
        {str(f): str(r) for f, r in _get(doc, "bot_reasons", where).items()},
        tuple(SummaryItem(str(_get(i, "kind", f"{where}, summary[{k}]")), str(_get(i, "text", f"{where}, summary[{k}]")))
              for k, i in enumerate(_get(doc, "summary", where))),
        _scores(_get(doc, "scores_before", where), f"{where}, scores_before"),
        _scores(_get(doc, "scores_after", where), f"{where}, scores_after"),
        _interventions(_get(doc, "interventions", where), f"{where}, interventions"),
        _negotiation(_get(doc, "negotiation", where), f"{where}, negotiation"),
    )


def _negotiation(doc: list, what: str) -> tuple[Proposal, ...]:
    try:
        return tuple(Negotiation.from_json(doc, what))
    except ValueError as exc:
        raise ReportFormatError(str(exc)) from None


def _interventions(doc: list, what: str) -> tuple[Intervention, ...]:
    if not isinstance(doc, list):
        raise ReportFormatError(f"{what}: expected a list, got {type(doc).__name__}")
    try:
        return tuple(Intervention.from_json(item, f"{what}[{k}]") for k, item in enumerate(doc))
    except InterventionFormatError as exc:
        raise ReportFormatError(str(exc)) from None


def _scores(doc: dict, what: str) -> dict[str, float]:
    if not isinstance(doc, dict):
        raise ReportFormatError(f"{what}: expected an object of faction -> score, got {type(doc).__name__}")
    return {str(f): float(v) for f, v in doc.items()}
