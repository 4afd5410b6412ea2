// The Indo-Pacific map as SVG, from the game's geometry asset (/map.json, the window's
// assets/map/indo_pacific.json): each game region filled by the faction that leads its influence there
// (the faction's colour, stronger the bigger the lead, with the faction's hatch so colour is never the only
// signal), each sea shaded by its tension, every label naming the leader and the lead, as the window's map.
// The values are the state's tracks (`REGION.FACTION` influence totals, `SEA.tension`); nothing is computed
// but who is ahead and by how much. Names are the room's, in the page's language (`names`: room.regions).

import { el, lang, list, number, t } from "./app.js";

const NS = "http://www.w3.org/2000/svg";
const SEA = [24, 38, 60];
const LAND = [74, 80, 90];
const UNLED = [118, 124, 134];
const TENSION = [160, 32, 0];
const INK = [240, 242, 246];
const FULL_MARGIN = 30; // a lead of this many points or more is drawn at full strength
const PATTERNS = ["diagonal", "dots", "crosshatch"];
const patternWord = (kind) => ({ diagonal: t("diagonal"), dots: t("dots"), crosshatch: t("crosshatch") }[kind]);
// the window's short faction names on the map
const shortName = (f, teams) => ({ us: t("U.S."), jp: t("Japan"), cn: t("China") }[f] || teams[f].name);
// a label's width in ems: kana and kanji are as wide as they are high, Latin letters about half
const ems = (words) => [...words].reduce((w, c) => w + (/[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]/.test(c) ? 1 : 0.56), 0);
// where a label may go, in its text size, nearest first: on its place, beside it, then further off
const SHIFTS = [[0, 0]];
for (const r of [0.8, 1.6, 2.4, 3.4, 4.6, 6]) for (let a = 0; a < 16; a += 1) SHIFTS.push([r * 1.6 * Math.cos(a * Math.PI / 8), r * Math.sin(a * Math.PI / 8)]);

let asset = null;
export async function loadMap() {
  if (!asset) {
    const response = await fetch("/map.json");
    if (!response.ok) throw new Error(t("the map could not be loaded ({status})", { status: response.status }));
    asset = await response.json();
  }
  return asset;
}

function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) node.setAttribute(k, v);
  for (const c of children.flat()) if (c) node.append(c);
  return node;
}

const rgb = (c) => `rgb(${c.map(Math.round).join(",")})`;
const mix = (a, b, t) => a.map((x, i) => x + (b[i] - x) * Math.min(1, Math.max(0, t)));
const hex = (h) => [1, 3, 5].map((k) => parseInt(h.slice(k, k + 2), 16));

function path(polygons) {
  return polygons.map((flat) => {
    let d = `M${flat[0]},${flat[1]}`;
    for (let i = 2; i < flat.length; i += 2) d += `L${flat[i]},${flat[i + 1]}`;
    return d + "Z";
  }).join("");
}

/** Who leads each region: {region: {leader|null, lead, totals: {faction: value}}}, from the tracks. */
export function leads(map, tracks, factions) {
  const out = {};
  for (const id of Object.keys(map.regions)) {
    const totals = {};
    for (const f of factions) if (`${id}.${f}` in tracks) totals[f] = tracks[`${id}.${f}`];
    const ranked = Object.entries(totals).sort((a, b) => b[1] - a[1]);
    if (!ranked.length) continue;
    const lead = ranked[0][1] - (ranked.length > 1 ? ranked[1][1] : 0);
    out[id] = { leader: lead > 0.05 ? ranked[0][0] : null, lead: Math.max(0, lead), totals };
  }
  return out;
}

function patternDefs(factions) {
  return svg("defs", {}, factions.map((f, i) => {
    const kind = PATTERNS[i % PATTERNS.length];
    const p = svg("pattern", { id: `hatch-${f}`, patternUnits: "userSpaceOnUse", width: 36, height: 36 });
    const ink = { stroke: "#0b0f18", "stroke-width": 5, "stroke-opacity": 0.35 };
    if (kind === "diagonal") p.append(svg("path", { d: "M-9,9 L9,-9 M0,36 L36,0 M27,45 L45,27", ...ink }));
    else if (kind === "dots") p.append(svg("circle", { cx: 18, cy: 18, r: 5, fill: "#0b0f18", "fill-opacity": 0.35 }));
    else p.append(svg("path", { d: "M0,0 L36,36 M36,0 L0,36", ...ink }));
    return p;
  }));
}

