// presswatch web UI: plain JavaScript over the REST API (/api/...).
// Every value from the API reaches the page as text (textContent / createTextNode), never
// as HTML; charts and graphs are SVG drawn here.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const main = () => document.getElementById("main");

// -- DOM helpers -------------------------------------------------------------------------
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = String(v);
    else if (k === "onclick" || k === "onsubmit" || k === "onchange") node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") node.textContent = String(v);
    else if (k === "onclick") node.addEventListener("click", v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c) node.append(c);
  return node;
}

function link(href, text, cls) { return el("a", { href, text, class: cls }); }
function entityLink(id, name) { return link("#/entity/" + encodeURIComponent(id), name || id); }
function docLink(id, title) { return link("#/doc/" + encodeURIComponent(id), title || "(no title)"); }
function day(s) { return s ? String(s).slice(0, 10) : "undated"; }
function num(v) {
  if (typeof v !== "number") return String(v);
  return Number.isInteger(v) ? v.toLocaleString("en") : v.toLocaleString("en", { maximumSignificantDigits: 6 });
}

async function api(path, params) {
  const url = new URL(path, window.location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  }
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) {
    const err = new Error((body.error && body.error.message) || response.statusText);
    err.body = body;
    throw err;
  }
  return body;
}

function showError(err) {
  const box = el("div", { class: "error", role: "alert" }, err.message);
  const candidates = (err.body && err.body.error && err.body.error.candidates) || [];
  if (candidates.length) {
    box.append(el("ul", {}, candidates.map((c) => el("li", {}, entityLink(c.id, c.name), ` ${c.type}, ${c.documents} documents`))));
  }
  main().replaceChildren(box);
}

function table(columns, rows) {
  return el("table", { class: "data" },
    el("thead", {}, el("tr", {}, columns.map((c) => el("th", { text: c.title })))),
    el("tbody", {}, rows.map((r) => el("tr", {}, columns.map((c) => {
      const v = c.render ? c.render(r) : r[c.key];
      return el("td", { class: c.num ? "num" : null }, v === null || v === undefined || v === "" ? "-" : v);
    })))));
}

function pager(page, go) {
  const end = page.offset + page.items.length;
  // total_exact false (a search past its count cap): the total is a lower bound, "10000+"
  const more = page.total_exact === false ? "+" : "";
  const box = el("div", { class: "pager" }, el("span", { class: "muted", text: page.total ? `${page.offset + 1}–${end} of ${page.total}${more}` : "nothing found" }));
  if (page.offset > 0) box.append(el("button", { type: "button", text: "previous", onclick: () => go(Math.max(0, page.offset - page.limit)) }));
  if (end < page.total || (more && page.items.length === page.limit)) box.append(el("button", { type: "button", text: "next", onclick: () => go(end) }));
  return box;
}

function formParams(form) {
  const out = {};
  for (const [k, v] of new FormData(form).entries()) if (v) out[k] = v;
  return out;
}

function setHash(route, params) {
  const q = new URLSearchParams(params).toString();
  window.location.hash = "#/" + route + (q ? "?" + q : "");
}

function filters(route, params, fields) {
  const form = el("form", { class: "filters", role: "search" }, fields.map(([name, placeholder, type]) =>
    el("input", { name, placeholder, type: type || "text", value: params[name] || "", "aria-label": placeholder })),
  el("button", { type: "submit", text: "apply" }));
  form.addEventListener("submit", (ev) => { ev.preventDefault(); setHash(route, formParams(form)); });
  return form;
}

