// A team's page: the briefing, its orders and moves, its proposals to and from its partners, goals and score, the
// map, the dashboard, every team's status; the turn's report after resolution and the debrief at the end. Every
// device holding the code sees the same state, and any of them can order, undo, commit, propose and answer.

import { CODE_KEY, Countdown, briefingPanel, codeFromPath, connect, dashboardRows, debriefPanel, el, fill, lead, list,
         messageBanner, number, ordinal, placeLanguageSwitch, ready, signed, summaryList, t, teamsList, tn, trackTable,
         turnLine } from "/static/app.js";
import { drawMap, loadMap } from "/static/map.js";

const code = codeFromPath();
localStorage.setItem(CODE_KEY, code);
const $ = (id) => document.getElementById(id);
const countdown = new Countdown($("timer"));
const picked = {}; // move -> the target this device picked (kept across states)
const drafts = {}; // a text box's key -> what this device typed in it (kept across states: each state redraws the page)
const countering = {}; // proposal number -> the joint move picked to offer instead
let state = null;
let map = null;
let errorTimer = null;

await ready; // the page speaks its language from the first word
placeLanguageSwitch();
const link = connect({ type: "hello", code }, {
  state(msg) { state = msg; hideError(); render(); },
  error(msg) { showError(msg.message); },
});
window.classroom = link;
loadMap().then((m) => { map = m; if (state) render(); }).catch((exc) => showError(exc.message));
window.addEventListener("resize", () => { if (state) drawMapPanel(); });

function showError(text) {
  const node = $("error");
  node.textContent = text;
  node.classList.remove("hidden");
  clearTimeout(errorTimer);
  errorTimer = setTimeout(hideError, 8000);
}
function hideError() { $("error").classList.add("hidden"); }

function send(message) { link.send(message); }

// ---- words -------------------------------------------------------------------------------------

const TIE = 1e-9; // scores closer than this are tied (game.engine.margins.TIE)

/** A faction's place from the scores: 1 + how many score more (as game.session.scoring ranks them). */
function placeOf(faction, scores) {
  return 1 + Object.keys(scores).filter((f) => scores[f] > scores[faction] + TIE).length;
}

/** As the window's goals panel: `1st of 3, leading Japan by +2`, `2nd of 3; United States leads by 2`. */
function rankText(faction, scores, names) {
  const n = Object.keys(scores).length;
  const mine = scores[faction];
  const rivals = Object.keys(scores).filter((f) => f !== faction);
  const place = ordinal(placeOf(faction, scores));
  if (!rivals.length) return t("{place} of {n}", { place, n });
  const level = rivals.filter((f) => number(scores[f] - mine) === "0");
  if (rivals.some((f) => Math.abs(scores[f] - mine) <= TIE) || level.length) {
    const best = Math.min(...[...level, faction].map((f) => placeOf(f, scores)));
    return t("tied for {place} of {n}", { place: ordinal(best), n });
  }
  const best = rivals.sort((a, b) => scores[b] - scores[a])[0];
  const gap = mine - scores[best];
  return gap > 0 ? t("{place} of {n}, leading {rival} by {gap}", { place, n, rival: names[best], gap: signed(gap) })
                 : t("{place} of {n}; {rival} leads by {gap}", { place, n, rival: names[best], gap: number(-gap) });
}

function orderName(text, moves) {
  const [move, target] = text.split("@").map((s) => s.trim());
  const entry = moves.find((m) => m.move === move);
  const name = entry ? entry.name : move;
  if (!target) return name;
  const found = entry && entry.targets ? entry.targets.find((x) => x.id === target) : null;
  return t("{move} ({target})", { move: name, target: found ? found.name : target });
}

// ---- panels ------------------------------------------------------------------------------------

function header() {
  const { room, view } = state;
  const team = room.teams[view.faction];
  fill($("who"), el("span", { class: "swatch", style: `background:${team.colour}` }), team.name);
  $("title").textContent = room.title;
  $("turn").textContent = turnLine(room);
  document.title = `${team.name} — Pacific Trilemma`;
  countdown.set(room.phase === "orders" ? room.timer : null);
  messageBanner($("message"), room);
}

