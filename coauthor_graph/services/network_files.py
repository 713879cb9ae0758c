"""A network as the files other tools open: VOSviewer, Gephi (GEXF, CSV), Cytoscape/yEd (GraphML), Pajek.

Every format carries the same facts per node (label, papers, group, first and mean year, position
when the network is small enough to lay out) and per link (strength, papers, first year). Written
by hand rather than with networkx's writers, which measured wrong for these tools: its GEXF 1.3
names an invalid XML Schema namespace and time format "long", and its reader fails on the
open-ended spells its writer makes; its Pajek writer labels vertices with ids, not names.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from coauthor_graph.services.networks import Network, NetworkNode
from coauthor_graph.services.spreadsheet_cells import inert

Format = Literal["vosviewer", "gexf", "graphml", "pajek", "csv"]
FORMATS: tuple[Format, ...] = ("vosviewer", "gexf", "graphml", "pajek", "csv")
VOSVIEWER_COLUMNS = (
    "id",
    "label",
    "description",
    "url",
    "x",
    "y",
    "cluster",
    "weight<Documents>",
    "weight<Links>",
    "weight<Total link strength>",
    "score<Avg. pub. year>",
)
"""VOSviewer's map file columns (its manual, "Map file"); x and y only when the network was laid out."""


@dataclass(frozen=True, slots=True)
class DrawnNetwork:
    """A network with what the files add to it: each node's group and position."""

    network: Network
    groups: dict[str, int]
    positions: dict[str, tuple[float, float]]
    unit: str = "author"


def network_files(drawn: DrawnNetwork, fmt: Format) -> dict[str, bytes]:
    """The files of `fmt`, by file name: one for gexf, graphml and pajek; VOSviewer's map, network and
    JSON files; Gephi's node and edge tables for csv."""
    return _WRITERS[fmt](drawn)


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _vosviewer(drawn: DrawnNetwork) -> dict[str, bytes]:
    network, laid_out = drawn.network, bool(drawn.positions)
    columns = [c for c in VOSVIEWER_COLUMNS if laid_out or c not in ("x", "y")]
    numbers = {node.id: i for i, node in enumerate(network.nodes, start=1)}
    degrees, totals = network.degrees(), network.total_link_strength()
    items, lines = [], ["\t".join(columns)]
    for node in network.nodes:
        x, y = drawn.positions.get(node.id, (0.0, 0.0))
        item = {
            "id": numbers[node.id],
            "label": node.label,
            "description": f"{node.id}; {node.papers} paper{'' if node.papers == 1 else 's'}",
            "url": "",
            "x": x,
            "y": y,
            "cluster": drawn.groups.get(node.id, 0),
            "weight<Documents>": node.papers,
            "weight<Links>": degrees[node.id],
            "weight<Total link strength>": round(totals[node.id], 4),
            "score<Avg. pub. year>": round(node.mean_year, 2) if node.mean_year is not None else "",
        }
        lines.append("\t".join(_number(item[c]) if c != "label" else _tab_free(node.label) for c in columns))
        items.append(_vosviewer_item(item, laid_out))
    links = [(numbers[link.source], numbers[link.target], round(link.strength, 4)) for link in network.links]
    network_lines = [f"{a}\t{b}\t{_number(s)}" for a, b, s in links]
    document = {
        "network": {
            "items": items,
            "links": [{"source_id": a, "target_id": b, "strength": s} for a, b, s in links],
        }
    }
    return {
        "map.txt": ("\n".join(lines) + "\n").encode(),
        "network.txt": ("\n".join(network_lines) + "\n").encode(),
        "network.json": json.dumps(document, ensure_ascii=False, indent=1).encode(),
    }


def _vosviewer_item(item: dict[str, object], laid_out: bool) -> dict[str, object]:
    """An item of VOSviewer's JSON format: weights and scores in objects of their own."""
    found: dict[str, object] = {k: item[k] for k in ("id", "label", "description", "cluster")}
    if laid_out:
        found |= {"x": item["x"], "y": item["y"]}
    found["weights"] = {
        "Documents": item["weight<Documents>"],
        "Links": item["weight<Links>"],
        "Total link strength": item["weight<Total link strength>"],
    }
    if item["score<Avg. pub. year>"] != "":
        found["scores"] = {"Avg. pub. year": item["score<Avg. pub. year>"]}
    return found