// -- charts ------------------------------------------------------------------------------
// Bars per period; series: [{key, label}] drawn side by side.
function barChart(items, series, opts) {
  const width = (opts && opts.width) || 760, height = (opts && opts.height) || 180, pad = 28;
  const box = svg("svg", { class: "chart", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": (opts && opts.label) || "chart" });
  if (!items.length) { box.append(svg("text", { x: 10, y: 20, text: "no dated data" })); return box; }
  const max = Math.max(1, ...items.flatMap((it) => series.map((s) => it[s.key] || 0)));
  const slot = (width - pad * 2) / items.length, bar = Math.max(1, slot / (series.length + 1));
  items.forEach((it, i) => {
    series.forEach((s, j) => {
      const v = it[s.key] || 0, h = (height - pad * 2) * v / max;
      box.append(svg("rect", { class: "bar " + s.key, x: pad + i * slot + j * bar, y: height - pad - h, width: bar, height: Math.max(h, 0) },
        svg("title", { text: `${it.period} ${s.label}: ${v}` })));
    });
    if (items.length <= 24 || i % Math.ceil(items.length / 12) === 0) {
      box.append(svg("text", { x: pad + i * slot, y: height - 8, text: it.period }));
    }
  });
  box.append(svg("text", { x: 2, y: pad - 8, text: String(max) }));
  series.forEach((s, j) => box.append(svg("rect", { class: "bar " + s.key, x: width - 120, y: 6 + j * 14, width: 10, height: 10 }),
    svg("text", { x: width - 105, y: 15 + j * 14, text: s.label })));
  return box;
}

// -- graph: a small force-directed layout ----------------------------------------------
function graphView(net, focus) {
  const width = 760, height = 460;
  const nodes = net.nodes.map((n, i) => ({ ...n, x: width / 2 + 150 * Math.cos(i), y: height / 2 + 150 * Math.sin(i), vx: 0, vy: 0 }));
  const index = new Map(nodes.map((n) => [n.id, n]));
  const edges = net.edges.filter((e) => index.has(e.source) && index.has(e.target));
  for (let step = 0; step < 300; step++) {
    const t = 1 - step / 300;
    for (const a of nodes) for (const b of nodes) {
      if (a === b) continue;
      const dx = a.x - b.x, dy = a.y - b.y, d2 = Math.max(dx * dx + dy * dy, 25);
      a.vx += 900 * dx / d2; a.vy += 900 * dy / d2;
    }
    for (const e of edges) {
      const a = index.get(e.source), b = index.get(e.target);
      const dx = b.x - a.x, dy = b.y - a.y, d = Math.sqrt(dx * dx + dy * dy) || 1, f = (d - 90) * 0.02;
      a.vx += f * dx / d; a.vy += f * dy / d; b.vx -= f * dx / d; b.vy -= f * dy / d;
    }
    for (const n of nodes) {
      n.vx += (width / 2 - n.x) * 0.005; n.vy += (height / 2 - n.y) * 0.005;
      n.x = Math.min(width - 20, Math.max(20, n.x + n.vx * t)); n.y = Math.min(height - 20, Math.max(20, n.y + n.vy * t));
      n.vx *= 0.5; n.vy *= 0.5;
    }
  }
  const box = svg("svg", { class: "graph", width, height, viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "network" });
  if (!nodes.length) { box.append(svg("text", { x: 10, y: 20, text: "no connections" })); return box; }
  const maxW = Math.max(1, ...edges.map((e) => e.weight));
  for (const e of edges) {
    const a = index.get(e.source), b = index.get(e.target);
    box.append(svg("line", { class: e.kind === "mentions" ? "mentions" : "event", x1: a.x, y1: a.y, x2: b.x, y2: b.y, "stroke-width": 1 + 3 * e.weight / maxW },
      svg("title", { text: `${a.name} – ${b.name}: ${e.kind} ×${e.weight} (${e.first || "?"} … ${e.last || "?"})` })));
  }
  for (const n of nodes) {
    const go = () => { window.location.hash = "#/entity/" + encodeURIComponent(n.id); };
    box.append(svg("g", { class: "node", "data-id": n.id, onclick: go },
      svg("circle", { class: n.type + (n.id === focus ? " focus" : ""), cx: n.x, cy: n.y, r: n.id === focus ? 10 : 7 }),
      svg("text", { x: n.x + 10, y: n.y + 4, text: n.name })));
  }
  return box;
}

// -- pages -------------------------------------------------------------------------------
async function searchPage(params) {
  const page = await api("/api/search", { ...params, limit: 20 });
  const facetBox = el("aside", { class: "facets" });
  const names = { outlet: "outlet", language: "language", entity: "entity", month: "month" };
  for (const [key, values] of Object.entries(page.facets || {})) {
    if (!values.length) continue;
    facetBox.append(el("h3", { text: names[key] || key }), el("ul", {}, values.map((f) => {
      const next = { ...params, offset: "" };
      if (key === "month") { next.since = f.value; next.until = f.value; } else next[key] = f.value;
      return el("li", {}, el("a", { href: "#/search?" + new URLSearchParams(Object.entries(next).filter(([, v]) => v)).toString(), text: f.label || f.value }),
        el("span", { class: "count", text: f.count }));
    })));
  }
  if (page.facets && (page.total_exact === false || page.facets_over < page.total)) {
    facetBox.append(el("p", { class: "muted facets-over", text: `counted over the newest ${page.facets_over} matches` }));
  }
  const hits = el("section", { class: "hits" }, page.items.map((h) => {
    const snippet = el("p", { class: "snippet" });
    let pos = 0;
    for (const [s, e] of h.highlights) {
      snippet.append(document.createTextNode(h.snippet.slice(pos, s)), el("mark", { text: h.snippet.slice(s, e) }));
      pos = e;
    }
    snippet.append(document.createTextNode(h.snippet.slice(pos)));
    return el("article", { class: "hit" }, el("h2", {}, docLink(h.id, h.title)),
      el("div", { class: "meta", text: `${day(h.published)} · ${h.language} · ${h.outlet || "no outlet"}` }), snippet);
  }));
  main().replaceChildren(el("h1", { text: "Search" }),
    filters("search", params, [["q", "words, \"a phrase\", prefix*"], ["language", "language"], ["outlet", "outlet"], ["entity", "entity"], ["since", "since YYYY-MM-DD"], ["until", "until"]]),
    el("div", { class: "layout" }, facetBox, el("div", {}, hits, pager(page, (o) => setHash("search", { ...params, offset: o })))));
}

function annotatedText(doc) {
  // Character ranges with the annotations covering them; a boundary wherever one starts or ends.
  const anns = [];
  doc.entities.forEach((e) => e.mentions.forEach(([s, t]) => anns.push({ s, t, kind: "entity", ent: e })));
  doc.quotes.forEach((q) => anns.push({ s: q.start, t: q.end, kind: "quote", title: `quote (${q.kind}) by ${q.speaker || "unknown"}` }));
  doc.figures.forEach((f) => anns.push({ s: f.start, t: f.end, kind: "figure", title: `${num(f.value)} ${f.unit} · ${f.metric || ""} · ${f.kind}` }));
  doc.events.forEach((v) => anns.push({ s: v.start, t: v.end, kind: "event", title: `${v.type}: ${v.participants.join(", ")}` }));
  const text = doc.text, cuts = new Set([0, text.length]);
  for (const a of anns) { cuts.add(Math.max(0, a.s)); cuts.add(Math.min(text.length, a.t)); }
  const points = [...cuts].sort((a, b) => a - b);
  const box = el("div", { class: "doc-text", id: "doc-text" });
  for (let i = 0; i < points.length - 1; i++) {
    const s = points[i], t = points[i + 1], piece = text.slice(s, t);
    const on = anns.filter((a) => a.s <= s && a.t >= t);
    if (!on.length) { box.append(document.createTextNode(piece)); continue; }
    const ent = on.find((a) => a.kind === "entity");
    const classes = on.map((a) => a.kind === "entity" ? "ann-" + (["PERSON", "ORG", "GPE", "LOC", "FAC"].includes(a.ent.type) ? a.ent.type.toLowerCase() : "other") : "ann-" + a.kind);
    const titles = on.map((a) => a.kind === "entity" ? `${a.ent.name} (${a.ent.type})` : a.title);
    const node = ent ? el("a", { href: "#/entity/" + encodeURIComponent(ent.ent.id), class: classes.join(" "), title: titles.join("\n"), "data-kind": on.map((a) => a.kind).join(" ") }, piece)
      : el("span", { class: classes.join(" "), title: titles.join("\n"), "data-kind": on.map((a) => a.kind).join(" ") }, piece);
    box.append(node);
  }
  return box;
}

async function docPage(id) {
  const doc = await api("/api/documents/" + encodeURIComponent(id));
  const cleaning = doc.cleaning || {};
  main().replaceChildren(
    el("h1", { text: doc.title || "(no title)" }),
    el("div", { class: "meta", text: `${day(doc.published)} · ${doc.language} · ${doc.outlet || "no outlet"} · ${doc.source}` }),
    el("div", { class: "legend" }, el("span", { class: "ann-person", text: "person" }), el("span", { class: "ann-org", text: "organisation" }),
      el("span", { class: "ann-gpe", text: "place" }), el("span", { class: "ann-quote", text: "quote" }), el("span", { class: "ann-figure", text: "figure" }),
      el("span", { class: "ann-event", text: "event" })),
    annotatedText(doc),
    el("div", { class: "cols" },
      el("section", {}, el("h2", { text: `Entities (${doc.entities.length})` }),
        table([{ title: "name", render: (e) => entityLink(e.id, e.name) }, { title: "type", key: "type" }, { title: "mentions", num: true, render: (e) => e.mentions.length },
          { title: "roles", render: (e) => e.roles.join(", ") }], doc.entities)),
      el("section", {}, el("h2", { text: "Cleaning evidence" }),
        table([{ title: "what", key: "k" }, { title: "value", key: "v" }],
          Object.entries({ ...cleaning, dateline: doc.dateline ? `${doc.dateline.place || ""} ${doc.dateline.date || ""}` : null, duplicate_of: doc.duplicate_of })
            .filter(([, v]) => v !== null && v !== undefined && v !== "" && !(Array.isArray(v) && !v.length))
            .map(([k, v]) => ({ k, v: Array.isArray(v) ? v.join("; ") : String(v) }))))),
    el("h2", { text: `Quotes (${doc.quotes.length})` }),
    table([{ title: "speaker", render: (q) => q.speaker_id ? entityLink(q.speaker_id, q.speaker) : (q.speaker_text || "-") }, { title: "cue", key: "cue" }, { title: "kind", key: "kind" }, { title: "quote", key: "text" }], doc.quotes),
    el("h2", { text: `Figures (${doc.figures.length})` }),
    table([{ title: "value", num: true, render: (f) => num(f.value) }, { title: "unit", key: "unit" }, { title: "metric", key: "metric" }, { title: "period", key: "period" },
      { title: "claimant", render: (f) => f.claimant_id ? entityLink(f.claimant_id, f.claimant) : f.claimant }, { title: "kind", key: "kind" }], doc.figures),
    el("h2", { text: `Events (${doc.events.length})` }),
    table([{ title: "type", key: "type" }, { title: "date", key: "date" }, { title: "place", key: "place" },
      { title: "participants", render: (v) => el("span", {}, v.participant_ids.map((pid, i) => [i ? ", " : "", entityLink(pid, v.participants[i] || pid)])) }], doc.events));
}

function quoteTable(page) {
  return table([{ title: "date", render: (q) => day(q.published) }, { title: "speaker", render: (q) => q.speaker_id ? entityLink(q.speaker_id, q.speaker) : (q.speaker || "-") },
    { title: "quote", key: "text" }, { title: "in", render: (q) => docLink(q.doc_id, q.title || q.source) }], page.items);
}

async function entityPage(id) {
  const [p, timeline, net] = await Promise.all([
    api("/api/entities/" + encodeURIComponent(id)),
    api("/api/timeline", { entity: id, interval: "month" }),
    api("/api/network", { entity: id, depth: 1 }),
  ]);
  const scripts = Object.entries(p.aliases_by_script || {}).map(([script, names]) => el("div", {}, el("strong", { text: script + ": " }), names.join(" · ")));
  main().replaceChildren(
    el("h1", { text: p.name }),
    el("div", { class: "meta", text: `${p.type} · ${p.documents} documents · ${p.mentions} mentions · ${p.id}` }),
    el("section", {}, el("h2", { text: "Names" }), scripts,
      p.roles.length ? el("p", {}, el("strong", { text: "roles: " }), p.roles.map((r) => `${r.role} (${r.count})`).join("; ")) : null),
    el("h2", { text: "Over time" }),
    barChart(timeline.items, [{ key: "mentions", label: "mentions" }, { key: "quotes", label: "quotes" }, { key: "events", label: "events" }], { label: "mentions over time" }),
    el("h2", { text: `Whom they met (${p.met.length})` }),
    graphView(net, p.id),
    el("div", { class: "cols" },
      el("section", {}, el("h2", { text: `Quotes by (${p.quotes_by.total})` }), quoteTable(p.quotes_by)),
      el("section", {}, el("h2", { text: `Quotes about (${p.quotes_about.total})` }), quoteTable(p.quotes_about))),
    el("h2", { text: `Figures claimed (${p.figures.total})` }),
    table([{ title: "date", render: (f) => day(f.published) }, { title: "value", num: true, render: (f) => num(f.value) }, { title: "unit", key: "unit" },
      { title: "metric", key: "metric" }, { title: "in", render: (f) => docLink(f.doc_id, f.title) }], p.figures.items),
    el("h2", { text: `Events (${p.events.total})` }), eventTable(p.events.items),
    el("div", { class: "cols" },
      el("section", {}, el("h2", { text: "Mentioned with" }), el("ul", {}, p.co_mentioned.map((c) => el("li", {}, entityLink(c.id, c.name), el("span", { class: "count", text: c.documents }))))),
      el("section", {}, el("h2", { text: `Documents (${p.documents})` }), el("ul", {}, p.document_list.map((d) => el("li", {}, docLink(d.id, d.title || d.source), el("span", { class: "count", text: day(d.published) })))))));
}

function eventTable(items) {
  return table([{ title: "date", render: (v) => day(v.date) }, { title: "type", key: "type" },
    { title: "participants", render: (v) => el("span", {}, v.participant_ids.map((pid, i) => [i ? ", " : "", entityLink(pid, v.participants[i] || pid)])) },
    { title: "place", key: "place" }, { title: "sources", render: (v) => el("span", {}, v.sources.map((s, i) => [i ? ", " : "", docLink(s.doc_id, s.outlet || day(s.published))])) }], items);
}

async function figuresPage(params) {
  const query = { metric: params.metric, claimant: params.claimant, unit: params.unit, kind: params.kind, period: params.period };
  const [page, series] = await Promise.all([api("/api/figures", { ...query, limit: 50, offset: params.offset }), api("/api/figures/series", { ...query, limit: 6 })]);
  main().replaceChildren(el("h1", { text: "Figures" }),
    filters("figures", params, [["metric", "metric words"], ["claimant", "claimant"], ["unit", "unit (USD, percent...)"], ["kind", "kind"], ["period", "period 2023 or 2023-01..2023-06"]]),
    el("h2", { text: "Series" }),
    el("div", { class: "series" }, series.items.filter((s) => s.points.length > 1).map((s) => el("div", {},
      el("h3", { text: `${s.metric} (${s.unit})${s.claimant ? " — " + s.claimant : ""}` }),
      barChart(s.points.map((p) => ({ period: day(p.published), value: p.value })), [{ key: "value", label: s.unit }], { height: 120, label: s.metric })))),
    table([{ title: "date", render: (f) => day(f.published) }, { title: "value", num: true, render: (f) => num(f.value) }, { title: "unit", key: "unit" },
      { title: "metric", key: "metric" }, { title: "period", key: "period" }, { title: "claimant", render: (f) => f.claimant_id ? entityLink(f.claimant_id, f.claimant) : f.claimant },
      { title: "kind", key: "kind" }, { title: "as written", render: (f) => docLink(f.doc_id, f.text) }], page.items),
    pager(page, (o) => setHash("figures", { ...params, offset: o })));
}

async function eventsPage(params) {
  const query = { entity: params.entity, type: params.type, since: params.since, until: params.until };
  const [page, all] = await Promise.all([api("/api/events", { ...query, limit: 50, offset: params.offset }), api("/api/events", { ...query, limit: 0 })]);
  const perMonth = new Map();
  for (const v of all.items) if (v.date) { const m = v.date.slice(0, 7); perMonth.set(m, (perMonth.get(m) || 0) + 1); }
  const buckets = [...perMonth.entries()].sort().map(([period, events]) => ({ period, events }));
  main().replaceChildren(el("h1", { text: "Events" }),
    filters("events", params, [["entity", "entity"], ["type", "type (meeting, talks...)"], ["since", "since"], ["until", "until"]]),
    barChart(buckets, [{ key: "events", label: "events" }], { label: "events per month" }),
    eventTable(page.items), pager(page, (o) => setHash("events", { ...params, offset: o })));
}

async function networkPage(params) {
  const query = { entity: params.entity, depth: params.depth, since: params.since, until: params.until, type: params.type };
  const net = await api("/api/network", query);
  const downloads = ["gexf", "graphml", "node-link", "csv", "nodes-csv"].map((f) => {
    const url = new URL("/api/network", window.location.origin);
    for (const [k, v] of Object.entries({ ...query, format: f })) if (v) url.searchParams.set(k, v);
    return [link(url.pathname + url.search, f), " "];
  });
  main().replaceChildren(el("h1", { text: "Network" }),
    filters("network", params, [["entity", "around entity"], ["depth", "depth 1-3", "number"], ["since", "since"], ["until", "until"], ["type", "type (meeting, mentions...)"]]),
    el("p", { class: "meta" }, `${net.nodes.length} people and organisations, ${net.edges.length} links · download: `, downloads),
    graphView(net, null));
}

// -- routing -----------------------------------------------------------------------------
async function route() {
  const hash = window.location.hash.replace(/^#\/?/, "");
  const [path, query] = hash.split("?");
  const params = Object.fromEntries(new URLSearchParams(query || ""));
  const parts = path.split("/").map(decodeURIComponent);
  delete document.body.dataset.ready;
  for (const a of document.querySelectorAll("nav a[data-nav]")) a.classList.toggle("active", a.dataset.nav === (parts[0] || "search"));
  main().replaceChildren(el("p", { class: "muted", text: "loading…" }));
  try {
    if (parts[0] === "doc" && parts[1]) await docPage(parts[1]);
    else if (parts[0] === "entity" && parts[1]) await entityPage(parts[1]);
    else if (parts[0] === "figures") await figuresPage(params);
    else if (parts[0] === "events") await eventsPage(params);
    else if (parts[0] === "network") await networkPage(params);
    else await searchPage(params);
    document.body.dataset.ready = hash || "search";
  } catch (err) {
    showError(err);
    document.body.dataset.ready = "error";
  }
}

window.addEventListener("hashchange", route);
window.addEventListener("DOMContentLoaded", () => {
  route();
  api("/api/stats").then((s) => {
    document.getElementById("stats").textContent = `${s.documents} documents · ${s.entities} entities · ${s.quotes} quotes · ${s.figures} figures · ${s.events} events`;
  }).catch(() => {});
});
