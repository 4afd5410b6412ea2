"""Plain-text tables of analysis results for the terminal."""

from __future__ import annotations

import unicodedata

from game.analysis import CRISIS_DEFINITION, Balance, Comparison, Outcome
from game.analysis.compare import BALANCED_WINS, DOMINANT_MOVE, PERSONALITY_WINS, TOP_MOVES, WAR_MIXES
from game.analysis.strength import Pairing
from game.i18n import _, ngettext
from game.i18n.content import name
from game.rules.compiled import Rules
from game.session.words import faction_name

SHOWN_GROUPS = ("core", "tension")  # tracks shown without --all-tracks: the core tracks and the seas' tension
NAME_WIDTH = 24


def shown_tracks(rules: Rules, all_tracks: bool) -> list[str]:
    return [t.id for t in rules.tracks if all_tracks or t.group in SHOWN_GROUPS]


def columns(text: str) -> int:
    """The terminal columns a text takes: two for each wide (CJK) character."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def left(text: str, width: int) -> str:
    """`text` padded on the right to `width` terminal columns (`f"{text:<width}"` counts wide characters once)."""
    return text + " " * max(0, width - columns(text))


def right(text: str, width: int) -> str:
    """`text` padded on the left to `width` terminal columns."""
    return " " * max(0, width - columns(text)) + text


def pct(share: float) -> str:
    return f"{100 * share:5.1f}%"


def seats_text(seats: dict[str, str]) -> str:
    return ",".join(f"{f}={bot}" for f, bot in seats.items())


def header(rules: Rules, outcome: Outcome) -> str:
    games, seed = outcome.games, outcome.seed
    stopped = (_(", stopped after turn {turn} of {n} (no winner yet)", turn=outcome.turns, n=rules.n_turns)
               if outcome.turns < rules.n_turns else "")
    faulted = ("\n" + _("{n:,} of them faulted and are left out of every figure below: {fault}", n=outcome.faulted,
                        fault=outcome.fault) if outcome.faulted else "")
    return ngettext("{title} ({id}): {n:,} game, seeds {first}..{last}, seats {seats}{stopped}{faulted}",
                    "{title} ({id}): {n:,} games, seeds {first}..{last}, seats {seats}{stopped}{faulted}", games,
                    title=name(rules, rules.id, "title"), id=rules.id, first=seed, last=seed + games - 1,
                    seats=seats_text(outcome.seats), stopped=stopped, faulted=faulted)


def force_lines(outcome: Outcome) -> list[str]:
    lines = []
    for r in outcome.forces:
        why = "; ".join(f"{reason.replace('_', ' ')} {n}" for reason, n in r.reasons.items())
        lines.append(_("forced {force}: applied in {applied}, illegal (skipped) in {illegal}", force=r.force,
                       applied=r.applied, illegal=r.illegal)
                     + (f" ({why})" if why else "") + (_(", game already over in {n}", n=r.over) if r.over else ""))
    return lines


def outcome_lines(rules: Rules, outcome: Outcome, all_tracks: bool, tracks: bool = True) -> list[str]:
    """One arm's figures: forced orders, wins, war, crises, scores, and (if `tracks`) the final tracks' distribution."""
    names = {f.id: faction_name(rules, f.id) for f in rules.factions}
    lines = force_lines(outcome)
    lines.append(_("wins:   {shares}  | war {war} (nobody wins)", shares="  ".join(
        f"{names[f]} {pct(s)}" for f, s in outcome.win_share.items()), war=pct(outcome.war_rate)))
    lines.append(_("crisis rate {rate}: {definition}", rate=pct(outcome.crisis_rate), definition=_(CRISIS_DEFINITION)))
    crises = [f"{e} {pct(s).strip()}" for e, s in outcome.crises.items() if s > 0]
    lines.append(_("  by crisis: {crises}", crises=", ".join(crises) or _("none fired")))
    others = [f"{e} {pct(s).strip()}" for e, s in outcome.triggered.items() if s > 0 and e not in outcome.crises]
    if others:  # a triggered event that is no crisis (a CPTPP accession) is listed, never counted
        lines.append(_("  other triggered events (not crises): {events}", events=", ".join(others)))
    lines.append(_("mean score: {scores}", scores="  ".join(f"{names[f]} {v:.1f}" for f, v in outcome.scores.items())))
    if outcome.moves:  # a what-if read back from an older record has no move counts
        joint = outcome.joint_per_game(rules)
        lines.append(_("joint moves per game: {done} completed, {unmatched} unmatched (ordered by one ally only)",
                       done=f"{joint.orders:.2f}", unmatched=f"{joint.unmatched:.2f}"))
    if not tracks:
        return lines
    lines.append(_("final tracks:") if all_tracks else _("final tracks (core and tension; all with --all-tracks):"))
    track, mean = _("track"), _("mean")
    lines.append(f"  {left(track, NAME_WIDTH)} {right(mean, 8)} {'p10':>8} {'p50':>8} {'p90':>8}")
    for t in shown_tracks(rules, all_tracks):
        s = outcome.tracks[t]
        lines.append(f"  {t:<{NAME_WIDTH}} {s.mean:8.2f} {s.p10:8.2f} {s.p50:8.2f} {s.p90:8.2f}")
    return lines


def run_lines(rules: Rules, outcome: Outcome, all_tracks: bool) -> list[str]:
    return [header(rules, outcome), *outcome_lines(rules, outcome, all_tracks)]


def arm_label(outcome: Outcome) -> str:
    return ", ".join(str(r.force) for r in outcome.forces) or _("no forced order")


def comparison_lines(rules: Rules, cmp: Comparison, all_tracks: bool) -> list[str]:
    """Both arms' figures, then a table of A, B and B − A of the win shares, rates and final track means,
    with twice the standard error of each difference (the games are paired by seed)."""
    a, b = cmp.a, cmp.b
    names = {f.id: faction_name(rules, f.id) for f in rules.factions}
    lines = [header(rules, a), _("arm A: {label}", label=arm_label(a)), _("arm B: {label}", label=arm_label(b))]
    lines += [_("== arm A =="), *outcome_lines(rules, a, all_tracks, tracks=False)]
    lines += [_("== arm B =="), *outcome_lines(rules, b, all_tracks, tracks=False)]
    lines += [_("== B − A (same seeds; ± two standard errors of the paired difference) ==")]
    lines.append(f"  {'':<{NAME_WIDTH}} {'A':>8} {'B':>8} {'B − A':>9} {'± 2 s.e.':>9}")
    for f, d in cmp.win_share.items():
        wins = _("wins {faction}", faction=names[f])
        lines.append(f"  {left(wins, NAME_WIDTH)} {pct(a.win_share[f]):>8} {pct(b.win_share[f]):>8} "
                     f"{100 * d.mean:+8.1f}% {200 * d.se:8.1f}%")
    for label, d, va, vb in ((_("war"), cmp.war_rate, a.war_rate, b.war_rate),
                             (_("crisis"), cmp.crisis_rate, a.crisis_rate, b.crisis_rate)):
        lines.append(f"  {left(label, NAME_WIDTH)} {pct(va):>8} {pct(vb):>8} {100 * d.mean:+8.1f}% {200 * d.se:8.1f}%")
    for t in shown_tracks(rules, all_tracks):
        d = cmp.tracks[t]
        lines.append(f"  {t:<{NAME_WIDTH}} {a.tracks[t].mean:8.2f} {b.tracks[t].mean:8.2f} {d.mean:+9.2f} "
                     f"{2 * d.se:9.2f}")
    return lines


def balance_lines(rules: Rules, bal: Balance) -> list[str]:
    """The balance table: a row per seat mix (wins, war, crisis, games), greedy winners' top moves, the flags."""
    names = {f.id: faction_name(rules, f.id) for f in rules.factions}
    first = bal.mixes[0].outcome
    lines = [_("Balance of {title} ({id}): every seat mix on the same seeds (from {seed}); a personality plays "
               "against the other factions' default doctrines", title=name(rules, rules.id, "title"), id=rules.id,
               seed=first.seed)]
    width = max([NAME_WIDTH] + [columns(m.label) + 1 for m in bal.mixes])
    mix, war, crisis, games = _("mix"), _("war"), _("crisis"), _("games")
    lines.append(f"  {left(mix, width)}" + "".join(right(names[f], 15) for f in first.win_share)
                 + f"{right(war, 9)}{right(crisis, 9)}{right(games, 8)}")  # a flag mark follows a share
    for m in bal.mixes:
        lo, hi = m.band
        o = m.outcome
        cells = "".join(right(pct(s) + (" " if lo <= s <= hi else "!"), 15) for s in o.win_share.values())
        war_ok = m.label not in WAR_MIXES or 0 < o.war_rate <= 0.5
        lines.append(f"  {left(m.label, width)}{cells}{right(pct(o.war_rate) + (' ' if war_ok else '!'), 9)}"
                     f"{right(pct(o.crisis_rate), 9)}{o.games:>8,}")
    (ulo, uhi), (plo, phi) = BALANCED_WINS, PERSONALITY_WINS
    lines.append(_("  (! a faction outside {ulo:.0%}–{uhi:.0%} wins under a uniform mix or {plo:.0%}–{phi:.0%} "
                   "against a personality, or war in none or most of the random or greedy games; crisis: "
                   "{definition})", ulo=ulo, uhi=uhi, plo=plo, phi=phi, definition=_(CRISIS_DEFINITION)))
    if bal.greedy is not None:
        lines.append(_("Greedy winners' orders: share taken by each move (top {top}; ! above {dominant:.0%}):",
                       top=TOP_MOVES, dominant=DOMINANT_MOVE))
        for f in first.win_share:
            top = bal.top_moves(f)
            cells = [f"{m} {pct(s).strip()}" + (" !" if s > DOMINANT_MOVE else "") for m, s in top.items()]
            lines.append(f"  {names[f]}: " + (", ".join(cells) or _("(never won)")))
    none = _("Flags: none — every faction wins {ulo:.0%}–{uhi:.0%} under each uniform mix and {plo:.0%}–{phi:.0%} "
             "against each personality, war comes in some random and greedy games but not most, and no move "
             "dominates", ulo=ulo, uhi=uhi, plo=plo, phi=phi)
    lines.append(_("Flags:") if bal.flags else none)
    lines += [f"  ! {flag}" for flag in bal.flags]
    return lines