def _tab_free(text: str) -> str:
    return " ".join(text.split())


_GEXF = "http://gexf.net/1.3"
_VIZ = "http://gexf.net/1.3/viz"
_NODE_ATTRIBUTES = (("papers", "integer"), ("cluster", "integer"), ("first_year", "integer"), ("mean_year", "double"))


def _gexf(drawn: DrawnNetwork) -> dict[str, bytes]:
    """GEXF 1.3, dynamic: each node's spell starts in its first year and each link's in the year of its
    first joint paper, both lasting to the last year in scope, so Gephi's timeline plays the growth."""
    ET.register_namespace("", _GEXF)
    ET.register_namespace("viz", _VIZ)
    network = drawn.network
    last = max((p.year for p in network.papers if p.year is not None), default=None)
    root = ET.Element(f"{{{_GEXF}}}gexf", {"version": "1.3"})
    meta = ET.SubElement(root, f"{{{_GEXF}}}meta")
    ET.SubElement(meta, f"{{{_GEXF}}}creator").text = "coauthor-graph"
    graph = ET.SubElement(
        root, f"{{{_GEXF}}}graph", {"defaultedgetype": "undirected", "mode": "dynamic", "timeformat": "integer"}
    )
    declared = ET.SubElement(graph, f"{{{_GEXF}}}attributes", {"class": "node", "mode": "static"})
    for i, (title, kind) in enumerate(_NODE_ATTRIBUTES):
        ET.SubElement(declared, f"{{{_GEXF}}}attribute", {"id": str(i), "title": title, "type": kind})
    declared = ET.SubElement(graph, f"{{{_GEXF}}}attributes", {"class": "edge", "mode": "static"})
    ET.SubElement(declared, f"{{{_GEXF}}}attribute", {"id": "papers", "title": "papers", "type": "integer"})
    nodes = ET.SubElement(graph, f"{{{_GEXF}}}nodes")
    for node in network.nodes:
        element = ET.SubElement(nodes, f"{{{_GEXF}}}node", {"id": node.id, "label": node.label})
        _spell(element, node.first_year, last)
        values = ET.SubElement(element, f"{{{_GEXF}}}attvalues")
        for i, value in enumerate(_node_values(node, drawn.groups)):
            if value is not None:
                ET.SubElement(values, f"{{{_GEXF}}}attvalue", {"for": str(i), "value": _number(value)})
        if node.id in drawn.positions:
            x, y = drawn.positions[node.id]
            ET.SubElement(element, f"{{{_VIZ}}}position", {"x": _number(x * 1000), "y": _number(y * 1000), "z": "0"})
            ET.SubElement(element, f"{{{_VIZ}}}size", {"value": _number(float(node.papers))})
    edges = ET.SubElement(graph, f"{{{_GEXF}}}edges")
    for i, link in enumerate(network.links):
        attributes = {"id": str(i), "source": link.source, "target": link.target, "weight": _number(link.strength)}
        element = ET.SubElement(edges, f"{{{_GEXF}}}edge", attributes)
        _spell(element, link.first_year, last)
        values = ET.SubElement(element, f"{{{_GEXF}}}attvalues")
        ET.SubElement(values, f"{{{_GEXF}}}attvalue", {"for": "papers", "value": str(link.papers)})
    ET.indent(root)
    return {"network.gexf": ET.tostring(root, encoding="utf-8", xml_declaration=True)}


def _spell(element: ET.Element, start: int | None, end: int | None) -> None:
    if start is None or end is None:
        return
    spells = ET.SubElement(element, f"{{{_GEXF}}}spells")
    ET.SubElement(spells, f"{{{_GEXF}}}spell", {"start": str(start), "end": str(end)})


def _node_values(node: NetworkNode, groups: dict[str, int]) -> tuple[float | int | None, ...]:
    mean_year = round(node.mean_year, 2) if node.mean_year is not None else None
    return (node.papers, groups.get(node.id), node.first_year, mean_year)


_GRAPHML = "http://graphml.graphdrawing.org/xmlns"


