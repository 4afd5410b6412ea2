"""What the classroom's projector shows, as plain data read from the public `state` message (no pygame).

The projector (game.ui.scenes.projector) draws these: each team's status in words, the timer's face,
the track values after each resolved turn (replayed back from the public View's reports), the
facilitator's key hint for the phase, the codes for the lobby. Everything here reads ROOM and the
public View only; `public_view` refuses a view that is not the public one, so no team's orders can
reach the screen even if a wrong message is handed to it.
"""

from __future__ import annotations

from game.i18n import N_, _, ngettext
from game.session.view import View

STATUS_WORDS = {"not joined": N_("not joined"), "choosing": N_("choosing"), "committed": N_("committed"),
                "bot": N_("bot")}
EXPIRY_WORDS = {"commit": N_("orders so far committed"), "bot": N_("bots play")}
# every facilitator key with its words; the hint names first the keys that do something in the phase
KEYS = {"S": N_("start"), "N": N_("next turn"), "P": N_("pause"), "T": N_("timer"), "U": N_("undo turn"),
        "B": N_("seats"), "E": N_("end"), "C": N_("codes"), "L": N_("map legend"), "F11": N_("full screen")}
PHASE_KEYS = {"lobby": "STBCE", "orders": "PTBUE", "report": "NPUTBE", "over": "U"}


class NotPublicError(ValueError):
    """A state message whose view is not the public one (it names a faction or carries orders)."""


def public_view(state: dict) -> View:
    """The public View of a `state` message; raises NotPublicError if it is any team's (or holds orders)."""
    doc = state.get("public")
    if not isinstance(doc, dict):
        raise NotPublicError("the state message has no public view")
    if doc.get("faction") != "" or doc.get("own_orders") or doc.get("partner_orders"):
        raise NotPublicError("the state message's view is not the public one (it names a faction or holds orders)")
    return View.from_json(doc)


def status_text(phase: str, team: dict, seat_label: str | None = None) -> str:
    """A team's status as the room reads it: `not joined`, `joined (2 devices)`, `choosing`, `committed`, `bot`."""
    status = team["status"]
    if status == "bot":
        return _("bot ({seat})", seat=seat_label or team["seat"])
    devices = int(team.get("devices", 0))
    if phase == "lobby":
        if status == "not joined":
            return _("not joined")
        return ngettext("joined ({n} device)", "joined ({n} devices)", devices) if devices else _("joined")
    if status == "choosing" and devices:
        return ngettext("choosing ({n} device)", "choosing ({n} devices)", devices)
    return _(STATUS_WORDS[status]) if status in STATUS_WORDS else status


def clock(seconds: float) -> str:
    """`4:05`, `12:00`, `1:02:03` (rounded up, so 0:00 shows only when the time is up)."""
    whole = max(0, int(-(-seconds // 1)))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def timer_face(room: dict, since: float) -> tuple[str, str]:
    """(the big figure, the line under it) for ROOM's timer `since` seconds after the state was taken."""
    timer = room.get("timer")
    if timer is None:
        return (_("Paused") if room.get("paused") else "", _("no turn timer") if not room.get("paused") else "")
    left = timer.get("left")
    if left is None:
        left = timer["seconds"]
    if timer.get("running") and not room.get("paused"):
        left = max(0.0, left - since)
    expiry = _(EXPIRY_WORDS[timer["on_expiry"]]) if timer.get("on_expiry") in EXPIRY_WORDS else ""
    if room.get("paused"):
        return _("Paused"), (_("{time} left · then {expiry}", time=clock(left), expiry=expiry) if expiry
                             else _("{time} left", time=clock(left)))
    if room.get("phase") != "orders":
        return clock(timer["seconds"]), _("per turn · then {expiry}", expiry=expiry)
    return clock(left), _("then {expiry}", expiry=expiry) if expiry else ""


def hint_parts(phase: str, paused: bool, codes_shown: bool) -> list[tuple[int, str]]:
    """The facilitator keys as (rank, text): the phase's own keys first, the rest after, Esc last."""
    words = {k: _(v) for k, v in KEYS.items()}
    words["P"] = _("resume") if paused else _("pause")
    words["C"] = _("hide codes") if codes_shown else _("show codes")
    first = PHASE_KEYS.get(phase, "") + ("L" if phase in ("orders", "report") else "")
    keys = [k for k in KEYS if k in first or k == "F11"]
    return ([(0 if k in first and k != "L" else 1, _("{key}: {action}", key=k, action=words[k])) for k in keys]
            + [(2, _("Esc: close"))])


def spaced(code: str) -> str:
    """A join code in groups of four, easier to copy from across a room (the join page ignores the space)."""
    return " ".join(code[k:k + 4] for k in range(0, len(code), 4))


def track_histories(view: View, tracks: list[str]) -> dict[str, list[float]]:
    """Each track's value at the start and after every resolved turn, replayed back from the view's reports
    (a report holds each changed track's value before and after its turn; the view holds the values now)."""
    out: dict[str, list[float]] = {}
    for track in tracks:
        if track not in view.tracks:
            continue
        value, values = view.tracks[track], [view.tracks[track]]
        for report in reversed(view.history):
            change = report.change(track)
            if change is not None:
                value = change.before
            values.append(value)
        out[track] = values[::-1]
    return out


def before_after(view: View) -> tuple[dict[str, float], dict[str, float]]:
    """The public tracks before and after the last resolved turn (the same before and after if none)."""
    after = dict(view.tracks)
    before = dict(after)
    if view.history:
        for change in view.history[-1].changes:
            if change.track in before:
                before[change.track] = change.before
    return before, after


def between(before: dict[str, float], after: dict[str, float], t: float) -> dict[str, float]:
    """The values a share t (0..1) of the way from before to after."""
    return {k: before.get(k, v) + (v - before.get(k, v)) * t for k, v in after.items()}
