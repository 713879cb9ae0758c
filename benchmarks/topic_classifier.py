"""How often the topic classifier agrees with OpenAlex, and what it costs (#18).

    python -m benchmarks.topic_classifier

On the OpenAlex works in ../shared/fixtures/openalex (each carries OpenAlex's own topics), the works'
topics are hidden and the classifier is given their title and abstract: the table says how often its
topic is OpenAlex's primary topic, one of the work's topics, or in the primary topic's subfield,
field and domain. Then, for every fixture, the share of papers that get a taxonomy topic, and the
classifier's cost per paper (batches of 1,000 titles, timed after the one-off build).
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

from coauthor_graph.domain.records import PaperRecord
from coauthor_graph.identity.taxonomy import is_taxonomy_topic
from coauthor_graph.identity.topic_classifier import BATCH, classifier
from coauthor_graph.loaders.registry import FORMATS, LoadOptions, records_from

FIXTURES = Path(__file__).resolve().parent.parent.parent / "shared" / "fixtures"
OPTIONS = LoadOptions(as_of=dt.date(2026, 11, 28))
COVERAGE = [
    "bibtex/4C-multiphysics_papers.bib",
    "bibtex/3c-lab_carrette_papers.bib",
    "coauthorship/cgm-meta.txt",
    "dblp/dblp-excerpt-incollection.xml",
    "openalex/works-nlp-first10.json",
    "openalex/work-W2741809807.json",
    "arxiv/api-query-testing-100.atom.xml",
]


def agreement() -> None:
    works = [
        r
        for name in ("works-nlp-first10.json", "work-W2741809807.json")
        for r in FORMATS["openalex"].load(FIXTURES / "openalex" / name, OPTIONS)
        if isinstance(r, PaperRecord) and any(is_taxonomy_topic(t) for t in r.topics)
    ]
    found = classifier().classify([f"{w.title} \n {w.abstract or ''}" for w in works])
    hits = dict.fromkeys(("primary topic", "one of the work's topics", "subfield", "field", "domain"), 0)
    for work, topic in zip(works, found, strict=True):
        own = [t for t in work.topics if is_taxonomy_topic(t)]
        primary = own[0]
        if topic is None:
            continue
        hits["primary topic"] += topic.id == primary.code
        hits["one of the work's topics"] += topic.id in {t.code for t in own}
        hits["subfield"] += f"subfields-{topic.subfield[0]}" == primary.broader.code  # type: ignore[union-attr]
        hits["field"] += f"fields-{topic.field[0]}" == primary.broader.broader.code  # type: ignore[union-attr]
        hits["domain"] += f"domains-{topic.domain[0]}" == primary.broader.broader.broader.code  # type: ignore[union-attr]
    print(f"agreement with OpenAlex's own topics on {len(works)} works (title and abstract only)")
    for name, count in hits.items():
        print(f"  {name:<28} {count:>3} / {len(works)}  {100 * count / len(works):5.1f}%")


def coverage() -> None:
    print("papers that get a taxonomy topic (their own, or classified)")
    for name in COVERAGE:
        papers = [r for r in records_from(FIXTURES / name, OPTIONS, skipped=[]) if isinstance(r, PaperRecord)]
        covered = sum(any(is_taxonomy_topic(t) for t in p.topics) for p in papers)
        print(f"  {name:<42} {covered:>6} / {len(papers):<6} {100 * covered / len(papers):5.1f}%")


def cost() -> None:
    started = time.perf_counter()
    model = classifier()
    built = time.perf_counter() - started
    titles = [
        r.title
        for r in records_from(FIXTURES / "coauthorship/cgm-meta.txt", OPTIONS, skipped=[])
        if isinstance(r, PaperRecord)
    ][: 10 * BATCH]
    started = time.perf_counter()
    for i in range(0, len(titles), BATCH):
        model.classify(titles[i : i + BATCH])
    per_paper = (time.perf_counter() - started) / len(titles)
    print(f"cost: build {built:.2f} s once per process; {per_paper * 1e6:.0f} µs per paper ({len(titles):,} titles)")


if __name__ == "__main__":
    agreement()
    coverage()
    cost()