function ordersPanel() {
  const { room, view, moves } = state;
  const mine = view.faction;
  const committed = view.committed.includes(mine);
  const bot = room.teams[mine].seat !== "human";
  const open = room.phase === "orders" && !room.paused && !committed && !bot;
  const panel = el("section", { class: "panel orders", id: "orders" }, el("h2", {}, t("Your orders this turn")));
  if (room.phase === "lobby") panel.append(el("p", {}, t("Waiting for the teacher to start the game.")));
  if (bot) panel.append(el("p", { class: "status bot" }, t("A bot ({seat}) plays for your team now; the teacher can hand the seat back.", { seat: room.teams[mine].seat })));
  if (view.own_orders.length) {
    const held = {}; // an order a proposal or an agreement holds: it is withdrawn, not undone
    for (const p of view.proposals || []) {
      if (p.standing === "accepted") held[p.order] = t("agreed");
      else if (p.standing === "open" && (p.by === mine || p.accepted.includes(mine))) held[p.order] = t("proposed");
    }
    panel.append(el("ol", {}, view.own_orders.map((o) => el("li", {}, orderName(o, moves),
      held[o] ? el("span", { class: "tag held" }, held[o]) : null))));
  } else if (room.phase === "orders") {
    panel.append(el("p", { class: "muted" }, t("No orders yet: pick moves below.")));
  }
  const partners = Object.entries(view.partner_orders || {}).flatMap(([move, by]) => Object.entries(by).map(([f, target]) => {
    const ordered = orderName(target ? `${move}@${target}` : move, moves);
    return el("li", {}, t("{team} has ordered {move}", { team: room.teams[f] ? room.teams[f].name : f, move: ordered }));
  }));
  if (partners.length) panel.append(el("h3", {}, t("Your partners' joint moves")), el("ul", {}, partners));
  if (committed && room.phase === "orders") panel.append(el("p", { class: "status committed" }, t("Committed — waiting for the other teams.")));
  if (room.phase === "orders") {
    panel.append(el("div", { class: "actions" },
      el("button", { id: "undo", disabled: !open || !view.own_orders.length, onclick: () => send({ type: "undo" }) }, t("Undo last order")),
      el("button", { id: "commit", class: "primary", disabled: !open, onclick: () => send({ type: "commit" }) }, committed ? t("Committed") : t("Commit orders"))));
  }
  return panel;
}

function moveCard(move, open) {
  const targets = move.targets;
  let select = null;
  if (targets) {
    const usable = targets.filter((x) => x.available);
    if (!usable.some((x) => x.id === picked[move.move])) picked[move.move] = usable.length ? usable[0].id : null;
    select = el("select", { "aria-label": t("target of {move}", { move: move.name }), disabled: !open || !usable.length,
                            onchange: (e) => { picked[move.move] = e.target.value; } },
      targets.map((x) => el("option", { value: x.id, disabled: !x.available, selected: x.id === picked[move.move] },
        x.available ? x.name : t("{target} — {why}", { target: x.name, why: x.why }))));
  }
  const chosen = () => {
    const target = targets ? picked[move.move] : null;
    return target ? `${move.move}@${target}` : move.move;
  };
  const order = () => send({ type: "order", order: chosen() });
  const partners = (move.partners || []).filter((p) => p !== state.view.faction);
  const proposable = partners.length && state.negotiation && !state.negotiation.proposed
    && state.negotiation.offers.some((o) => o.order.split(" @ ")[0] === move.move);
  const propose = () => send({ type: "propose", order: chosen(), reason: drafts["propose-reason"] || "" });
  const blocked = targets ? targets.filter((x) => !x.available) : [];
  return el("article", { class: `move${move.available ? "" : " unavailable"}${move.ordered ? " ordered" : ""}`, "data-move": move.move },
    el("div", { class: "head" }, el("span", { class: "name" }, move.name), el("span", { class: "cost" }, move.cost_text)),
    move.ordered ? el("span", { class: "tag" }, t("ordered")) : null,
    move.description ? el("p", {}, move.description) : null,
    move.requires ? el("p", { class: "small muted" }, lead(t("Requires")) + move.requires) : null,
    move.partners && move.partners.length ? el("p", { class: "small muted" }, t("Joint move with {teams}", { teams: list(move.partners.map((p) => state.room.teams[p] ? state.room.teams[p].name : p)) })) : null,
    move.effect.length ? el("p", { class: "effect small" }, move.effect[0]) : null,
    move.available ? null : el("p", { class: "why small" }, lead(t("Unavailable")) + move.why),
    move.available && blocked.length ? el("details", { class: "small muted", "data-key": `blocked-${move.move}` }, el("summary", {}, tn("{n} target not possible", "{n} targets not possible", blocked.length)),
      el("ul", {}, blocked.map((x) => el("li", {}, lead(x.name) + x.why)))) : null,
    move.effect.length > 1 || move.sources.length ? el("details", { class: "small", "data-key": `more-${move.move}` },
      el("summary", {}, t("More: the other changes and the sources")),
      move.effect.slice(1).map((line) => el("p", { class: "effect" }, line)),
      move.sources.length ? el("p", { class: "muted" }, lead(t("Sources")) + list(move.sources)) : null) : null,
    open && move.available ? el("div", { class: "act" }, select, el("button", { class: "primary", onclick: order }, t("Order")),
      proposable ? el("button", { class: "propose", onclick: propose }, t("Propose to {teams}", { teams: list(partners.map(teamName)) })) : null) : null,
  );
}

