// The facilitator's console: start and next, pause and resume, the turn timer, injects, assumptions,
// undo the last turn, seats, end. It sees each team's status (who has committed), never their orders.

import { Countdown, briefingPanel, codeFromPath, connect, el, fill, messageBanner, number, placeLanguageSwitch, ready, summaryList, t,
         teamsList, tn, turnLine } from "/static/app.js";

const code = codeFromPath();
const $ = (id) => document.getElementById(id);
const countdown = new Countdown($("timer"));
const actions = []; // this console's own actions and their answers, newest first
let state = null;
let pending = null; // the action waiting for its answer (an error, or the next state)
let errorTimer = null;

await ready; // the page speaks its language from the first word
placeLanguageSwitch();
const link = connect({ type: "hello", code }, {
  state(msg) {
    state = msg;
    if (pending) { logAction(t("{action}: done", { action: pending })); pending = null; }
    render();
  },
  error(msg) {
    showError(msg.message);
    const action = pending || msg.about || t("message");
    logAction(t("{action} refused: {why}", { action, why: msg.message }), true);
    pending = null;
  },
});

function showError(text) {
  const node = $("error");
  node.textContent = text;
  node.classList.remove("hidden");
  clearTimeout(errorTimer);
  errorTimer = setTimeout(() => node.classList.add("hidden"), 8000);
}

function logAction(text, error = false) {
  actions.unshift({ text: `${new Date().toLocaleTimeString(document.documentElement.lang)} — ${text}`, error });
  if (actions.length > 60) actions.pop();
  if (state) drawLog();
}

function act(message, words) {
  $("error").classList.add("hidden");
  pending = words;
  link.send(message);
}

$("timer-set").addEventListener("click", () => {
  const seconds = Math.round(parseFloat($("minutes").value) * 60);
  if (!(seconds > 0)) { showError(t("type the minutes per turn")); return; }
  act({ type: "timer", seconds, on_expiry: $("expiry").value },
      t("timer {minutes} min, on expiry: {expiry}", { minutes: number(seconds / 60), expiry: $("expiry").selectedOptions[0].textContent }));
});
$("timer-off").addEventListener("click", () => act({ type: "timer", seconds: null, on_expiry: $("expiry").value }, t("no timer")));
$("inject-go").addEventListener("click", () => {
  const select = $("inject");
  act({ type: "inject", event: select.value }, t("inject {event}", { event: select.selectedOptions[0] ? select.selectedOptions[0].textContent : select.value }));
});
$("assume-go").addEventListener("click", () => {
  const value = parseFloat($("value").value);
  if (Number.isNaN(value)) { showError(t("type the track's new value")); return; }
  const select = $("track");
  act({ type: "assume", track: select.value, value, reason: $("reason").value.trim() },
      t("assume {track} = {value}", { track: select.selectedOptions[0] ? select.selectedOptions[0].textContent : select.value, value: number(value) }));
});
$("track").addEventListener("change", showTrack);

function showTrack() {
  if (!state) return;
  const track = state.console.tracks.find((x) => x.id === $("track").value);
  if (!track) return;
  const input = $("value");
  input.min = track.low; input.max = track.high;
  input.placeholder = t("now {value} ({low}–{high})", { value: number(track.value), low: number(track.low), high: number(track.high) });
}

function flowButtons() {
  const { room } = state;
  const phase = room.phase;
  const buttons = [];
  if (phase === "lobby") buttons.push(el("button", { id: "start", class: "primary", onclick: () => act({ type: "start" }, t("start")) }, t("Start the game")));
  if (phase === "report") {
    const last = room.turn > room.n_turns;
    buttons.push(el("button", { id: "next", class: "primary", onclick: () => act({ type: "next" }, t("next turn")) }, last ? t("Show the debrief") : t("Next turn")));
  }
  if (phase !== "over") {
    buttons.push(room.paused
      ? el("button", { id: "resume", class: "primary", onclick: () => act({ type: "resume" }, t("resume")) }, t("Resume"))
      : el("button", { id: "pause", disabled: phase === "over", onclick: () => act({ type: "pause" }, t("pause")) }, t("Pause")));
  }
  if (phase === "orders" || phase === "report" || phase === "over") {
    buttons.push(el("button", { id: "undo-turn", disabled: !state.public.history.length,
      onclick: () => { if (confirm(t("Take back the last resolved turn? Its orders come back as pending."))) act({ type: "undo_turn" }, t("undo last turn")); } }, t("Undo last turn")));
  }
  if (phase !== "over") {
    buttons.push(el("button", { id: "end", class: "danger",
      onclick: () => { if (confirm(t("End the game now and show the debrief on every screen?"))) act({ type: "end" }, t("end the game")); } }, t("End game")));
  }
  return buttons;
}

