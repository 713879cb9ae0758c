// The explorer: search a person or topic, see the network, expand it, follow a path. Plain JS and SVG.
// Positions and groups come from the server (/api/network), so the same data always draws the same.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const PALETTE = ["#4269d0", "#efb118", "#ff725c", "#6cc5b0", "#3ca951", "#ff8ab7", "#a463f2", "#97bbf5", "#9c6b4e", "#9498a0"];
const state = { centres: [], topic: null, network: null, selected: null, path: null, request: 0 };
const $ = (id) => document.getElementById(id);

async function graphql(query, variables) {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const answer = await response.json();
  if (answer.errors) throw new Error(answer.errors[0].message);
  return answer.data;
}

function years() {
  const first = $("first-year").value, last = $("last-year").value;
  return first || last ? `${first}-${last}` : null;
}

async function loadNetwork() {
  const params = new URLSearchParams();
  state.centres.forEach((id) => params.append("author", id));
  if (state.topic) { params.set("topic", state.topic); params.set("limit", "150"); }
  if (years()) params.set("years", years());
  const request = ++state.request;
  $("status").textContent = "Loading…";
  const response = await fetch(`/api/network?${params}`);
  const answer = await response.json();
  if (request !== state.request) return;  // a newer request superseded this one
  if (!response.ok) { $("status").textContent = answer.detail || "Something went wrong."; return; }
  state.network = answer;
  draw();
}

function colour(group) { return PALETTE[(group - 1) % PALETTE.length]; }

function draw() {
  const { nodes, links, groups } = state.network;
  $("legend").replaceChildren(...groups.slice(0, 8).map((group) => {
    const item = document.createElement("li");
    item.style.setProperty("--c", colour(group.number));
    item.textContent = `${group.members.length} people: ${group.topics.join(", ") || "no topics"}`;
    return item;
  }));
  const svg = $("network"), box = svg.getBoundingClientRect();
  const width = box.width || 900, height = box.height || 600;
  // The drawing keeps clear of the status line above, the legend below, and a name's width on the right.
  const top = $("status").offsetHeight + 30, bottom = height - 30 - $("legend").offsetHeight, left = 30, right = width - 130;
  const place = (n) => [(left + right) / 2 + (n.x ?? 0) * (right - left) / 2, (top + bottom) / 2 + (n.y ?? 0) * (bottom - top) / 2];
  const at = new Map(nodes.map((n) => [n.id, place(n)]));
  const maxStrength = Math.max(1, ...links.map((l) => l.strength));
  const onPath = new Set(state.path ? state.path.authors : []);
  const pathPairs = new Set();
  if (state.path) state.path.authors.slice(1).forEach((id, i) => pathPairs.add([state.path.authors[i], id].sort().join(" ")));

  const linkLayer = $("links"), nodeLayer = $("nodes");
  linkLayer.replaceChildren(); nodeLayer.replaceChildren();
  for (const link of links) {
    const [x1, y1] = at.get(link.source), [x2, y2] = at.get(link.target);
    const line = document.createElementNS(SVG, "line");
    Object.entries({ x1, y1, x2, y2 }).forEach(([k, v]) => line.setAttribute(k, v));
    line.setAttribute("stroke-width", 0.8 + 4 * Math.sqrt(link.strength / maxStrength));
    line.setAttribute("class", pathPairs.has([link.source, link.target].sort().join(" ")) ? "link on-path" : "link");
    line.dataset.source = link.source; line.dataset.target = link.target;
    linkLayer.append(line);
  }
  const maxPapers = Math.max(1, ...nodes.map((n) => n.papers));
  for (const node of nodes) {
    const [x, y] = at.get(node.id);
    const g = document.createElementNS(SVG, "g");
    const classes = ["node"];
    if (node.id === state.selected) classes.push("selected");
    if (onPath.has(node.id)) classes.push("on-path");
    if (state.path && !onPath.has(node.id)) classes.push("faded");
    g.setAttribute("class", classes.join(" "));
    g.setAttribute("transform", `translate(${x},${y})`);
    g.dataset.id = node.id;
    const circle = document.createElementNS(SVG, "circle");
    circle.setAttribute("r", 4 + 14 * Math.sqrt(node.papers / maxPapers));
    circle.setAttribute("fill", colour(node.group));
    const title = document.createElementNS(SVG, "title");
    title.textContent = `${node.label}: ${node.papers} paper${node.papers === 1 ? "" : "s"}, group ${node.group}`;
    circle.append(title);
    const label = document.createElementNS(SVG, "text");
    label.setAttribute("x", 8); label.setAttribute("y", 4);
    label.textContent = node.label;
    g.append(circle, label);
    g.addEventListener("click", () => select(node.id, true));
    nodeLayer.append(g);
  }
  const people = state.network.topic ? `people working on ${state.network.topic.name}` : "people shown";
  $("status").textContent = `${nodes.length} ${people}, ${links.length} links, ${groups.length} groups`;
  $("network").dataset.ready = String(state.request);
  $("network").dataset.width = String(Math.round(width));
}

async function select(id, expand) {
  state.selected = id;
  state.path = null;
  $("path-hops").replaceChildren();
  if (state.topic === null && expand && !state.centres.includes(id)) {
    state.centres.push(id);
    await loadNetwork();
  } else if (state.network) {
    draw();
  }
  await showPerson(id);
}

