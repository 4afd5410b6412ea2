"""Plain-text tables of analysis results for the terminal."""

from __future__ import annotations

from game.analysis import CRISIS_DEFINITION, Balance, Comparison, Outcome
from game.analysis.compare import BALANCED_WINS, DOMINANT_MOVE, TOP_MOVES
from game.analysis.strength import Pairing
from game.rules.compiled import Rules

SHOWN_GROUPS = ("core", "tension")  # tracks shown without --all-tracks: the core tracks and the seas' tension
NAME_WIDTH = 24


def shown_tracks(rules: Rules, all_tracks: bool) -> list[str]:
    return [t.id for t in rules.tracks if all_tracks or t.group in SHOWN_GROUPS]


def pct(share: float) -> str:
    return f"{100 * share:5.1f}%"


def seats_text(seats: dict[str, str]) -> str:
    return ",".join(f"{f}={bot}" for f, bot in seats.items())


def header(rules: Rules, outcome: Outcome) -> str:
    games, seed = outcome.games, outcome.seed
    stopped = (f", stopped after turn {outcome.turns} of {rules.n_turns} (no winner yet)"
               if outcome.turns < rules.n_turns else "")
    faulted = (f"\n{outcome.faulted:,} of them faulted and are left out of every figure below: {outcome.fault}"
               if outcome.faulted else "")
    return (f"{rules.scenario.title} ({rules.id}): {games:,} game{'s' if games != 1 else ''}, "
            f"seeds {seed}..{seed + games - 1}, seats {seats_text(outcome.seats)}{stopped}{faulted}")


def force_lines(outcome: Outcome) -> list[str]:
    lines = []
    for r in outcome.forces:
        why = "; ".join(f"{reason.replace('_', ' ')} {n}" for reason, n in r.reasons.items())
        lines.append(f"forced {r.force}: applied in {r.applied}, illegal (skipped) in {r.illegal}"
                     + (f" ({why})" if why else "") + (f", game already over in {r.over}" if r.over else ""))
    return lines


def outcome_lines(rules: Rules, outcome: Outcome, all_tracks: bool, tracks: bool = True) -> list[str]:
    """One arm's figures: forced orders, wins, war, crises, scores, and (if `tracks`) the final tracks' distribution."""
    names = {f.id: f.name for f in rules.factions}
    lines = force_lines(outcome)
    lines.append("wins:   " + "  ".join(f"{names[f]} {pct(s)}" for f, s in outcome.win_share.items())
                 + f"  | war {pct(outcome.war_rate)} (nobody wins)")
    lines.append(f"crisis rate {pct(outcome.crisis_rate)}: {CRISIS_DEFINITION}")
    crises = [f"{e} {pct(s).strip()}" for e, s in outcome.crises.items() if s > 0]
    lines.append("  by crisis: " + (", ".join(crises) or "none fired"))
    others = [f"{e} {pct(s).strip()}" for e, s in outcome.triggered.items() if s > 0 and e not in outcome.crises]
    if others:  # a triggered event that is no crisis (a CPTPP accession) is listed, never counted
        lines.append("  other triggered events (not crises): " + ", ".join(others))
    lines.append("mean score: " + "  ".join(f"{names[f]} {v:.1f}" for f, v in outcome.scores.items()))
    if not tracks:
        return lines
    lines.append(f"final tracks{'' if all_tracks else ' (core and tension; all with --all-tracks)'}:")
    lines.append(f"  {'track':<{NAME_WIDTH}} {'mean':>8} {'p10':>8} {'p50':>8} {'p90':>8}")
    for t in shown_tracks(rules, all_tracks):
        s = outcome.tracks[t]
        lines.append(f"  {t:<{NAME_WIDTH}} {s.mean:8.2f} {s.p10:8.2f} {s.p50:8.2f} {s.p90:8.2f}")
    return lines


def run_lines(rules: Rules, outcome: Outcome, all_tracks: bool) -> list[str]:
    return [header(rules, outcome), *outcome_lines(rules, outcome, all_tracks)]


def arm_label(outcome: Outcome) -> str:
    return ", ".join(str(r.force) for r in outcome.forces) or "no forced order"