/**
 * Draw the map into `container`. teams: room.teams ({id: {name, colour}}); tracks: a view's tracks; names: the
 * room's region and sea names (room.regions) in another language than English, where the asset's own (the
 * window's labels, with their short forms) are used;
 * own: the faction whose influence each label adds ("" for none); textPx: the labels' size on screen.
 */
export function drawMap(container, map, tracks, teams, own = "", textPx = 15, roomNames = {}) {
  const names = lang === "en" ? {} : roomNames || {};
  const factions = Object.keys(teams);
  const colours = Object.fromEntries(factions.map((f) => [f, hex(teams[f].colour)]));
  const [x0, y0, x1, y1] = map.focus;
  const width = x1 - x0;
  const root = svg("svg", { viewBox: `${x0} ${y0} ${width} ${y1 - y0}`, role: "img", "aria-label": t("Map of the Indo-Pacific: who leads each region") },
    patternDefs(factions),
    svg("rect", { x: 0, y: 0, width: map.size[0], height: map.size[1], fill: rgb(SEA) }));
  const seas = svg("g", {});
  for (const [id, sea] of Object.entries(map.seas)) {
    const tension = tracks[`${id}.tension`];
    const shade = tension === undefined ? mix(SEA, INK, 0.06) : mix(SEA, TENSION, 0.12 + 0.6 * Math.min(100, Math.max(0, tension)) / 100);
    seas.append(svg("path", { d: path(sea.polygons), fill: rgb(shade), stroke: "none" }));
  }
  root.append(seas);
  root.append(svg("path", { d: path(map.land), fill: rgb(LAND), stroke: "#0e121a", "stroke-width": 3 }));
  const led = leads(map, tracks, factions);
  const regions = svg("g", {});
  for (const [id, region] of Object.entries(map.regions)) {
    const info = led[id];
    const colour = !info || !info.leader ? UNLED : mix(UNLED, colours[info.leader], 0.4 + 0.6 * Math.min(1, info.lead / FULL_MARGIN));
    const d = path(region.polygons);
    const g = svg("g", { "data-region": id }, svg("title", {}, regionWords(names[id] || region.name, info, teams)));
    g.append(svg("path", { d, fill: rgb(colour), stroke: "#0e121a", "stroke-width": 4 }));
    if (info && info.leader) g.append(svg("path", { d, fill: `url(#hatch-${info.leader})`, stroke: "none" }));
    regions.append(g);
  }
  root.append(regions);
  // labels: each at its place or the nearest free spot around it (a leader line back when moved far), in the
  // window's order of importance: regions, then seas, then markers
  const unit = width / Math.max(1, container.clientWidth || 800); // map units per screen pixel
  const size = Math.round(textPx * unit);
  const labels = svg("g", { "font-family": "system-ui, sans-serif", "text-anchor": "middle", "paint-order": "stroke",
                            stroke: "#080a10", "stroke-width": size * 0.22, "stroke-linejoin": "round", fill: rgb(INK) });
  const taken = [];
  const items = [];
  for (const [id, region] of Object.entries(map.regions)) {
    const info = led[id];
    if (!info) continue;
    const leader = info.leader ? `${shortName(info.leader, teams)} +${Math.round(info.lead)}` : t("even");
    const lines = [[names[id] || region.name, 1, 700, null], [leader, 0.85, 400, null]];
    if (own && own in info.totals) lines.push([t("you {n}", { n: Math.round(info.totals[own]) }), 0.8, 400, "#cfe8ff"]);
    items.push({ at: region.label, lines, short: names[id] ? null : region.short, anchor: region.label });
  }
  for (const [id, sea] of Object.entries(map.seas)) {
    const tension = tracks[`${id}.tension`];
    const lines = [[names[id] || sea.name, 0.85, 400, "#ffc4aa"]];
    if (tension !== undefined) lines.push([t("tension {n}", { n: Math.round(tension) }), 0.8, 400, "#ffc4aa"]);
    items.push({ at: sea.label, lines, short: names[id] ? null : sea.short, anchor: sea.anchor || sea.label, italic: true });
  }
  for (const item of items) {
    const box = (name) => {
      const widths = item.lines.map(([words, k], i) => ems(i === 0 ? name : words) * k * size);
      const height = item.lines.reduce((h, [, k]) => h + k * size * 1.12, 0);
      return { w: Math.max(...widths) + size * 0.3, h: height };
    };
    let placed = null;
    for (const name of [item.lines[0][0], item.short].filter(Boolean)) {
      const { w, h } = box(name);
      for (const [dx, dy] of SHIFTS) {
        const cx = item.at[0] + dx * size, cy = item.at[1] + dy * size;
        const rect = [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
        if (rect[0] < x0 || rect[2] > x1 || rect[1] < y0 || rect[3] > y1) continue;
        if (taken.some((r) => rect[0] < r[2] && rect[2] > r[0] && rect[1] < r[3] && rect[3] > r[1])) continue;
        placed = { name, rect, cx, cy, h, moved: Math.hypot(dx, dy) > 2.5 };
        break;
      }
      if (placed) break;
    }
    if (!placed) continue; // no room at this size: the region's tooltip still names it
    taken.push(placed.rect);
    if (placed.moved) {
      labels.append(svg("line", { x1: item.anchor[0], y1: item.anchor[1], x2: placed.cx, y2: placed.rect[1] + size * 0.2,
                                  stroke: "#e8ecf2", "stroke-width": size * 0.06, "stroke-opacity": 0.8 }));
    }
    const label = svg("text", { x: placed.cx, y: placed.rect[1], "font-style": item.italic ? "italic" : null });
    let dy = 0;
    item.lines.forEach(([words, k, weight, colour], i) => {
      dy += k * size * (i === 0 ? 0.95 : 1.12);
      label.append(svg("tspan", { x: placed.cx, y: placed.rect[1] + dy, "font-size": k * size, "font-weight": weight, fill: colour },
        text(i === 0 ? placed.name : words)));
    });
    labels.append(label);
  }
  for (const [id, marker] of Object.entries(map.markers || {})) {
    const [x, y] = marker.at;
    const name = id === "senkakus" ? t("Senkaku Is.") : marker.name; // the one marker, named in the page's language
    labels.append(svg("circle", { cx: x, cy: y, r: size * 0.18, fill: "#ffd166", stroke: "#080a10", "stroke-width": size * 0.06 }));
    const w = ems(name) * 0.7 * size;
    const rect = [x + size * 0.3, y - size, x + size * 0.3 + w, y];
    if (!taken.some((r) => rect[0] < r[2] && rect[2] > r[0] && rect[1] < r[3] && rect[3] > r[1])) {
      labels.append(svg("text", { x: rect[0], y: y - size * 0.3, "font-size": size * 0.7, "text-anchor": "start" }, text(name)));
    }
  }
  root.append(labels);
  const legend = el("div", { class: "legend" },
    factions.map((f, i) => el("span", {}, el("span", { class: "swatch", style: `background:${teams[f].colour}` }),
      t("{team} leads ({pattern})", { team: teams[f].name, pattern: patternWord(PATTERNS[i % PATTERNS.length]) }))),
    el("span", {}, el("span", { class: "swatch", style: `background:${rgb(UNLED)}` }), t("nobody leads")),
    el("span", {}, el("span", { class: "swatch", style: `background:${rgb(mix(SEA, TENSION, 0.6))}` }), t("darker red sea: more tension")));
  container.replaceChildren(root, legend);
}

function text(words) {
  return document.createTextNode(words);
}

function regionWords(name, info, teams) {
  if (!info) return name;
  const parts = Object.entries(info.totals).sort((a, b) => b[1] - a[1]).map(([f, v]) => `${teams[f].name} ${number(v)}`);
  return t("{region}: influence {teams}", { region: name, teams: list(parts) });
}