async function showPerson(id) {
  const data = await graphql(`query($id: ID!) {
    author(id: $id) { name
      papers(first: 15) { totalCount edges { node { title year } } }
      topics(first: 8) { edges { node { name } } } }
    recommendCollaborators(author: $id, first: 5) { explanation author { id name } } }`, { id });
  if (state.selected !== id) return;
  $("panel").hidden = false;
  $("person-name").textContent = data.author.name;
  $("topics").textContent = data.author.topics.edges.map((e) => e.node.name).join(", ") || "none known";
  $("papers").replaceChildren(...data.author.papers.edges.map((e) => item(e.node.title, e.node.year)));
  const recommended = data.recommendCollaborators.map((r) => item(r.author.name, r.explanation));
  const why = "No one new: everyone within three co-author hops has written with them already, and no one else"
    + " writes titles like theirs.";  // as services.recommendations.why_no_one says it
  $("recommendations").replaceChildren(...(recommended.length ? recommended : [item(why)]));
}

function item(text, note) {
  const li = document.createElement("li");
  li.textContent = text;
  if (note !== null && note !== undefined) {
    const small = document.createElement("small");
    small.textContent = ` (${note})`;
    li.append(small);
  }
  return li;
}

async function showPath(targetId) {
  const data = await graphql(`query($from: ID!, $to: ID!) { collaborationPath(from: $from, to: $to) {
    length authors { id name } hops { source { name } target { name } paper { title year } } } }`,
    { from: state.selected, to: targetId });
  const path = data.collaborationPath;
  if (!path) { $("path-hops").replaceChildren(item("No collaboration path within 6 hops.")); return; }
  state.path = { authors: path.authors.map((a) => a.id) };
  const shown = new Set(state.network.nodes.map((n) => n.id));
  const missing = state.path.authors.filter((id) => !shown.has(id));
  if (missing.length && !state.topic) { state.centres.push(...missing); await loadNetwork(); } else { draw(); }
  $("path-hops").replaceChildren(...path.hops.map((h) => item(`${h.source.name} → ${h.target.name}: ${h.paper.title}`, h.paper.year)));
}

function autocomplete(input, list, search, choose) {
  let timer = null;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const text = input.value.trim();
      if (text.length < 2) { list.hidden = true; return; }
      const hits = await search(text);
      if (input.value.trim() !== text) return;
      list.replaceChildren(...hits.map((hit) => {
        const li = item(hit.name, hit.kind);
        li.setAttribute("role", "option");
        li.addEventListener("click", () => { list.hidden = true; input.value = hit.name; choose(hit); });
        return li;
      }));
      list.hidden = hits.length === 0;
    }, 150);
  });
  input.addEventListener("keydown", async (event) => {
    if (event.key !== "Enter") return;
    if (!list.hidden && list.firstChild) { list.firstChild.click(); return; }
    const text = input.value.trim();
    if (!text) return;
    try {  // no suggestion: the exact name, or the server's closest names
      const data = await graphql(`query($name: String!) { author(name: $name) { id name }
        closestAuthorNames(text: $name) }`, { name: text });
      if (data.author) { choose({ ...data.author, kind: "person" }); return; }
      const close = data.closestAuthorNames;
      $("status").textContent = `No one is named ${text}` + (close.length ? `; did you mean ${close.join(", ")}?` : ".");
    } catch (error) { $("status").textContent = error.message; }
  });
}

async function searchPeopleAndTopics(text) {
  const data = await graphql(`query($text: String!) {
    searchAuthors(text: $text, first: 6) { edges { node { id name } } }
    searchTopics(text: $text, first: 4) { edges { node { id name } } } }`, { text });
  return [
    ...data.searchAuthors.edges.map((e) => ({ ...e.node, kind: "person" })),
    ...data.searchTopics.edges.map((e) => ({ ...e.node, kind: "topic" })),
  ];
}

async function searchPeople(text) {
  return (await searchPeopleAndTopics(text)).filter((hit) => hit.kind === "person");
}

function start(hit) {
  state.path = null;
  if (hit.kind === "topic") {
    Object.assign(state, { centres: [], topic: hit.id, selected: null });
    $("panel").hidden = true;
    loadNetwork();
  } else {
    Object.assign(state, { centres: [hit.id], topic: null, selected: hit.id });
    loadNetwork().then(() => showPerson(hit.id));
  }
}

autocomplete($("search"), $("suggestions"), searchPeopleAndTopics, start);
autocomplete($("path-to"), $("path-suggestions"), searchPeople, (hit) => showPath(hit.id));
for (const id of ["first-year", "last-year"]) {
  $(id).addEventListener("change", () => {
    // A path was found over every year: it goes rather than show hops the new years leave out.
    state.path = null;
    $("path-hops").replaceChildren();
    if (state.network) loadNetwork();
  });
}
// The panel opening, a narrower window: whatever changes the drawing's room draws it again, to fit.
new ResizeObserver(() => state.network && draw()).observe($("canvas"));

// Deep links: /?author=<id or exact name>, /?topic=<id or name>.
async function startLinked(value, kind) {
  if (kind === "person" && !value.startsWith("author:")) {
    try {
      const { author } = await graphql("query($name: String!) { author(name: $name) { id name } }", { name: value });
      if (!author) { $("status").textContent = `No one is named ${value}.`; return; }
      value = author.id;
      $("search").value = author.name;
    } catch (error) { $("status").textContent = error.message; return; }
  }
  start({ id: value, kind });
}

const linked = new URLSearchParams(location.search);
if (linked.get("author")) startLinked(linked.get("author"), "person");
else if (linked.get("topic")) startLinked(linked.get("topic"), "topic");