def strength_lines(rules: Rules, pairings: list[Pairing]) -> list[str]:
    """The strength table: for each pairing, the share of paired games the first bot won, per seat and overall."""
    names = [faction_name(rules, f.id) for f in rules.factions]
    first = pairings[0]
    width = max(len(f"{p.bot} vs {p.against}") for p in pairings) + 2
    pairing, every_seat = _("pairing"), _("all seats")
    lines = [_("Strength on {title} ({id}): {n:,} seeds a seat (from {seed}). Each bot sits in one seat with the other "
               "bot in the other two; it wins a seed when its margin over the best rival beats the margin the other "
               "bot got in that seat on that seed (ties count half).", title=name(rules, rules.id, "title"),
               id=rules.id, n=first.games, seed=first.seed),
             f"  {left(pairing, width)}" + "".join(right(n, 16) for n in names) + f"{right(every_seat, 12)}{'±':>7}"]
    for p in pairings:
        cells = "".join(f"{pct(w):>16}" for w in p.wins.values())
        lines.append(f"  {f'{p.bot} vs {p.against}':<{width}}{cells}{pct(p.overall):>12}{100 * p.stderr:>6.1f}%")
    lines.append(_("  Mean margin over the best rival, first bot / second bot in the same seat (a war counts -100):"))
    for p in pairings:
        cells = "".join(f"{f'{m[0]:+.1f} / {m[1]:+.1f}':>16}" for m in p.margin.values())
        lines.append(f"  {f'{p.bot} vs {p.against}':<{width}}{cells}")
    return lines
