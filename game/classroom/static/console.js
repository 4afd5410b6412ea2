// The facilitator's console: start and next, pause and resume, the turn timer, injects, assumptions,
// undo the last turn, seats, end. It sees each team's status (who has committed), never their orders.

import { Countdown, briefingPanel, codeFromPath, connect, el, fill, messageBanner, number, phaseWords, summaryList, teamsList } from "/static/app.js";

const code = codeFromPath();
const $ = (id) => document.getElementById(id);
const countdown = new Countdown($("timer"));
const actions = []; // this console's own actions and their answers, newest first
let state = null;
let pending = null; // the action waiting for its answer (an error, or the next state)
let errorTimer = null;

const link = connect({ type: "hello", code }, {
  state(msg) {
    state = msg;
    if (pending) { logAction(`${pending}: done`); pending = null; }
    render();
  },
  error(msg) {
    showError(msg.message);
    logAction(`${pending || msg.about || "message"} refused: ${msg.message}`, true);
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
  actions.unshift({ text: `${new Date().toLocaleTimeString()} — ${text}`, error });
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
  if (!(seconds > 0)) { showError("type the minutes per turn"); return; }
  act({ type: "timer", seconds, on_expiry: $("expiry").value }, `timer ${number(seconds / 60)} min, on expiry: ${$("expiry").value}`);
});
$("timer-off").addEventListener("click", () => act({ type: "timer", seconds: null, on_expiry: $("expiry").value }, "no timer"));
$("inject-go").addEventListener("click", () => {
  const select = $("inject");
  act({ type: "inject", event: select.value }, `inject ${select.selectedOptions[0] ? select.selectedOptions[0].textContent : select.value}`);
});
$("assume-go").addEventListener("click", () => {
  const value = parseFloat($("value").value);
  if (Number.isNaN(value)) { showError("type the track's new value"); return; }
  const select = $("track");
  act({ type: "assume", track: select.value, value, reason: $("reason").value.trim() },
      `assume ${select.selectedOptions[0] ? select.selectedOptions[0].textContent : select.value} = ${number(value)}`);
});
$("track").addEventListener("change", showTrack);

function showTrack() {
  if (!state) return;
  const track = state.console.tracks.find((t) => t.id === $("track").value);
  if (!track) return;
  const input = $("value");
  input.min = track.low; input.max = track.high;
  input.placeholder = `now ${number(track.value)} (${number(track.low)}–${number(track.high)})`;
}

function flowButtons() {
  const { room } = state;
  const phase = room.phase;
  const buttons = [];
  if (phase === "lobby") buttons.push(el("button", { id: "start", class: "primary", onclick: () => act({ type: "start" }, "start") }, "Start the game"));
  if (phase === "report") {
    const last = room.turn > room.n_turns;
    buttons.push(el("button", { id: "next", class: "primary", onclick: () => act({ type: "next" }, "next turn") }, last ? "Show the debrief" : "Next turn"));
  }
  if (phase !== "over") {
    buttons.push(room.paused
      ? el("button", { id: "resume", class: "primary", onclick: () => act({ type: "resume" }, "resume") }, "Resume")
      : el("button", { id: "pause", disabled: phase === "over", onclick: () => act({ type: "pause" }, "pause") }, "Pause"));
  }
  if (phase === "orders" || phase === "report" || phase === "over") {
    buttons.push(el("button", { id: "undo-turn", disabled: !state.public.history.length,
      onclick: () => { if (confirm("Take back the last resolved turn? Its orders come back as pending.")) act({ type: "undo_turn" }, "undo last turn"); } }, "Undo last turn"));
  }
  if (phase !== "over") {
    buttons.push(el("button", { id: "end", class: "danger",
      onclick: () => { if (confirm("End the game now and show the debrief on every screen?")) act({ type: "end" }, "end the game"); } }, "End game"));
  }
  return buttons;
}

function seatRows() {
  const { room, console: con } = state;
  return el("table", {}, Object.entries(room.teams).map(([f, team]) => {
    const select = el("select", { id: `seat-${f}`, "aria-label": `who plays ${team.name}`,
                                  onchange: (e) => act({ type: "seat", faction: f, who: e.target.value }, `seat ${team.name}: ${e.target.selectedOptions[0].textContent}`) },
      el("option", { value: "human", selected: team.seat === "human" }, "the team (people)"),
      (con.bots[f] || []).map(([spec, label]) => el("option", { value: spec, selected: team.seat === spec }, `bot: ${label}`)));
    return el("tr", {}, el("td", {}, el("span", { class: "swatch", style: `background:${team.colour}` }), " ", team.name,
      el("div", { class: "small muted" }, `${team.devices} device${team.devices === 1 ? "" : "s"}`)), el("td", {}, select));
  }));
}

function fillSelects() {
  const con = state.console;
  const inject = $("inject");
  if (!inject.options.length) {
    const byId = Object.fromEntries(con.events.map((e) => [e.id, e]));
    const first = con.injects.filter((id) => byId[id]);
    const option = (e) => el("option", { value: e.id }, `${e.name} (${e.kind})`);
    fill(inject, first.length ? el("optgroup", { label: "This scenario's injects" }, first.map((id) => option(byId[id]))) : null,
      el("optgroup", { label: "Every event" }, con.events.filter((e) => !first.includes(e.id)).map(option)));
  }
  const track = $("track");
  if (!track.options.length) {
    fill(track, con.tracks.filter((t) => !t.derived).map((t) => el("option", { value: t.id }, t.name)));
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
    game.length ? el("li", { class: "muted" }, "Recorded in the game:") : null, game);
}

function render() {
  const { room } = state;
  $("title").textContent = room.title;
  $("turn").textContent = `turn ${Math.min(room.turn, room.n_turns)} of ${room.n_turns} (${room.label}) · ${phaseWords(room)}`;
  countdown.set(room.phase === "orders" ? room.timer : null);
  const timer = room.timer;
  $("timer-now").textContent = timer && timer.seconds
    ? `Now: ${number(timer.seconds / 60)} minutes per turn; when time runs out, ${timer.on_expiry === "bot" ? "each team's bot fills its seat" : "each team's orders so far are committed"}.`
    : "Now: no timer.";
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
    ? [el("h2", {}, `Report — ${report.label}`), summaryList(report)]
    : briefing ? [...briefing.childNodes] : []);
  drawLog();
}
