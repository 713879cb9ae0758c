"""Author disambiguation against labelled truth: B-cubed and pairwise P/R/F1, per block and overall.

    python -m benchmarks.disambiguation [--fixtures ../shared/fixtures/disambiguation] [--blocks]

Reads the Han et al. DBLP nameset (14 ambiguous names, with co-authors, titles and venues)
and the S2AND Qian subset (names and affiliations only: its papers file is not in the
fixtures), turns every labelled record into a `Signature` and clusters them with
`coauthor_graph.identity.disambiguation`, beside two baselines scored the same way: exact
normalized name, and family name + first initial. Prints one table per data set:
macro-averaged over name blocks and pooled over records. Then loads the two research-group
BibTeX lists, whose people were labelled by hand, into the embedded store and scores every
printed name by the node it landed on (`evaluation.labelled_files`).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import re
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from coauthor_graph.evaluation import labelled_files
from coauthor_graph.evaluation.clustering import Scores, b_cubed, macro, pairwise, per_block
from coauthor_graph.evaluation.labelled_files import last_name_and_initial
from coauthor_graph.identity.disambiguation import Signature, cluster
from coauthor_graph.identity.keys import title_terms
from coauthor_graph.identity.names import name_parts, normalize_name, spelling_rank
from coauthor_graph.loaders.registry import LoadOptions
from coauthor_graph.store.embedded.store import EmbeddedStore

FIXTURES = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "disambiguation"
LABELS = Path(__file__).resolve().parents[1] / "tests" / "labelled" / "bibtex-persons.tsv"
_HAN_LINE = re.compile(r"^(\d+)_(\d+) (.*)$")


@dataclass(frozen=True, slots=True)
class Labelled:
    signature: Signature
    block: str
    person: str


def read_han(folder: Path) -> list[Labelled]:
    """One signature per citation: the printed form of the file's name (the fullest, where a line
    prints it twice), the other names as co-authors."""
    records = []
    for path in sorted(folder.glob("*.txt")):
        initial, last = path.stem[0].lower(), path.stem[1:].lower()
        for number, line in enumerate(path.read_text(encoding="latin-1").splitlines(), start=1):
            person, _, rest = _HAN_LINE.match(line).groups()
            authors, title, venue = (rest.split("<>") + ["", ""])[:3]
            names = [n.strip() for n in authors.split(";") if n.strip()] or [path.stem]  # a line without authors
            targets = [n for n in names if name_parts(n).last == last and name_parts(n).block.endswith(f" {initial}")]
            target = max(targets, key=spelling_rank) if targets else names[0]
            others = [n for n in names if n not in targets and n != target]
            key = f"{path.stem}:{number:05d}"
            records.append(
                Labelled(
                    Signature(
                        key=key,
                        name=target,
                        paper=key,
                        coauthors=frozenset(name_parts(n).block for n in others),
                        venue=" ".join(venue.lower().split()) or None,
                        terms=frozenset(title_terms(title)),
                    ),
                    block=path.stem,
                    person=f"{path.stem}:{person}",
                )
            )
    return records


def read_s2and(folder: Path) -> list[Labelled]:
    signatures = json.loads((folder / "signatures.json").read_text())
    person_of = {
        sid: cluster_id
        for cluster_id, c in json.loads((folder / "clusters.json").read_text()).items()
        for sid in c["signature_ids"]
    }
    records = []
    for sid, s in sorted(signatures.items(), key=lambda item: int(item[0])):
        info = s["author_info"]
        name = " ".join(p for p in (info.get("first"), info.get("middle"), info.get("last")) if p)
        records.append(
            Labelled(
                Signature(
                    key=f"{int(sid):06d}",
                    name=name,
                    paper=str(s["paper_id"]),
                    affiliations=frozenset(" ".join(a.lower().split()) for a in info.get("affiliations") or []),
                ),
                block=info["block"],
                person=person_of[sid],
            )
        )
    return records


def by_model(records: list[Labelled]) -> list[str]:
    label = {key: c[0] for c in cluster(r.signature for r in records) for key in c}
    return [label[r.signature.key] for r in records]


def by_exact_name(records: list[Labelled]) -> list[str]:
    return [normalize_name(r.signature.name) for r in records]


def by_block(records: list[Labelled]) -> list[str]:
    return [last_name_and_initial(r.signature.name) for r in records]


METHODS: dict[str, Callable[[list[Labelled]], list[str]]] = {
    "coauthor-graph": by_model,
    "exact normalized name": by_exact_name,
    "last name + first initial": by_block,
}


def table(name: str, records: list[Labelled], show_blocks: bool) -> None:
    blocks = [r.block for r in records]
    true = [r.person for r in records]
    print(f"\n{name}: {len(records):,} signatures, {len(set(blocks))} blocks, {len(set(true))} persons")
    print("| method | B³ P | B³ R | B³ F1 (macro) | B³ F1 (pooled) | pairwise F1 (pooled) | time |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for method, predict in METHODS.items():
        started = time.perf_counter()
        predicted = predict(records)
        seconds = time.perf_counter() - started
        blockwise = per_block(blocks, predicted, true)
        mean = macro(list(blockwise.values()))
        pooled = _pooled(blocks, predicted, true)
        pairs = pairwise([f"{b}|{p}" for b, p in zip(blocks, predicted, strict=True)], true)
        print(
            f"| {method} | {mean.precision:.3f} | {mean.recall:.3f} | {mean.f1:.3f} | {pooled.f1:.3f}"
            f" | {pairs.f1:.3f} | {seconds:.2f} s |"
        )
        if show_blocks and method == "coauthor-graph":
            for block, s in sorted(blockwise.items()):
                print(f"|   {block} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | | | |")


def _pooled(blocks: list[str], predicted: list[str], true: list[str]) -> Scores:
    """B-cubed over all records, a prediction counted within its block (blocks never share a person)."""
    return b_cubed([f"{b}|{p}" for b, p in zip(blocks, predicted, strict=True)], true)


def real_files_table(folder: Path) -> None:
    """Each labelled research-group list loaded into a fresh embedded store, scored mention by mention."""
    labels = labelled_files.read_labels(LABELS)
    print(f"\nResearch-group BibTeX lists labelled by hand ({LABELS.name}), each loaded into an embedded store")
    print("| file | mentions | persons | method | B³ P | B³ R | B³ F1 | pairwise F1 |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, spellings in sorted(labels.items()):
        found = asyncio.run(_loaded_mentions(folder / name, spellings))
        for method, predict in REAL_FILE_METHODS.items():
            s = labelled_files.scores(predict(found), found)
            print(
                f"| {name} | {len(found):,} | {len({m.person for m in found})} | {method} | {s.b_cubed.precision:.3f}"
                f" | {s.b_cubed.recall:.3f} | {s.b_cubed.f1:.3f} | {s.pairwise.f1:.3f} |"
            )


async def _loaded_mentions(path: Path, spellings: dict[str, str]) -> list[labelled_files.Mention]:
    with tempfile.TemporaryDirectory() as folder:
        store = EmbeddedStore(Path(folder) / "labelled.sqlite")
        try:
            return await labelled_files.loaded_mentions(store, path, spellings, LoadOptions(as_of=dt.date.today()))
        finally:
            await store.close()


REAL_FILE_METHODS = {
    "coauthor-graph (as loaded)": labelled_files.by_store,
    "exact normalized name": labelled_files.by_exact_name,
    "last name + first initial": labelled_files.by_block,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fixtures", type=Path, default=FIXTURES)
    parser.add_argument("--blocks", action="store_true", help="also print each name block's B-cubed scores")
    args = parser.parse_args()
    table("Han et al. DBLP nameset", read_han(args.fixtures / "han-dblp-nameset"), args.blocks)
    table("S2AND Qian subset", read_s2and(args.fixtures / "s2and-qian-subset"), args.blocks)
    real_files_table(args.fixtures.parent / "bibtex")


if __name__ == "__main__":
    main()