// ---- proposals ---------------------------------------------------------------------------------

function teamName(f) { return state.room.teams[f] ? state.room.teams[f].name : f; }

/** A proposal's joint move in words (the server names every order of the proposals the team is party to). */
function dealName(order) {
  return (state.negotiation && state.negotiation.names[order]) || orderName(order.replace(/ @ /, "@"), state.moves);
}

/** A text box that keeps what was typed on this device across states (`key` in drafts). */
function draftBox(key, placeholder, disabled) {
  return el("input", { type: "text", maxlength: 300, "data-draft": key, placeholder, "aria-label": placeholder, disabled,
                       value: drafts[key] || "", oninput: (e) => { drafts[key] = e.target.value; } });
}

function reasonOf(key) { const text = drafts[key] || ""; delete drafts[key]; return text; }

/** An open proposal waiting for this team's answer: accept, decline (with a reason), or counter with a joint move. */
function incomingCard(p, open) {
  const key = `reason-${p.number}`;
  const offers = state.negotiation.offers.filter((o) => o.partners.includes(p.by) && o.order !== p.order);
  if (!offers.some((o) => o.order === countering[p.number])) countering[p.number] = offers.length ? offers[0].order : null;
  const answer = (kind) => {
    const message = { type: "answer", number: p.number, answer: kind, reason: reasonOf(key) };
    if (kind === "counter") message.counter = countering[p.number].replace(/ @ /, "@");
    send(message);
  };
  const head = p.counters ? t("{team} answers with a counter-proposal: {move}", { team: teamName(p.by), move: dealName(p.order) })
                          : t("{team} proposes {move}", { team: teamName(p.by), move: dealName(p.order) });
  return el("article", { class: "proposal incoming", "data-number": p.number },
    el("p", {}, el("strong", {}, head)),
    p.reason ? el("blockquote", {}, p.reason) : null,
    el("p", { class: "small muted" }, t("Accepting puts it in your orders too; its cost is yours to pay as well.")),
    draftBox(key, t("Your reason (optional)"), !open),
    el("div", { class: "actions" },
      el("button", { class: "primary", "data-act": "accept", disabled: !open, onclick: () => answer("accept") }, t("Accept")),
      el("button", { "data-act": "decline", disabled: !open, onclick: () => answer("decline") }, t("Decline"))),
    offers.length ? el("div", { class: "act counter" },
      el("select", { "aria-label": t("a joint move to offer instead"), disabled: !open,
                     onchange: (e) => { countering[p.number] = e.target.value; } },
        offers.map((o) => el("option", { value: o.order, selected: o.order === countering[p.number] }, o.name))),
      el("button", { "data-act": "counter", disabled: !open, onclick: () => answer("counter") }, t("Counter"))) : null);
}

/** An open proposal of this team's, or an agreement it is party to: where it stands, and Withdraw. */
function heldCard(p, open) {
  const key = `withdraw-${p.number}`;
  const others = list(p.parties.filter((f) => f !== state.view.faction).map(teamName));
  const agreed = p.standing === "accepted";
  return el("article", { class: `proposal ${agreed ? "agreed" : "outgoing"}`, "data-number": p.number },
    el("p", {}, el("strong", {}, agreed ? t("Agreed with {teams}: {move}", { teams: others, move: dealName(p.order) })
                                        : t("Proposed to {teams}: {move}", { teams: others, move: dealName(p.order) }))),
    p.reason ? el("blockquote", {}, p.reason) : null,
    el("p", { class: `small ${agreed ? "up" : "muted"}` }, agreed ? t("Both teams' orders hold it; either team may withdraw the agreement.")
                                                                  : t("Waiting for {teams} to answer; its cost is held in your orders.", { teams: others })),
    el("div", { class: "act" }, draftBox(key, t("Your reason (optional)"), !open),
      el("button", { class: "danger", "data-act": "withdraw", disabled: !open,
                     onclick: () => send({ type: "withdraw", number: p.number, reason: reasonOf(key) }) },
        agreed ? t("Withdraw the agreement") : t("Withdraw"))));
}