def comparison_lines(rules: Rules, cmp: Comparison, all_tracks: bool) -> list[str]:
    """Both arms' figures, then a table of A, B and B − A of the win shares, rates and final track means,
    with twice the standard error of each difference (the games are paired by seed)."""
    a, b = cmp.a, cmp.b
    names = {f.id: f.name for f in rules.factions}
    lines = [header(rules, a), f"arm A: {arm_label(a)}", f"arm B: {arm_label(b)}"]
    lines += ["== arm A ==", *outcome_lines(rules, a, all_tracks, tracks=False)]
    lines += ["== arm B ==", *outcome_lines(rules, b, all_tracks, tracks=False)]
    lines += ["== B − A (same seeds; ± two standard errors of the paired difference) =="]
    lines.append(f"  {'':<{NAME_WIDTH}} {'A':>8} {'B':>8} {'B − A':>9} {'± 2 s.e.':>9}")
    for f, d in cmp.win_share.items():
        lines.append(f"  {'wins ' + names[f]:<{NAME_WIDTH}} {pct(a.win_share[f]):>8} {pct(b.win_share[f]):>8} "
                     f"{100 * d.mean:+8.1f}% {200 * d.se:8.1f}%")
    for label, d, va, vb in (("war", cmp.war_rate, a.war_rate, b.war_rate),
                             ("crisis", cmp.crisis_rate, a.crisis_rate, b.crisis_rate)):
        lines.append(f"  {label:<{NAME_WIDTH}} {pct(va):>8} {pct(vb):>8} {100 * d.mean:+8.1f}% {200 * d.se:8.1f}%")
    for t in shown_tracks(rules, all_tracks):
        d = cmp.tracks[t]
        lines.append(f"  {t:<{NAME_WIDTH}} {a.tracks[t].mean:8.2f} {b.tracks[t].mean:8.2f} {d.mean:+9.2f} "
                     f"{2 * d.se:9.2f}")
    return lines


def balance_lines(rules: Rules, bal: Balance) -> list[str]:
    """The balance table: wins, war and crises with random and with greedy seats; greedy winners' top moves; flags."""
    r, g = bal.random, bal.greedy
    names = {f.id: f.name for f in rules.factions}
    lo, hi = BALANCED_WINS
    if g is not None and g.games == r.games:
        head = f"the same {r.games:,} seeds (from {r.seed}) with every seat greedy"
    else:  # stopped by Ctrl-C in the greedy mix, or before it
        head = f"the first {g.games:,} of those seeds with every seat greedy" if g else "no greedy games (stopped)"
    lines = [f"Balance of {rules.scenario.title} ({rules.id}): {r.games:,} games with every seat random, {head}",
             f"  {'':<{NAME_WIDTH}} {'random':>8} {'greedy':>8}"]  # a flag mark follows a value

    def cell(o, share) -> str:
        return "—" if o is None else pct(share(o))

    for f in r.win_share:
        cells = [cell(o, lambda o: o.win_share[f]) + (" " if o is None or lo <= o.win_share[f] <= hi else "!")
                 for o in (r, g)]
        lines.append(f"  {'wins ' + names[f]:<{NAME_WIDTH}} {cells[0]:>9}{cells[1]:>9}")
    lines.append(f"  {'war':<{NAME_WIDTH}} {cell(r, lambda o: o.war_rate):>8}  {cell(g, lambda o: o.war_rate):>8}")
    lines.append(f"  {'crisis':<{NAME_WIDTH}} {cell(r, lambda o: o.crisis_rate):>8}  "
                 f"{cell(g, lambda o: o.crisis_rate):>8}")
    lines.append(f"  (! outside {lo:.0%}–{hi:.0%} wins; crisis: {CRISIS_DEFINITION})")
    lines.append(f"Greedy winners' orders: share taken by each move (top {TOP_MOVES}; ! above {DOMINANT_MOVE:.0%}):")
    for f in r.win_share:
        top = bal.top_moves(f)
        cells = [f"{m} {pct(s).strip()}" + (" !" if s > DOMINANT_MOVE else "") for m, s in top.items()]
        lines.append(f"  {names[f]}: " + (", ".join(cells) or "(never won)"))
    none = f"Flags: none — every faction wins {lo:.0%}–{hi:.0%}, war comes in some games but not most, and no move dominates"
    lines.append("Flags:" if bal.flags else none)
    lines += [f"  ! {flag}" for flag in bal.flags]
    return lines


def strength_lines(rules: Rules, pairings: list[Pairing]) -> list[str]:
    """The strength table: for each pairing, the share of paired games the first bot won, per seat and overall."""
    names = [f.name for f in rules.factions]
    first = pairings[0]
    width = max(len(f"{p.bot} vs {p.against}") for p in pairings) + 2
    lines = [(f"Strength on {rules.scenario.title} ({rules.id}): {first.games:,} seeds a seat (from {first.seed}). "
              "Each bot sits in one seat with the other bot in the other two; it wins a seed when its margin over "
              "the best rival beats the margin the other bot got in that seat on that seed (ties count half)."),
             f"  {'pairing':<{width}}" + "".join(f"{n:>16}" for n in names) + f"{'all seats':>12}{'±':>7}"]
    for p in pairings:
        cells = "".join(f"{pct(w):>16}" for w in p.wins.values())
        lines.append(f"  {f'{p.bot} vs {p.against}':<{width}}{cells}{pct(p.overall):>12}{100 * p.stderr:>6.1f}%")
    lines.append("  Mean margin over the best rival, first bot / second bot in the same seat (a war counts -100):")
    for p in pairings:
        cells = "".join(f"{f'{m[0]:+.1f} / {m[1]:+.1f}':>16}" for m in p.margin.values())
        lines.append(f"  {f'{p.bot} vs {p.against}':<{width}}{cells}")
    return lines
