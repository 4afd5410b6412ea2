// The Indo-Pacific map as SVG, from the game's geometry asset (/map.json, the window's
// assets/map/indo_pacific.json): each game region filled by the faction that leads its influence there
// (the faction's colour, stronger the bigger the lead, with the faction's hatch so colour is never the only
// signal), each sea shaded by its tension, every label naming the leader and the lead, as the window's map.
// The values are the state's tracks (`REGION.FACTION` influence totals, `SEA.tension`); nothing is computed
// but who is ahead and by how much.

import { el, number } from "./app.js";

const NS = "http://www.w3.org/2000/svg";
const SEA = [24, 38, 60];
const LAND = [74, 80, 90];
const UNLED = [118, 124, 134];
const TENSION = [160, 32, 0];
const INK = [240, 242, 246];
const FULL_MARGIN = 30; // a lead of this many points or more is drawn at full strength
const PATTERNS = ["diagonal", "dots", "crosshatch"];

let asset = null;
export async function loadMap() {
  if (!asset) {
    const response = await fetch("/map.json");
    if (!response.ok) throw new Error(`the map could not be loaded (${response.status})`);
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
 * Draw the map into `container`. teams: room.teams ({id: {name, colour}}); tracks: a view's tracks;
 * own: the faction whose influence each label adds ("" for none).
 */
export function drawMap(container, map, tracks, teams, own = "") {
  const factions = Object.keys(teams);
  const colours = Object.fromEntries(factions.map((f) => [f, hex(teams[f].colour)]));
  const [x0, y0, x1, y1] = map.focus;
  const width = x1 - x0;
  const narrow = container.clientWidth > 0 && container.clientWidth < 560;
  const size = Math.round(width * (narrow ? 0.036 : 0.024));
  const root = svg("svg", { viewBox: `${x0} ${y0} ${width} ${y1 - y0}`, role: "img", "aria-label": "Map of the Indo-Pacific: who leads each region" },
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
    const g = svg("g", { "data-region": id }, svg("title", {}, regionWords(region.name, info, teams, own)));
    g.append(svg("path", { d, fill: rgb(colour), stroke: "#0e121a", "stroke-width": 4 }));
    if (info && info.leader) g.append(svg("path", { d, fill: `url(#hatch-${info.leader})`, stroke: "none" }));
    regions.append(g);
  }
  root.append(regions);
  const labels = svg("g", { "font-family": "system-ui, sans-serif", "text-anchor": "middle", "paint-order": "stroke",
                            stroke: "#080a10", "stroke-width": size * 0.22, "stroke-linejoin": "round", fill: rgb(INK) });
  for (const [id, sea] of Object.entries(map.seas)) {
    const tension = tracks[`${id}.tension`];
    const [x, y] = sea.label;
    labels.append(svg("text", { x, y, "font-size": size * 0.85, fill: "#ffc4aa", "font-style": "italic" },
      text(narrow && sea.short ? sea.short : sea.name),
      tension === undefined ? null : svg("tspan", { x, dy: size * 0.95 }, text(`tension ${number(tension)}`))));
  }
  for (const [id, region] of Object.entries(map.regions)) {
    const info = led[id];
    if (!info) continue;
    const [x, y] = region.label;
    const who = info.leader ? `${teams[info.leader].name} +${number(info.lead)}` : "even";
    const t = svg("text", { x, y, "font-size": size, "font-weight": 700 }, text(narrow && region.short ? region.short : region.name),
      svg("tspan", { x, dy: size * 1.05, "font-weight": 400, "font-size": size * 0.85 }, text(who)));
    if (own && own in info.totals) t.append(svg("tspan", { x, dy: size * 0.95, "font-weight": 400, "font-size": size * 0.85, fill: "#cfe8ff" }, text(`you ${number(info.totals[own])}`)));
    labels.append(t);
  }
  for (const marker of Object.values(map.markers || {})) {
    const [x, y] = marker.at;
    labels.append(svg("circle", { cx: x, cy: y, r: size * 0.18, fill: "#ffd166", stroke: "#080a10", "stroke-width": size * 0.06 }));
    labels.append(svg("text", { x: x + size * 0.3, y: y - size * 0.3, "font-size": size * 0.7, "text-anchor": "start" }, text(marker.name)));
  }
  root.append(labels);
  const legend = el("div", { class: "legend" },
    factions.map((f, i) => el("span", {}, el("span", { class: "swatch", style: `background:${teams[f].colour}` }),
      `${teams[f].name} leads (${PATTERNS[i % PATTERNS.length]})`)),
    el("span", {}, el("span", { class: "swatch", style: `background:${rgb(UNLED)}` }), "nobody leads"),
    el("span", {}, el("span", { class: "swatch", style: `background:${rgb(mix(SEA, TENSION, 0.6))}` }), "darker red sea: more tension"));
  container.replaceChildren(root, legend);
}

function text(words) {
  return document.createTextNode(words);
}

function regionWords(name, info, teams, own) {
  if (!info) return name;
  const parts = Object.entries(info.totals).sort((a, b) => b[1] - a[1]).map(([f, v]) => `${teams[f].name} ${number(v)}`);
  return `${name}: influence ${parts.join(", ")}` + (own ? "" : "");
}
