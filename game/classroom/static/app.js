// The classroom pages' shared code: the page's language, the websocket (hello, automatic reconnect, resume with
// the stored code), the "reconnecting…" banner, and the pieces every page draws from a `state` message. The
// game's words are the server's, in the language the hello asked for; the pages' own few words are `t(...)`,
// looked up in the catalog the server makes from classroom.po (`/static/i18n/<lang>.json`), English if absent.

export const CODE_KEY = "pacific-trilemma.code";
export const LANG_KEY = "pacific-trilemma.lang";

// ---- the language ---------------------------------------------------------------------------

let messages = {}; // English -> this language's text (or its plural forms)
export let lang = "en";

function filled(text, fields) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in fields ? String(fields[name]) : whole));
}

/** A page's own words in the page's language: t("{n} of {total}", {n: 1, total: 3}); English if untranslated. */
export function t(message, fields = {}) {
  const text = messages[message];
  return filled(typeof text === "string" && text ? text : message, fields);
}

/** The singular or plural words for `n` (a language with one form, as Japanese, has one). */
export function tn(singular, plural, n, fields = {}) {
  const forms = messages[singular];
  const text = Array.isArray(forms) && forms.length ? forms[forms.length === 1 || n === 1 ? 0 : 1] : n === 1 ? singular : plural;
  return filled(text, { n, ...fields });
}

/** The page's language: the one chosen on this device (localStorage), else the browser's if the game has it,
 *  else the room's (`--lang`); its catalog is loaded and the page's fixed words ([data-i18n]) are translated. */
async function chooseLanguage() {
  let info = languages;
  try {
    const answer = await fetch("/languages.json");
    if (answer.ok) info = await answer.json();
  } catch { /* the server is unreachable: the connection's banner says so; the page stays in English */ }
  const browser = (navigator.language || "").split("-")[0].toLowerCase();
  lang = [localStorage.getItem(LANG_KEY), browser, info.default].find((l) => l && l in info.languages) || "en";
  if (lang !== "en") {
    try {
      const answer = await fetch(`/static/i18n/${lang}.json`);
      if (answer.ok) messages = (await answer.json()).messages || {};
    } catch { messages = {}; }
  }
  document.documentElement.lang = lang;
  document.cookie = `${info.cookie}=${lang}; path=/; SameSite=Lax`; // the server's HTTP answers in it too
  languages = info;
  translatePage(document);
  return info;
}

/** Translate the fixed words the HTML marks: [data-i18n] (its text) and [data-i18n-attrs="placeholder ..."]. */
export function translatePage(root) {
  for (const node of root.querySelectorAll("[data-i18n]")) {
    node.dataset.i18n = node.dataset.i18n || node.textContent.trim();
    node.textContent = t(node.dataset.i18n);
  }
  for (const node of root.querySelectorAll("[data-i18n-attrs]")) {
    for (const name of node.dataset.i18nAttrs.split(" ").filter(Boolean)) {
      const key = `i18n${name.replace(/(^|-)(\w)/g, (_, dash, c) => c.toUpperCase())}`;
      node.dataset[key] = node.dataset[key] || node.getAttribute(name) || "";
      node.setAttribute(name, t(node.dataset[key]));
    }
  }
}

/** The languages the game has, each named in itself, and the room's; known once `ready` has resolved. */
export let languages = { default: "en", languages: { en: "English" }, cookie: "pacific_trilemma_lang" };
/** Resolves once the page's language and its catalog are in (a page awaits it before drawing or connecting). */
export const ready = chooseLanguage();

/** The language switch for a page's header: choosing one keeps it on this device and reloads the page in it. */
export function languageSwitch() {
  const select = el("select", { class: "language", id: "language", "aria-label": t("Language"),
    onchange: (e) => { localStorage.setItem(LANG_KEY, e.target.value); location.reload(); } },
  Object.entries(languages.languages).map(([code, name]) => el("option", { value: code, selected: code === lang, lang: code }, name)));
  return select;
}

/** Put the language switch at the end of the page's header (or at the top of its first panel without one). */
export function placeLanguageSwitch() {
  const header = document.querySelector("header.top") || document.querySelector("main .panel") || document.body;
  const holder = el("span", { class: "lang-switch" }, languageSwitch());
  if (header.tagName === "HEADER") header.append(holder);
  else header.prepend(el("div", { class: "lang-row" }, holder));
}

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

function phaseWord(phase) {
  return { lobby: t("the game has not started yet"), orders: t("the teams are choosing their orders"),
           report: t("the turn's report is showing"), over: t("the game is over") }[phase] || phase;
}
export function phaseWords(room) {
  return room.paused ? t("paused — {phase}", { phase: phaseWord(room.phase) }) : phaseWord(room.phase);
}

/** The header's turn line: `turn 2 of 8 (2025 H2) · the teams are choosing their orders`. */
export function turnLine(room) {
  return t("turn {turn} of {turns} ({label}) · {phase}", { turn: Math.min(room.turn, room.n_turns), turns: room.n_turns,
                                                            label: room.label, phase: phaseWords(room) });
}

