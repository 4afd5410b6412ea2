// The classroom pages' shared code: the websocket (hello, automatic reconnect, resume with the stored code),
// the "reconnecting…" banner, and the pieces every page draws from a `state` message. The words are the
// server's (the game's plain words); the pages only arrange them.

export const CODE_KEY = "pacific-trilemma.code";

/** An element: el("p", {class: "muted"}, "text", child, ...); attributes starting with "on" are listeners. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Replace a container's children. */
export function fill(node, ...children) {
  node.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
  return node;
}

/** The code in the page's address: /team/CODE or /console/CODE. */
export function codeFromPath() {
  const parts = location.pathname.split("/").filter(Boolean);
  return parts.length >= 2 ? decodeURIComponent(parts[1]) : "";
}

/** A number as the game writes it: at most one decimal, no trailing zero. */
export function number(value) {
  if (value === null || value === undefined) return "";
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

export function signed(value) {
  const text = number(value);
  return value > 0 ? `+${text}` : value < 0 ? text.replace("-", "−") : text;
}

const PHASE_WORDS = {
  lobby: "the game has not started yet",
  orders: "the teams are choosing their orders",
  report: "the turn's report is showing",
  over: "the game is over",
};
export function phaseWords(room) {
  return (room.paused ? "paused — " : "") + (PHASE_WORDS[room.phase] || room.phase);
}

// ---- the connection -----------------------------------------------------------------------

/**
 * Connect to /ws and keep connected: `hello` is sent on every (re)connection, so a device that slept or
 * lost Wi-Fi gets its state back. handlers: {state(msg), welcome(msg), error(msg), pong(msg)}.
 * The server sends each resolved turn's report once (`report` messages); a state counts them, and its
 * views get them back here as `history`, as the game's View has it.
 * A refused code (close 4003) goes back to the join page with the server's reason.
 */
export function connect(hello, handlers) {
  const banner = el("div", { class: "banner reconnect hidden", role: "status", "aria-live": "polite" });
  document.body.prepend(banner);
  let socket = null;
  let tries = 0;
  let lastSeq = 0;
  let refused = null;
  let pinger = null;
  let opened = false;
  let reports = [];

  function show(text) {
    banner.textContent = text;
    banner.classList.toggle("hidden", !text);
  }

  function open() {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    socket = new WebSocket(`${scheme}://${location.host}/ws`);
    socket.addEventListener("open", () => {
      tries = 0;
      lastSeq = 0;
      reports = []; // a new connection is sent every report again
      opened = true;
      socket.send(JSON.stringify(hello));
    });
    socket.addEventListener("message", (event) => {
      let msg;
      try { msg = JSON.parse(event.data); } catch { return; }
      if (typeof msg.seq === "number") {
        if (lastSeq && msg.seq !== lastSeq + 1) console.warn(`message ${msg.seq} after ${lastSeq}`);
        lastSeq = msg.seq;
      }
      if (msg.type === "report") { // each resolved turn's report comes once; a state counts them
        reports.length = Math.min(reports.length, msg.index);
        reports.push(msg.report);
      }
      if (msg.type === "state") {
        reports.length = Math.min(reports.length, msg.reports);
        for (const view of [msg.view, msg.public]) if (view) view.history = reports.slice();
      }
      if (msg.type === "welcome") show("");
      if (msg.type === "error" && msg.about === "hello") refused = msg.message;
      const handler = handlers[msg.type];
      if (handler) handler(msg);
    });
    socket.addEventListener("close", (event) => {
      clearInterval(pinger);
      if (event.code === 4003) {
        location.href = "/?error=" + encodeURIComponent(refused || "that code was not accepted");
        return;
      }
      tries += 1;
      const wait = Math.min(8000, 500 * 2 ** Math.min(tries, 4));
      show(opened ? "Reconnecting…" : "Connecting…");
      setTimeout(open, wait);
    });
    pinger = setInterval(() => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "ping" }));
    }, 20000);
  }

  // a phone that wakes up reconnects at once rather than after its back-off
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && socket && socket.readyState === WebSocket.CLOSED) open();
  });
  show("Connecting…");
  open();
  return {
    get socket() { return socket; }, // the live websocket (a test closes it to check the reconnect)
    send(message) {
      if (!socket || socket.readyState !== WebSocket.OPEN) {
        if (handlers.error) handlers.error({ type: "error", about: message.type, message: "not connected yet: try again in a moment" });
        return false;
      }
      socket.send(JSON.stringify(message));
      return true;
    },
  };
}

// ---- pieces of a state --------------------------------------------------------------------

/** Every track name the state carries: the room's dashboard, the console's tracks, the reports' changes. */
export function trackNames(state) {
  const names = {};
  const views = [state.view, state.public].filter(Boolean);
  for (const view of views) {
    for (const report of view.history || []) for (const change of report.changes || []) names[change.track] = change.name;
  }
  for (const track of (state.console && state.console.tracks) || []) names[track.id] = track.name;
  for (const row of state.room.dashboard || []) names[row.id] = row.name;
  return names;
}

/** The dashboard's rows as [{id, name, headline}]: the room's list when the server sends one. */
export function dashboardRows(state) {
  if (state.room.dashboard) return state.room.dashboard;
  const names = trackNames(state);
  const tracks = (state.view || state.public).tracks;
  return Object.keys(names).filter((id) => id in tracks).map((id) => ({ id, name: names[id], headline: true }));
}