def _graphml(drawn: DrawnNetwork) -> dict[str, bytes]:
    ET.register_namespace("", _GRAPHML)
    network = drawn.network
    root = ET.Element(f"{{{_GRAPHML}}}graphml")
    keys = [("label", "node", "string"), *((t, "node", "int" if k == "integer" else k) for t, k in _NODE_ATTRIBUTES)]
    keys += [("x", "node", "double"), ("y", "node", "double")]
    keys += [("weight", "edge", "double"), ("papers", "edge", "int"), ("first_year", "edge", "int")]
    for name, owner, kind in keys:
        ET.SubElement(
            root, f"{{{_GRAPHML}}}key", {"id": f"{owner}_{name}", "for": owner, "attr.name": name, "attr.type": kind}
        )
    graph = ET.SubElement(root, f"{{{_GRAPHML}}}graph", {"id": "coauthor-graph", "edgedefault": "undirected"})
    for node in network.nodes:
        element = ET.SubElement(graph, f"{{{_GRAPHML}}}node", {"id": node.id})
        position = drawn.positions.get(node.id, (None, None))
        values = (node.label, *_node_values(node, drawn.groups), *position)
        for (name, _, _), value in zip(keys, values, strict=False):
            _graphml_data(element, f"node_{name}", value)
    for link in network.links:
        element = ET.SubElement(graph, f"{{{_GRAPHML}}}edge", {"source": link.source, "target": link.target})
        for name, value in (("weight", link.strength), ("papers", link.papers), ("first_year", link.first_year)):
            _graphml_data(element, f"edge_{name}", value)
    ET.indent(root)
    return {"network.graphml": ET.tostring(root, encoding="utf-8", xml_declaration=True)}


def _graphml_data(element: ET.Element, key: str, value: object) -> None:
    if value is not None:
        ET.SubElement(element, f"{{{_GRAPHML}}}data", {"key": key}).text = (
            _number(value) if isinstance(value, int | float) else str(value)
        )


def _pajek(drawn: DrawnNetwork) -> dict[str, bytes]:
    """Pajek's `.net`: vertices numbered from 1 with their names (and positions), then weighted edges."""
    network = drawn.network
    numbers = {node.id: i for i, node in enumerate(network.nodes, start=1)}
    lines = [f"*Vertices {len(network.nodes)}"]
    for node in network.nodes:
        label = '"' + _tab_free(node.label).replace('"', "'") + '"'
        if node.id in drawn.positions:
            x, y = drawn.positions[node.id]
            label += f" {(x + 1) / 2:.4f} {(y + 1) / 2:.4f} 0.5"  # Pajek's coordinates run from 0 to 1
        lines.append(f"{numbers[node.id]} {label}")
    lines.append("*Edges")
    lines += [f"{numbers[link.source]} {numbers[link.target]} {_number(link.strength)}" for link in network.links]
    return {"network.net": ("\r\n".join(lines) + "\r\n").encode()}


def _csv(drawn: DrawnNetwork) -> dict[str, bytes]:
    """Gephi's spreadsheet import: a node table (Id, Label, ...) and an edge table (Source, Target, Type,
    Weight, ...); labels made inert for spreadsheets (`spreadsheet_cells`)."""
    network = drawn.network
    nodes, edges = io.StringIO(), io.StringIO()
    writer = csv.writer(nodes, lineterminator="\n")
    writer.writerow(["Id", "Label", "Papers", "Cluster", "First year", "Mean year", "x", "y"])
    for node in network.nodes:
        position = drawn.positions.get(node.id, ("", ""))
        values = ["" if v is None else _number(v) for v in _node_values(node, drawn.groups)]
        writer.writerow([node.id, inert(node.label), *values, *position])
    writer = csv.writer(edges, lineterminator="\n")
    writer.writerow(["Source", "Target", "Type", "Weight", "Papers", "First year"])
    for link in network.links:
        first = "" if link.first_year is None else link.first_year
        writer.writerow([link.source, link.target, "Undirected", _number(link.strength), link.papers, first])
    return {"nodes.csv": nodes.getvalue().encode(), "edges.csv": edges.getvalue().encode()}


_WRITERS: dict[Format, Callable[[DrawnNetwork], dict[str, bytes]]] = {
    "vosviewer": _vosviewer,
    "gexf": _gexf,
    "graphml": _graphml,
    "pajek": _pajek,
    "csv": _csv,
}