function seatRows() {
  const { room, console: con } = state;
  return el("table", {}, Object.entries(room.teams).map(([f, team]) => {
    const select = el("select", { id: `seat-${f}`, "aria-label": t("who plays {team}", { team: team.name }),
                                  onchange: (e) => act({ type: "seat", faction: f, who: e.target.value }, t("seat {team}: {who}", { team: team.name, who: e.target.selectedOptions[0].textContent })) },
      el("option", { value: "human", selected: team.seat === "human" }, t("the team (people)")),
      (con.bots[f] || []).map(([spec, label]) => el("option", { value: spec, selected: team.seat === spec }, t("bot: {label}", { label }))));
    return el("tr", {}, el("td", {}, el("span", { class: "swatch", style: `background:${team.colour}` }), " ", team.name,
      el("div", { class: "small muted" }, tn("{n} device", "{n} devices", team.devices))), el("td", {}, select));
  }));
}

function fillSelects() {
  const con = state.console;
  const inject = $("inject");
  if (!inject.options.length) {
    const byId = Object.fromEntries(con.events.map((e) => [e.id, e]));
    const first = con.injects.filter((id) => byId[id]);
    const kinds = { scheduled: t("scheduled"), drawn: t("drawn"), triggered: t("triggered"), inject: t("inject") };
    const option = (e) => el("option", { value: e.id }, t("{event} ({kind})", { event: e.name, kind: kinds[e.kind] || e.kind }));
    fill(inject, first.length ? el("optgroup", { label: t("This scenario's injects") }, first.map((id) => option(byId[id]))) : null,
      el("optgroup", { label: t("Every event") }, con.events.filter((e) => !first.includes(e.id)).map(option)));
  }
  const track = $("track");
  if (!track.options.length) {
    fill(track, con.tracks.filter((x) => !x.derived).map((x) => el("option", { value: x.id }, x.name)));
    showTrack();
  }
  const timer = state.room.timer;
  if (timer && document.activeElement !== $("minutes")) {
    if (timer.seconds) $("minutes").value = number(timer.seconds / 60);
    $("expiry").value = timer.on_expiry;
  }
}

function drawLog() {
  const game = state.console.log.map((text) => el("li", {}, text));
  fill($("log"), actions.map((a) => el("li", { class: a.error ? "error" : "" }, a.text)),
    game.length ? el("li", { class: "muted" }, t("Recorded in the game:")) : null, game);
}

function render() {
  const { room } = state;
  $("title").textContent = room.title;
  $("turn").textContent = turnLine(room);
  countdown.set(room.phase === "orders" ? room.timer : null);
  const timer = room.timer;
  $("timer-now").textContent = !(timer && timer.seconds) ? t("Now: no timer.")
    : timer.on_expiry === "bot" ? t("Now: {minutes} minutes per turn; when time runs out, each team's bot fills its seat.", { minutes: number(timer.seconds / 60) })
    : t("Now: {minutes} minutes per turn; when time runs out, each team's orders so far are committed.", { minutes: number(timer.seconds / 60) });
  messageBanner($("message"), room);
  fill($("flow"), flowButtons());
  fill($("teams"), teamsList(room));
  fill($("seats"), seatRows());
  fillSelects();
  const open = room.phase === "orders" && !room.paused;
  $("inject-go").disabled = !open;
  $("assume-go").disabled = !open;
  const history = state.public.history;
  const report = history[history.length - 1];
  const slot = $("briefing-slot");
  const briefing = briefingPanel(state.public.briefing);
  fill(slot, (room.phase === "report" || room.phase === "over") && report
    ? [el("h2", {}, t("Report — {label}", { label: report.label })), summaryList(report)]
    : briefing ? [...briefing.childNodes] : []);
  drawLog();
}
