// The public screen, for a browser on the projector: the map, the briefing, the core tracks, each team's
// status (never what it chose), the timer, the join address and QR code; the report's headlines after a
// turn resolves; the debrief at the end. Only the public View and the room are drawn here.

import { Countdown, briefingPanel, connect, dashboardRows, debriefPanel, el, fill, messageBanner, placeLanguageSwitch, ready,
         summaryList, t, teamsList, trackTable, turnLine } from "/static/app.js";
import { drawMap, loadMap } from "/static/map.js";

const $ = (id) => document.getElementById(id);
const countdown = new Countdown($("timer"));
let state = null;
let map = null;
let animated = null; // the report whose map change was shown
const STEPS = 12, STEP_MS = 200; // the map moves from before to after in about 2.4 s

/** After a turn resolves, the map moves from the tracks before the turn to after it, as the window's does. */
function animate(report, tracks, teams) {
  const after = { ...tracks };
  const before = { ...tracks };
  for (const c of report.changes) { before[c.track] = c.before; after[c.track] = c.after; }
  let step = 0;
  const frame = () => {
    if (!state || state.public.history[state.public.history.length - 1] !== report) return; // a newer state took over
    const t = step / STEPS;
    const now = Object.fromEntries(Object.keys(after).map((k) => [k, before[k] + (after[k] - before[k]) * t]));
    drawMap($("map"), map, now, teams, "", 24, state.room.regions);
    if (step++ < STEPS) setTimeout(frame, STEP_MS);
  };
  frame();
}

await ready; // the page speaks its language from the first word
placeLanguageSwitch();
connect({ type: "hello", role: "public" }, { state(msg) { state = msg; render(); } });
loadMap().then((m) => { map = m; if (state) render(); });
window.addEventListener("resize", () => { if (state && map) drawMap($("map"), map, state.public.tracks, state.room.teams, "", 24, state.room.regions); });

function joinCard(room) {
  return el("section", { class: `panel join-card${room.phase === "lobby" ? "" : " compact"}`, id: "join" },
    el("img", { src: "/qr.svg", alt: t("QR code for {url}", { url: room.join_url }) }),
    el("div", {}, el("p", {}, t("Join with your team's code:")), el("p", { class: "url" }, room.join_url)));
}

function render() {
  const { room, public: view } = state;
  $("title").textContent = room.title;
  $("turn").textContent = turnLine(room);
  countdown.set(room.phase === "orders" ? room.timer : null);
  messageBanner($("message"), room);
  const history = view.history;
  const report = history[history.length - 1];
  const key = report ? `${report.turn}:${report.label}:${history.length}` : null;
  if (map && room.phase === "report" && report && animated !== key) {
    animated = key;
    animate(report, view.tracks, room.teams);
  } else if (map) {
    drawMap($("map"), map, view.tracks, room.teams, "", 24, room.regions);
  }
  const rows = dashboardRows(state).filter((r) => r.headline);
  const right = [];
  if (room.phase === "lobby") right.push(joinCard(room)); // before the game, joining is what the room needs
  if (room.phase === "over") right.push(debriefPanel(state));
  if (room.phase !== "over") right.push(el("section", { class: "panel", id: "teams" }, el("h2", {}, t("Teams")), teamsList(room)));
  if (room.phase === "report" && report) {
    right.push(el("section", { class: "panel report", id: "report" }, el("h2", {}, t("What happened — {label}", { label: report.label })), summaryList(report)));
  }
  if (room.phase !== "over" && room.phase !== "report") right.push(briefingPanel(view.briefing));
  if (rows.length) right.push(el("section", { class: "panel tracks", id: "tracks" }, el("h2", {}, t("Core tracks")), trackTable(rows, view.tracks, report)));
  if (room.phase === "orders" || room.phase === "report") right.push(joinCard(room));
  fill($("right"), right);
}
