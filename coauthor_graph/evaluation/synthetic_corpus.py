"""Synthetic but realistic corpora in the JSON Lines format, for benchmarks and load tests.

Shaped like real bibliographies: author productivity follows a power law (a few people
write hundreds of papers, most write one or two), teams are 1-30 people with most of
them small, topics are Zipf-distributed over the topic vocabulary, and years run from
1990 to 2026 with more papers in later years. Teams recruit mostly from earlier
collaborators, so the co-author graph has the clustering real ones have. Deterministic
for a given seed.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path

from coauthor_graph.identity.topics import VOCABULARY

FIRST = [
    "Wei",
    "Maria",
    "John",
    "Li",
    "Anna",
    "David",
    "Yuki",
    "Chen",
    "Sara",
    "Ahmed",
    "Olga",
    "Raj",
    "Elena",
    "José",
    "Zoë",
    "Kofi",
    "Ingrid",
    "Mehmet",
    "Priya",
    "Lukas",
    "Aiko",
    "Bjørn",
    "Fatima",
    "Tomás",
    "Nadia",
]
LAST = [
    "Wang",
    "Smith",
    "Müller",
    "Garcia",
    "Kim",
    "Nguyen",
    "Rossi",
    "Tanaka",
    "Novak",
    "Silva",
    "Khan",
    "Cohen",
    "Ivanova",
    "Okafor",
    "Larsen",
    "Dubois",
    "Yilmaz",
    "Patel",
    "Schmidt",
    "Sato",
    "Haddad",
    "Kowalski",
    "Zhang",
]
WORDS = [
    "efficient",
    "robust",
    "scalable",
    "towards",
    "learning",
    "analysis",
    "framework",
    "adaptive",
    "neural",
    "benchmark",
    "survey",
    "theory",
    "graph",
    "data",
    "model",
    "approach",
    "study",
    "systems",
    "fast",
    "deep",
]
VENUES = [
    ("SIGIR", "conference"),
    ("KDD", "conference"),
    ("NeurIPS", "conference"),
    ("ACL", "conference"),
    ("CVPR", "conference"),
    ("TKDE", "journal"),
    ("JMLR", "journal"),
    ("arXiv", "preprint server"),
]


def _title_vocabulary(rng: random.Random, size: int = 4000) -> list[str]:
    """Common title words first, then made-up technical terms: word use in titles is Zipfian."""
    syllables = ["ka", "lo", "mi", "ne", "ro", "ta", "vi", "zu", "qua", "tri", "syn", "morph", "graph", "net", "lex"]
    made_up = {"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(size)}
    return WORDS + sorted(made_up)


def papers(count: int, seed: int = 7) -> Iterator[dict]:
    rng = random.Random(seed)
    vocabulary = _title_vocabulary(rng)
    word_weights = [1 / (rank + 1) for rank in range(len(vocabulary))]
    topics = [entry.name for entry in VOCABULARY]
    topic_weights = [1 / (rank + 1) for rank in range(len(topics))]
    population = max(50, count // 3)
    names = [f"{rng.choice(FIRST)} {rng.choice(LAST)} {i:07d}" for i in range(population)]
    # Power-law productivity: author i is picked with weight 1 / (i + 1) ** 0.9.
    productivity = [1 / (i + 1) ** 0.9 for i in range(population)]
    cumulative = []
    total = 0.0
    for weight in productivity:
        total += weight
        cumulative.append(total)
    collaborators: dict[int, list[int]] = {}
    for number in range(count):
        lead = rng.choices(range(population), cum_weights=cumulative)[0]
        team_size = min(30, max(1, int(rng.lognormvariate(1.0, 0.6))))
        team = [lead]
        known = collaborators.setdefault(lead, [])
        while len(team) < team_size:
            if known and rng.random() < 0.6:
                member = rng.choice(known)
            else:
                member = rng.choices(range(population), cum_weights=cumulative)[0]
            if member not in team:
                team.append(member)
            elif len(team) >= len(set(known)) + 1 and rng.random() < 0.2:
                break
        for member in team:
            others = collaborators.setdefault(member, [])
            others.extend(m for m in team if m != member and len(others) < 200)
        year = min(2026, 1990 + int(36 * rng.random() ** 0.6))
        chosen = rng.choices(topics, weights=topic_weights, k=rng.randint(1, 3))
        words = rng.choices(vocabulary, weights=word_weights, k=rng.randint(3, 7))
        title = " ".join([words[0].capitalize(), *words[1:3], *chosen[:1], *words[3:]])
        venue, kind = rng.choice(VENUES)
        yield {
            "title": title,
            "year": year,
            "authors": [names[m] for m in team],
            "venue": {"name": venue, "kind": kind},
            "topics": chosen,
            "doi": f"10.5555/synthetic.{seed}.{number}",
        }


def write(path: Path, count: int, seed: int = 7) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in papers(count, seed):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("output", type=Path)
    parser.add_argument("--seed", type=int, default=7)
    arguments = parser.parse_args()
    write(arguments.output, arguments.count, arguments.seed)
