"""`store.port.CandidateSource` in Cypher: the pool's facts (structure, title-term postings, activity,
venues) read inside one transaction, over author ids."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Sequence

import numpy as np

from coauthor_graph.domain.errors import NotFoundError
from coauthor_graph.domain.views import Author, Topic, VenueCount
from coauthor_graph.recommend import scoring, title_terms
from coauthor_graph.recommend.features import WALK_DEGREE, CandidateFacts, best_matches, venue_cosine
from coauthor_graph.recommend.ranking import papers_by_venue
from coauthor_graph.store.neo4j import views
from coauthor_graph.store.neo4j.queries import reads
from coauthor_graph.store.neo4j.reading import Read, grouped
from coauthor_graph.store.port import SharedFacts


class Neo4jCandidates:
    def __init__(self, read: Read, author_id: str) -> None:
        self._read = read
        self._author = author_id
        self._venues: dict[str, list[VenueCount]] = {}

    async def pool(self, topic_id: str | None) -> tuple[list[str], CandidateFacts]:
        author_id = self._author
        if topic_id is not None and not await self._read(reads.GET_TOPICS, ids=[topic_id]):
            raise NotFoundError(f"no Topic with id {topic_id!r}")
        (reference,) = await self._read(reads.REFERENCE_YEAR)
        reference_year = reference["year"]
        (coauthors,) = await self._read(reads.COAUTHOR_IDS, id=author_id)
        near = {row["author"]: row for row in await self._read(reads.NEIGHBOURHOOD, id=author_id)}
        walks = {
            row["author"]: row["walks"]
            for row in await self._read(reads.WALKS_3, id=author_id, walk_degree=WALK_DEGREE)
        }
        title, group_title = await self._title_matches(coauthors["ids"])
        pool = set(near) | set(walks)
        for matched in (title, group_title):
            keys = np.array(sorted(matched), dtype=object)
            pool.update(best_matches(keys, np.array([matched[k] for k in keys], dtype=np.float64)).tolist())
        pool -= {author_id, *coauthors["ids"]}
        if topic_id is not None:
            allowed = await self._read(reads.AUTHORS_ON_TOPIC, candidates=sorted(pool), topic_id=topic_id)
            pool &= {row["candidate"] for row in allowed}
        keys = sorted(pool)
        activity = {row["author"]: row for row in await self._read(reads.CANDIDATE_ACTIVITY, ids=keys)}
        found = await grouped(
            self._read,
            {"author": reads.VENUES_OF_AUTHORS},
            [author_id, *keys],
            lambda row: VenueCount(venue=views.venue(row["n"]), papers=row["papers"]),
        )
        self._venues = dict(zip([author_id, *keys], found, strict=True))
        own_venues = papers_by_venue(self._venues[author_id])
        column = lambda value: np.array([value(c) for c in keys], dtype=np.float64)  # noqa: E731
        return keys, CandidateFacts(
            adamic_adar=column(lambda c: near[c]["adamic"] if c in near else 0.0),
            resource_allocation=column(lambda c: near[c]["allocation"] if c in near else 0.0),
            common_neighbours=column(lambda c: near[c]["common"] if c in near else 0.0),
            walks_3=column(lambda c: walks.get(c, 0.0)),
            path_freshness=column(
                lambda c: (
                    scoring.path_freshness(near[c]["newest_path"], near[c]["newest_path"], reference_year)
                    if c in near
                    else 0.0
                )
            ),
            last_year=column(lambda c: activity[c]["last_year"] or 0),
            papers=column(lambda c: activity[c]["papers"]),
            coauthors=column(lambda c: activity[c]["coauthors"]),
            title_match=column(lambda c: title.get(c, 0.0)),
            group_title_match=column(lambda c: group_title.get(c, 0.0)),
            venue_similarity=np.array([venue_cosine(own_venues, papers_by_venue(self._venues[c])) for c in keys]),
            reference_year=reference_year,
        )

    async def _title_matches(self, coauthor_ids: list[str]) -> tuple[dict[str, float], dict[str, float]]:
        """Every author's match (`title_terms`) against the author's title terms, and against their
        co-authors' taken together."""
        own: Counter[str] = Counter()
        group: Counter[str] = Counter()
        for row in await self._read(reads.TITLE_TERMS_OF_AUTHORS, ids=[self._author, *coauthor_ids]):
            (own if row["owner"] == self._author else group).update((row["terms"] or "").split())
        (total,) = await self._read(reads.PAPER_COUNT)
        cap = int(title_terms.common_threshold(total["papers"])) + 1
        papers_with = {
            row["term"]: row["papers"]
            for row in await self._read(reads.PAPERS_WITH_TERMS, terms=sorted(own.keys() | group.keys()), cap=cap)
        }
        queries = [
            title_terms.query_weights(
                list(counts), list(counts.values()), [papers_with.get(t, 0) for t in counts], total["papers"]
            )
            for counts in (own, group)
        ]
        postings = await self._read(reads.TERM_POSTINGS, terms=sorted(queries[0].keys() | queries[1].keys()))
        matches: list[dict[str, float]] = [defaultdict(float), defaultdict(float)]
        for row in postings:
            for weights, scores in zip(queries, matches, strict=True):
                if row["term"] in weights:
                    scores[row["author"]] += float(title_terms.match(weights[row["term"]], row["tf"]))
        return matches[0], matches[1]

    async def names(self, keys: Sequence[str]) -> dict[str, tuple[str, str]]:
        return {a.id: (a.name, a.id) for a in (await self.authors(keys)).values()}

    async def shared(self, keys: Sequence[str]) -> SharedFacts[str]:
        via = {
            row["candidate"]: sorted(row["via"])
            for row in await self._read(reads.SHARED_COAUTHORS, id=self._author, candidates=list(keys))
        }
        (total,) = await self._read(reads.AUTHOR_COUNT)
        own_counts = {row["topic"]: row["authors"] or 1 for row in await self._read(reads.OWN_TOPICS, id=self._author)}
        rarity = {t: scoring.topic_rarity(count, total["authors"]) for t, count in own_counts.items()}
        topics = {
            row["candidate"]: sorted(row["topics"])
            for row in await self._read(reads.CANDIDATE_TOPICS, candidates=list(keys), topics=sorted(rarity))
        }
        return SharedFacts(
            coauthors={c: via.get(c, []) for c in keys}, topics={c: topics.get(c, []) for c in keys}, rarity=rarity
        )

    async def authors(self, keys: Collection[str]) -> dict[str, Author]:
        return {
            a.id: a
            for a in map(views.author, (row["n"] for row in await self._read(reads.GET_AUTHORS, ids=sorted(keys))))
        }

    async def topics(self, keys: Collection[str]) -> dict[str, Topic]:
        return {
            t.id: t
            for t in map(views.topic, (row["n"] for row in await self._read(reads.GET_TOPICS, ids=sorted(keys))))
        }

    async def venues_of(self, author_ids: Sequence[str]) -> list[list[VenueCount]]:
        """Read with the pool's facts: no second round trip."""
        return [self._venues[i] for i in author_ids]