/** The team's status chip list: name, colour, status (never what they chose). */
export function teamsList(room) {
  return el("ul", { class: "teams" }, Object.entries(room.teams).map(([id, team]) => el("li", { style: `--team: ${team.colour}`, "data-faction": id },
    el("span", { class: "swatch", style: `background: ${team.colour}` }),
    el("span", {}, team.name),
    el("span", { class: `status ${team.status.replace(" ", "-")}` }, team.status === "bot" ? `bot (${team.seat})` : team.status),
  )));
}

/** The briefing: the turn's event, what it will do, what comes next. */
export function briefingPanel(briefing, title = "Briefing") {
  if (!briefing) return null;
  const event = briefing.event;
  return el("section", { class: "panel briefing" },
    el("h2", {}, `${title} — ${briefing.label}`),
    briefing.banner ? el("p", { class: "tag" }, briefing.banner) : null,
    event ? el("h3", {}, event.name) : el("p", { class: "muted" }, "No event this turn."),
    event ? el("p", {}, event.text) : null,
    briefing.effect ? el("p", {}, el("strong", {}, "What it will do: "), briefing.effect) : null,
    briefing.upcoming ? el("p", { class: "muted" }, briefing.upcoming.text) : null,
    event && event.sources && event.sources.length ? el("p", { class: "small muted" }, "Sources: " + event.sources.join(", ")) : null,
  );
}

/** A table of tracks: name, value, and the last turn's change (from the last report). */
export function trackTable(rows, tracks, lastReport) {
  const change = {};
  for (const c of (lastReport && lastReport.changes) || []) change[c.track] = c.after - c.before;
  return el("table", {}, rows.filter((r) => r.id in tracks).map((row) => {
    const delta = change[row.id];
    return el("tr", {},
      el("td", {}, row.name),
      el("td", { class: "num" }, number(tracks[row.id])),
      el("td", { class: `num ${delta > 0 ? "up" : delta < 0 ? "down" : ""}` }, delta && Math.abs(delta) >= 0.05 ? signed(delta) : ""),
    );
  }));
}

/** The report's headline summary (facilitator's actions first, as the server orders them). */
export function summaryList(report) {
  if (!report) return null;
  return el("ol", { class: "summary" }, (report.summary || []).map((item) => el("li", { class: item.kind }, item.text)));
}

/** The timer's words, counting down between states from the time left it was sent with. */
export class Countdown {
  constructor(node) {
    this.node = node;
    this.timer = null;
    this.at = 0;
    setInterval(() => this.draw(), 500);
  }
  set(timer) {
    this.timer = timer;
    this.at = performance.now();
    this.draw();
  }
  draw() {
    const t = this.timer;
    if (!t || t.seconds === null || t.seconds === undefined) { this.node.textContent = ""; return; }
    let left = t.left === null || t.left === undefined ? t.seconds : t.left;
    if (t.running) left = Math.max(0, left - (performance.now() - this.at) / 1000);
    const s = Math.ceil(left);
    const clock = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
    this.node.textContent = `${clock} left${t.running ? "" : " (stopped)"}`;
    this.node.classList.toggle("down", t.running && s <= 30);
  }
}

/** The end of the game: the server's debrief when it sends one, else the final scores and ranks. */
export function debriefPanel(state) {
  const debrief = state.debrief || state.room.debrief || (state.public && state.public.debrief);
  const view = state.public;
  const teams = state.room.teams;
  const order = Object.keys(view.scores).sort((a, b) => view.scores[b] - view.scores[a]);
  const panel = el("section", { class: "panel debrief wide" }, el("h2", {}, "Debrief — the game is over"));
  if (debrief && debrief.outcome) panel.append(el("p", { class: "outcome" }, el("strong", {}, debrief.outcome)));
  panel.append(el("table", {}, el("tr", {}, el("th", {}, "Rank"), el("th", {}, "Team"), el("th", { class: "num" }, "Score")),
    order.map((f) => el("tr", {}, el("td", {}, view.rank[f] || ""), el("td", {}, teams[f] ? teams[f].name : f), el("td", { class: "num" }, number(view.scores[f]))))));
  if (debrief) {
    if ((debrief.causes || []).length) panel.append(el("h3", {}, "What decided the game"), el("ul", {}, debrief.causes.map((c) => el("li", {}, c))));
    if ((debrief.key_events || []).length) panel.append(el("h3", {}, "Key events"), el("ul", {}, debrief.key_events.map((k) => el("li", {}, el("strong", {}, k.label + ": "), (k.kind === "crisis" ? "Crisis: " : "") + k.text))));
  }
  const history = view.history || [];
  if (history.length) {
    panel.append(el("h3", {}, "Turn by turn"), el("ol", { class: "summary" }, history.map((r) => el("li", {},
      el("strong", {}, r.label + ": "), (r.summary || []).slice(0, 3).map((s) => s.text).join("; ")))));
  }
  return panel;
}

/** The room's latest announcement (an inject, an assumption, an undo, a pause) as a banner. */
export function messageBanner(node, room) {
  const text = room.message;
  node.textContent = text || "";
  node.className = `banner ${room.paused ? "paused" : "message"}` + (text ? "" : " hidden");
}