/** A place in words: 1st, 2nd, 3rd, 4th (as the game's score ranks write them). */
export function ordinal(place) {
  return place === 1 ? t("1st") : place === 2 ? t("2nd") : place === 3 ? t("3rd") : t("{place}th", { place });
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
      socket.send(JSON.stringify({ ...hello, lang })); // the server speaks to this device in its language
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
        location.href = "/?error=" + encodeURIComponent(refused || t("that code was not accepted"));
        return;
      }
      tries += 1;
      const wait = Math.min(8000, 500 * 2 ** Math.min(tries, 4));
      show(opened ? t("Reconnecting…") : t("Connecting…"));
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
  show(t("Connecting…"));
  open();
  return {
    get socket() { return socket; }, // the live websocket (a test closes it to check the reconnect)
    send(message) {
      if (!socket || socket.readyState !== WebSocket.OPEN) {
        if (handlers.error) handlers.error({ type: "error", about: message.type, message: t("not connected yet: try again in a moment") });
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

/** A team's status in words (the room sends `not joined`, `choosing`, `committed` or `bot`). */
export function statusWords(team) {
  if (team.status === "bot") return t("bot ({seat})", { seat: team.seat });
  return { "not joined": t("not joined"), choosing: t("choosing"), committed: t("committed") }[team.status] || team.status;
}

/** The team's status chip list: name, colour, status (never what they chose). */
export function teamsList(room) {
  return el("ul", { class: "teams" }, Object.entries(room.teams).map(([id, team]) => el("li", { style: `--team: ${team.colour}`, "data-faction": id },
    el("span", { class: "swatch", style: `background: ${team.colour}` }),
    el("span", {}, team.name),
    el("span", { class: `status ${team.status.replace(" ", "-")}` }, statusWords(team)),
  )));
}

/** A list of names in a sentence's words: `a, b` / `a、b`. */
export function list(items) {
  return items.join(t(", "));
}

/** "Label: " before a value, in the page's language (`Sources: `, `出典：`). */
export function lead(label) {
  return t("{label}: ", { label });
}

/** The briefing: the turn's event, what it will do, what comes next; `title` is already in the page's words. */
export function briefingPanel(briefing, title = t("Briefing")) {
  if (!briefing) return null;
  const event = briefing.event;
  return el("section", { class: "panel briefing" },
    el("h2", {}, t("{title} — {label}", { title, label: briefing.label })),
    briefing.banner ? el("p", { class: "tag" }, briefing.banner) : null,
    event ? el("h3", {}, event.name) : el("p", { class: "muted" }, t("No event this turn.")),
    event ? el("p", {}, event.text) : null,
    briefing.effect ? el("p", {}, el("strong", {}, lead(t("What it will do"))), briefing.effect) : null,
    briefing.upcoming ? el("p", { class: "muted" }, briefing.upcoming.text) : null,
    event && event.sources && event.sources.length ? el("p", { class: "small muted" }, lead(t("Sources")) + list(event.sources)) : null,
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
    const timer = this.timer;
    if (!timer || timer.seconds === null || timer.seconds === undefined) { this.node.textContent = ""; return; }
    let left = timer.left === null || timer.left === undefined ? timer.seconds : timer.left;
    if (timer.running) left = Math.max(0, left - (performance.now() - this.at) / 1000);
    const s = Math.ceil(left);
    const clock = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
    this.node.textContent = timer.running ? t("{clock} left", { clock }) : t("{clock} left (stopped)", { clock });
    this.node.classList.toggle("down", timer.running && s <= 30);
  }
}

/** The end of the game: the server's debrief when it sends one, else the final scores and ranks. */
export function debriefPanel(state) {
  const debrief = state.debrief || state.room.debrief || (state.public && state.public.debrief);
  const view = state.public;
  const teams = state.room.teams;
  const order = Object.keys(view.scores).sort((a, b) => view.scores[b] - view.scores[a]);
  const panel = el("section", { class: "panel debrief wide" }, el("h2", {}, t("Debrief — the game is over")));
  if (debrief && debrief.outcome) panel.append(el("p", { class: "outcome" }, el("strong", {}, debrief.outcome)));
  panel.append(el("table", {}, el("tr", {}, el("th", {}, t("Rank")), el("th", {}, t("Team")), el("th", { class: "num" }, t("Score"))),
    order.map((f) => el("tr", {}, el("td", {}, view.rank[f] || ""), el("td", {}, teams[f] ? teams[f].name : f), el("td", { class: "num" }, number(view.scores[f]))))));
  if (debrief) {
    if ((debrief.causes || []).length) panel.append(el("h3", {}, t("What decided the game")), el("ul", {}, debrief.causes.map((c) => el("li", {}, c))));
    if ((debrief.key_events || []).length) panel.append(el("h3", {}, t("Key events")), el("ul", {}, debrief.key_events.map((k) => el("li", {}, el("strong", {}, lead(k.label)), k.kind === "crisis" ? t("Crisis: {text}", { text: k.text }) : k.text))));
  }
  const history = view.history || [];
  if (history.length) {
    panel.append(el("h3", {}, t("Turn by turn")), el("ol", { class: "summary" }, history.map((r) => el("li", {},
      el("strong", {}, lead(r.label)), (r.summary || []).slice(0, 3).map((s) => s.text).join(t("; "))))));
  }
  return panel;
}

/** The room's latest announcement (an inject, an assumption, an undo, a pause) as a banner. */
export function messageBanner(node, room) {
  const text = room.message;
  node.textContent = text || "";
  node.className = `banner ${room.paused ? "paused" : "message"}` + (text ? "" : " hidden");
}