/** What became of a proposal that is over: who declined, countered, withdrew, or that it lapsed; with their words. */
function closedLine(p) {
  const move = dealName(p.order);
  const who = teamName(p.answered_by);
  const text = {
    declined: () => t("{team} declined {move}", { team: who, move }),
    countered: () => t("{team} answered {move} with a counter-proposal", { team: who, move }),
    withdrawn: () => t("{team} withdrew {move}", { team: who, move }),
    lapsed: () => (p.answered_by ? t("{move} lapsed: {team} committed without answering", { team: who, move })
                                 : t("{move} lapsed unanswered", { move })),
  }[p.standing];
  return el("li", { class: `proposal-${p.standing}`, "data-number": p.number }, text ? text() : move,
    p.answer_reason ? el("blockquote", {}, p.answer_reason) : null);
}

function proposalsPanel() {
  const { room, view, negotiation } = state;
  if (!negotiation || room.phase !== "orders") return null;
  const mine = view.faction;
  const open = room.phase === "orders" && !room.paused && !view.committed.includes(mine) && room.teams[mine].seat === "human";
  const all = (view.proposals || []).map((p) => ({ ...p, parties: [p.by, ...p.to] }));
  const incoming = all.filter((p) => p.standing === "open" && p.to.includes(mine) && !p.accepted.includes(mine));
  const held = all.filter((p) => p.standing === "accepted" || (p.standing === "open" && (p.by === mine || p.accepted.includes(mine))));
  const closed = all.filter((p) => !["open", "accepted"].includes(p.standing));
  const joint = state.moves.filter((m) => (m.partners || []).length);
  if (!joint.length && !all.length) return null; // this faction has no joint moves here: nothing to negotiate
  const title = el("h2", {}, t("Proposals"), incoming.length ? el("span", { class: "tag waiting" }, tn("{n} waiting for your answer", "{n} waiting for your answer", incoming.length)) : null);
  const panel = el("section", { class: "panel proposals", id: "proposals" }, title);
  if (incoming.length) panel.append(el("div", { class: "deals" }, incoming.map((p) => incomingCard(p, open))));
  if (held.length) panel.append(el("div", { class: "deals" }, held.map((p) => heldCard(p, open))));
  if (closed.length) panel.append(el("h3", {}, t("What happened")), el("ul", { class: "closed" }, closed.map(closedLine)));
  if (negotiation.proposed) {
    panel.append(el("p", { class: "small muted" }, t("Your team's proposal is waiting for its answer; withdraw it to propose another.")));
  } else if (open) {
    const partners = [...new Set(joint.flatMap((m) => m.partners).filter((f) => f !== mine))];
    panel.append(el("p", { class: "small muted" }, t("To propose a joint move, press “Propose to {teams}” on its card under Moves; these words go with it:", { teams: list(partners.map(teamName)) })),
      draftBox("propose-reason", t("Why your partner should agree (optional)"), false));
  } else if (!all.length) {
    panel.append(el("p", { class: "muted" }, t("No proposals this turn.")));
  }
  return panel;
}

function movesPanel() {
  const { room, view, moves } = state;
  const mine = view.faction;
  const open = room.phase === "orders" && !room.paused && !view.committed.includes(mine) && room.teams[mine].seat === "human";
  const panel = el("section", { class: "panel", id: "moves" }, el("h2", {}, t("Moves")));
  const categories = [];
  for (const m of moves) if (!categories.includes(m.category)) categories.push(m.category);
  for (const category of categories) {
    const list = moves.filter((m) => m.category === category);
    list.sort((a, b) => Number(b.available) - Number(a.available));
    const heading = { economic: t("economic"), security: t("security"), diplomatic: t("diplomatic") }[category] || category;
    panel.append(el("div", { class: "category" }, el("h3", {}, heading), el("div", { class: "moves" }, list.map((m) => moveCard(m, open)))));
  }
  return panel;
}

function goalsPanel() {
  const { room, view } = state;
  const names = Object.fromEntries(Object.entries(room.teams).map(([f, t]) => [f, t.name]));
  const f = view.faction;
  const terms = (view.score_breakdown || {})[f] || [];
  const order = Object.keys(view.scores).sort((a, b) => view.scores[b] - view.scores[a]);
  return el("section", { class: "panel goals", id: "goals" },
    el("h2", {}, t("Goals & score — {team}", { team: names[f] })),
    el("p", {}, el("strong", {}, lead(t("Now"))), rankText(f, view.scores, names)),
    el("p", {}, el("strong", {}, lead(t("Running totals"))), list(order.map((g) => t("{team} {score} ({rank})", { team: names[g], score: number(view.scores[g]), rank: view.rank[g] })))),
    el("p", { class: "muted small" }, t("Scored on (the score is the sum of the points):")),
    terms.length ? el("table", {}, terms.map((term) => el("tr", {}, el("td", {}, term.term), el("td", { class: "num" }, number(term.value)),
      el("td", { class: "num" }, t("{points} points", { points: signed(term.points) }))))) : el("p", { class: "muted" }, t("no scoring terms in this scenario")));
}

function drawMapPanel() {
  const node = $("map");
  if (node && map) drawMap(node, map, state.view.tracks, state.room.teams, state.view.faction, 15, state.room.regions);
}

function dashboardPanel() {
  const rows = dashboardRows(state);
  const last = state.view.history[state.view.history.length - 1];
  const headline = rows.filter((r) => r.headline);
  const support = rows.filter((r) => !r.headline);
  return el("section", { class: "panel tracks", id: "dashboard" }, el("h2", {}, t("Dashboard")),
    trackTable(headline, state.view.tracks, last),
    support.length ? el("details", { "data-key": "tracks", open: window.innerWidth >= 900 }, el("summary", {}, t("More tracks")), trackTable(support, state.view.tracks, last)) : null);
}

function reportPanel() {
  const history = state.view.history;
  const report = history[history.length - 1];
  if (!report) return null;
  const names = Object.fromEntries(Object.entries(state.room.teams).map(([f, t]) => [f, t.name]));
  const scores = Object.keys(report.scores_after).map((f) => t("{team} {before} → {after}", { team: names[f] || f, before: number(report.scores_before[f]), after: number(report.scores_after[f]) }));
  return el("section", { class: "panel report wide", id: "report" },
    el("h2", {}, t("Report — {label}", { label: report.label })),
    summaryList(report),
    el("p", {}, el("strong", {}, lead(t("Scores"))), list(scores)),
    el("details", { "data-key": "changes" }, el("summary", {}, t("Every change and its causes")),
      el("table", {}, report.changes.map((c) => el("tr", {}, el("td", {}, c.name, el("div", { class: "small muted" },
        c.causes.map((k) => `${k.cause} ${signed(k.amount)}`).join(t("; ")))),
        el("td", { class: "num" }, `${number(c.before)} → ${number(c.after)}`),
        el("td", { class: `num ${c.after > c.before ? "up" : "down"}` }, signed(c.after - c.before)))))),
    state.room.phase === "report" ? el("p", { class: "muted" }, t("Waiting for the teacher to open the next turn.")) : null);
}

function teamsPanel() {
  return el("section", { class: "panel", id: "teams" }, el("h2", {}, t("Teams")), teamsList(state.room));
}

let shownPhase = null;

function render() {
  header();
  const phase = state.room.phase;
  const turnPhase = `${state.room.turn}:${phase}`;
  const briefing = briefingPanel(state.view.briefing, phase === "report" ? t("Next turn") : t("Briefing"));
  fill($("wide"), phase === "over" ? debriefPanel(state) : phase === "report" ? reportPanel() : null);
  const opened = new Set([...document.querySelectorAll("details[data-key]")].filter((d) => d.open).map((d) => d.dataset.key));
  const closed = new Set([...document.querySelectorAll("details[data-key]")].filter((d) => !d.open).map((d) => d.dataset.key));
  const playing = phase === "orders" || phase === "lobby";
  // after the last turn's report there is no next turn to brief (the game is over, the debrief follows)
  const typing = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.draft : null;
  fill($("left"), phase === "over" || state.view.over ? null : briefing, playing ? ordersPanel() : null,
       phase === "orders" ? proposalsPanel() : null, phase === "orders" ? movesPanel() : null);
  if (typing) { // a state that came while someone typed: the new box takes the focus, the text was kept
    const box = document.querySelector(`[data-draft="${typing}"]`);
    if (box && !box.disabled) { box.focus(); box.setSelectionRange(box.value.length, box.value.length); }
  }
  fill($("right"), el("section", { class: "panel" }, el("h2", {}, t("Map")), el("div", { class: "map", id: "map" })),
    goalsPanel(), dashboardPanel(), teamsPanel());
  drawMapPanel();
  if (shownPhase !== null && shownPhase !== turnPhase) window.scrollTo(0, 0); // a new turn or the report: from the top
  shownPhase = turnPhase;
  for (const d of document.querySelectorAll("details[data-key]")) {  // a re-drawn panel keeps what the player opened
    if (opened.has(d.dataset.key)) d.open = true;
    if (closed.has(d.dataset.key)) d.open = false;
  }
}
