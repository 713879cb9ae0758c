"""What the query roots answer besides nodes: paths, recommendations, search hits, counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from enum import Enum
from typing import TypeVar

import strawberry

from coauthor_graph.domain import views
from coauthor_graph.loaders.skipping import Skipped
from coauthor_graph.recommend.features import FEATURES
from coauthor_graph.recommend.model import ServedWeights
from coauthor_graph.schema.nodes import Author, Connection, Edge, Node, Paper, Topic, Venue, node_of
from coauthor_graph.services.conflicts import described
from coauthor_graph.services.curation import Duplicate


@strawberry.type(description="One step of a collaboration path: two people and a paper they wrote together.")
class CollaborationHop:
    source: Author = strawberry.field(description="The person this step starts from.")
    target: Author = strawberry.field(description="The person this step reaches.")
    paper: Paper = strawberry.field(description="Their newest joint paper.")


@strawberry.type(description="The shortest chain of co-authorships between two people.")
class CollaborationPath:
    length: int = strawberry.field(description="Number of hops (co-authorships).")
    authors: list[Author] = strawberry.field(description="The people along the path, from start to end.")
    hops: list[CollaborationHop] = strawberry.field(description="The co-authorships, in order.")

    @classmethod
    def of(cls, path: views.CollaborationPath) -> CollaborationPath:
        return cls(
            length=len(path.hops),
            authors=[Author.of(a) for a in path.authors],
            hops=[
                CollaborationHop(source=Author.of(h.source), target=Author.of(h.target), paper=Paper.of(h.paper))
                for h in path.hops
            ],
        )


@strawberry.type(description="How two topics, or a person and a topic, connect through papers and authors.")
class TopicPath:
    length: int = strawberry.field(description="Number of relationships along the path.")
    nodes: list[Node] = strawberry.field(description="Topics, papers and authors along the path, in order.")
    relationships: list[str] = strawberry.field(
        description="The relationship type between each consecutive pair: `ABOUT` or `AUTHORED`."
    )

    @classmethod
    def of(cls, path: views.TopicPath) -> TopicPath:
        return cls(
            length=path.length,
            nodes=[node_of(n) for n in path.nodes],
            relationships=list(path.relationships),
        )


@strawberry.type(
    description="How much each kind of evidence added to the score: each part is a weighted sum of features"
    " (recommend/model.py, a logistic regression); the score is the intercept plus the five parts."
)
class ScoreParts:
    structure: float = strawberry.field(
        description="The co-author graph: shared co-authors (Adamic-Adar, resource allocation, their count)"
        " and walks of length 3."
    )
    recency: float = strawberry.field(
        description="How fresh the freshest shared link is and how recently the person last published."
    )
    topics: float = strawberry.field(
        description="How well the person's title words match the author's, and their co-authors', rare words"
        " weighing more."
    )
    venues: float = strawberry.field(description="How alike the venues they publish in are.")
    activity: float = strawberry.field(description="How many papers and co-authors the person has.")


@strawberry.type(description="Someone an author has not written with yet, and why they might.")
class CollaboratorRecommendation:
    author: Author = strawberry.field(description="The person recommended.")
    score: float = strawberry.field(
        description="The recommender's logit: higher is likelier; the intercept plus scoreParts."
    )
    intercept: float = strawberry.field(
        description="The model's intercept, the same for every candidate: score = intercept + the five scoreParts."
    )
    score_parts: ScoreParts = strawberry.field(description="The score's parts.")
    shared_coauthors: list[Author] = strawberry.field(description="People both have written with, by name.")
    shared_topics: list[Topic] = strawberry.field(description="Topics both work on, rarest first.")
    shared_venues: list[Venue] = strawberry.field(
        description="Venues both publish in, most papers between them first. Explains; does not score."
    )
    explanation: str = strawberry.field(description="The reasons in one sentence, for showing to people.")
    weights: str = strawberry.field(
        description="Where the weights that scored it come from: fitted on this graph, or the shipped ones and why"
        " (the query recommenderWeights says more)."
    )

    @classmethod
    def of(cls, r: views.Recommendation) -> CollaboratorRecommendation:
        return cls(
            author=Author.of(r.author),
            score=r.score,
            intercept=r.intercept,
            score_parts=ScoreParts(**asdict(r.parts)),
            shared_coauthors=[Author.of(a) for a in r.shared_coauthors],
            shared_topics=[Topic.of(t) for t in r.shared_topics],
            shared_venues=[Venue.of(v) for v in r.shared_venues],
            explanation=explanation(r),
            weights=r.weights,
        )


def explanation(r: views.Recommendation) -> str:
    """A recommendation's reasons in one sentence, the same in GraphQL and REST answers."""
    reasons = []
    if r.shared_coauthors:
        names = ", ".join(a.name for a in r.shared_coauthors)
        count = len(r.shared_coauthors)
        reasons.append(f"{count} shared co-author{'s' if count != 1 else ''}: {names}")
    if r.shared_topics:
        reasons.append(f"shared topics: {', '.join(t.name for t in r.shared_topics[:5])}")
    if r.shared_venues:
        reasons.append(f"both publish in {', '.join(v.name for v in r.shared_venues[:3])}")
    strongest = max(asdict(r.parts).items(), key=lambda part: part[1])
    reasons.append(f"the strongest evidence is {strongest[0]}")
    return "; ".join(reasons)  # where the weights come from is said once: `weights`, `recommenderWeights`


N = TypeVar("N")


@strawberry.type(description="A search hit.")
class Hit(Edge[N]):
    score: float = strawberry.field(description="Relevance: higher is better; comparable within one search only.")


@strawberry.type(description="An author matching a search.")
class AuthorHit(Hit[Author]):
    pass


@strawberry.type(description="A paper matching a search.")
class PaperHit(Hit[Paper]):
    pass


@strawberry.type(description="A topic matching a search.")
class TopicHit(Hit[Topic]):
    pass


@strawberry.type(description="Authors matching a search, most relevant first.")
class AuthorSearchConnection(Connection[AuthorHit]):
    pass


@strawberry.type(description="Papers matching a search, most relevant first.")
class PaperSearchConnection(Connection[PaperHit]):
    pass


@strawberry.type(description="Topics matching a search, most relevant first.")
class TopicSearchConnection(Connection[TopicHit]):
    pass


@strawberry.type(description="One part of the evidence that two authors are one person.")
class EvidencePart:
    name: str = strawberry.field(description="What was compared: name, shared co-authors, shared venue, ...")
    weight: float = strawberry.field(description="Its weight in the score (negative: evidence against).")


@strawberry.type(description="Two authors that could be one person and were not merged, and why they might be.")
class PossibleDuplicate:
    first: Author = strawberry.field(description="One author.")
    second: Author = strawberry.field(description="The other.")
    score: float = strawberry.field(
        description="The disambiguation stage's score: the sum of the evidence (1.5 and more merges, when unambiguous)."
    )
    evidence: list[EvidencePart] = strawberry.field(description="The parts of the score.")

    @classmethod
    def of(cls, d: Duplicate) -> PossibleDuplicate:
        return cls(
            first=Author.of(d.first),
            second=Author.of(d.second),
            score=d.score,
            evidence=[EvidencePart(name=name, weight=weight) for name, weight in d.evidence.items()],
        )


@strawberry.type(description="One feature's weight in the recommender's logistic regression.")
class FeatureWeight:
    feature: str = strawberry.field(description="The feature, e.g. adamic_adar (recommend/features.py).")
    part: str = strawberry.field(description="The score part it adds to (structure, recency, ...).")
    weight: float = strawberry.field(description="Its coefficient in the logit.")


@strawberry.type(description="How one way of ranking found the held-out authors' new collaborators.")
class RankingFigures:
    ranker: str = strawberry.field(description="fitted, shipped, or Adamic-Adar.")
    recall_at_50: float = strawberry.field(description="Share of their new collaborators in the top 50, averaged.")
    hits_at_10: float = strawberry.field(description="Share of authors with a new collaborator in their top 10.")


@strawberry.type(
    description="The weights collaborator recommendations are scored with: fitted on this graph's own history"
    " (its last window of years), or the shipped ones when it is too short to fit."
)
class RecommenderWeights:
    fitted: bool = strawberry.field(description="Whether the weights were fitted on this graph.")
    basis: str = strawberry.field(description="Where the weights come from, in one sentence.")
    papers: int = strawberry.field(
        description="Papers in the graph when the weights were chosen; loads that grow it by a quarter refit it."
    )
    intercept: float = strawberry.field(description="The logit's intercept, the same for every candidate.")
    weights: list[FeatureWeight] = strawberry.field(description="One weight per feature, in the model's order.")
    held_out_authors: int | None = strawberry.field(
        description="Authors held out of the fit to measure it (every fourth of the window); null when not fitted."
    )
    validation: list[RankingFigures] = strawberry.field(
        description="How the weights fitted without the held-out authors, the shipped ones and Adamic-Adar ranked"
        " those authors' new collaborators among the candidates the model sees."
    )

    @classmethod
    def of(cls, served: ServedWeights) -> RecommenderWeights:
        checked = served.validation
        return cls(
            fitted=served.fitted,
            basis=served.basis,
            papers=served.papers,
            intercept=served.model.intercept,
            weights=[
                FeatureWeight(feature=name, part=group, weight=w)
                for (group, name), w in zip(FEATURES, served.model.weights.tolist(), strict=True)
            ],
            held_out_authors=checked.authors if checked else None,
            validation=[
                RankingFigures(ranker=r, recall_at_50=checked.recall_at_50[r], hits_at_10=checked.hits_at_10[r])
                for r in checked.recall_at_50
            ]
            if checked
            else [],
        )


@strawberry.type(description="How many nodes and relationships the graph holds.")
class GraphStats:
    authors: int = strawberry.field(description="Author nodes.")
    papers: int = strawberry.field(description="Paper nodes.")
    topics: int = strawberry.field(description="Topic nodes.")
    venues: int = strawberry.field(description="Venue nodes.")
    authored: int = strawberry.field(description="AUTHORED relationships (author to paper).")
    about: int = strawberry.field(description="ABOUT relationships (paper to topic).")
    published_in: int = strawberry.field(description="PUBLISHED_IN relationships (paper to venue).")
    broader: int = strawberry.field(description="BROADER relationships (topic to topic).")
    coauthored: int = strawberry.field(description="COAUTHORED relationships (pairs of people).")

    @classmethod
    def of(cls, stats: views.GraphStats) -> GraphStats:
        n, r = stats.nodes, stats.relationships
        return cls(
            authors=n["Author"],
            papers=n["Paper"],
            topics=n["Topic"],
            venues=n["Venue"],
            authored=r["AUTHORED"],
            about=r["ABOUT"],
            published_in=r["PUBLISHED_IN"],
            broader=r["BROADER"],
            coauthored=r["COAUTHORED"],
        )


@strawberry.type(description="Counts per kind of node.")
class NodeCounts:
    authors: int = strawberry.field(description="Authors.")
    papers: int = strawberry.field(description="Papers.")
    topics: int = strawberry.field(description="Topics.")
    venues: int = strawberry.field(description="Venues.")

    @classmethod
    def of(cls, counts: dict[str, int]) -> NodeCounts:
        return cls(authors=counts["Author"], papers=counts["Paper"], topics=counts["Topic"], venues=counts["Venue"])


@strawberry.type(description="What a load changed. Loading the same data again creates and updates nothing.")
class LoadReport:
    records: int = strawberry.field(description="Records read from the content.")
    created: NodeCounts = strawberry.field(description="Nodes that did not exist before.")
    updated: NodeCounts = strawberry.field(description="Existing nodes whose properties changed.")
    merged: NodeCounts = strawberry.field(description="Existing nodes the records matched.")
    relationships_created: int = strawberry.field(description="Relationships that did not exist before.")
    identities_merged: int = strawberry.field(
        description="Authors the disambiguation stage found to be a person already in the graph, and merged."
    )
    doi_conflicts: list[str] = strawberry.field(
        description="Records whose DOI a paper with another title holds, copied by hand: kept as papers of their own."
    )
    not_coauthorship: list[str] = strawberry.field(
        description="Well-formed records left out because they are no co-authorship records (no authors, no title),"
        " as 'line N: reason'."
    )

    @classmethod
    def of(cls, report: views.UpsertReport, left_out: Sequence[Skipped] = ()) -> LoadReport:
        return cls(
            records=report.records,
            created=NodeCounts.of(report.created),
            updated=NodeCounts.of(report.updated),
            merged=NodeCounts.of(report.merged),
            relationships_created=report.relationships_created,
            identities_merged=report.identities_merged,
            doi_conflicts=list(report.doi_conflicts),
            not_coauthorship=[f"line {item.line}: {item.reason}" for item in left_out],
        )


@strawberry.enum(description="Why a reviewer should not review an author's work.")
class ConflictKind(Enum):
    SAME_PERSON = strawberry.enum_value(
        "SAME_PERSON", description="The two names are one person (one node, or one merged into the other)."
    )
    COAUTHORED = strawberry.enum_value("COAUTHORED", description="They wrote a paper together in the window.")
    SHARED_COAUTHOR = strawberry.enum_value(
        "SHARED_COAUTHOR", description="Someone (`via`) wrote a paper with each of them in the window."
    )
    SHARED_AFFILIATION = strawberry.enum_value(
        "SHARED_AFFILIATION", description="Papers of both in the window list the same institution for them."
    )


@strawberry.type(description="A reviewer who should not review an author's work, with the evidence.")
class Conflict:
    author: Author = strawberry.field(description="The submission's author.")
    reviewer: Author = strawberry.field(description="The reviewer.")
    kind: ConflictKind = strawberry.field(description="What the evidence is.")
    author_as_given: str = strawberry.field(description="The author as the request named them.")
    reviewer_as_given: str = strawberry.field(description="The reviewer as the request named them.")
    papers: list[Paper] = strawberry.field(
        description="COAUTHORED: their joint papers in the window, newest first. SHARED_COAUTHOR: the newest"
        " paper of each with `via`, the author's first. SHARED_AFFILIATION: the newest paper of each listing"
        " `institution`, the author's first. SAME_PERSON: none."
    )
    via: Author | None = strawberry.field(description="SHARED_COAUTHOR: who wrote with both.")
    institution: str | None = strawberry.field(
        description="SHARED_AFFILIATION: the institution, as the author's paper prints it."
    )
    explanation: str = strawberry.field(description="The evidence in one sentence.")

    @classmethod
    def of(cls, c: views.Conflict) -> Conflict:
        return cls(
            author=Author.of(c.author),
            reviewer=Author.of(c.reviewer),
            kind=ConflictKind[c.kind],
            author_as_given=c.author_as_given,
            reviewer_as_given=c.reviewer_as_given,
            papers=[Paper.of(p) for p in c.papers],
            via=Author.of(c.via) if c.via else None,
            institution=c.institution,
            explanation=described(c),
        )


@strawberry.type(description="A name several people in the graph share: every one of them was checked.")
class AmbiguousName:
    name: str = strawberry.field(description="The name as the request gave it.")
    authors: list[Author] = strawberry.field(description="Everyone of that name, by id.")


@strawberry.type(description="A conflict-of-interest check: the conflicts, and the names it could not check.")
class ConflictReport:
    conflicts: list[Conflict] = strawberry.field(
        description="In the order the request listed authors, then reviewers; same person first."
    )
    unknown: list[str] = strawberry.field(description="Names, ids and ORCIDs nobody in the graph has: not checked.")
    ambiguous: list[AmbiguousName] = strawberry.field(description="Names several people share.")
    since_year: int = strawberry.field(
        description="Papers from this year on counted (asOf minus withinYears); papers of unknown year never do."
    )

    @classmethod
    def of(cls, report: views.ConflictReport) -> ConflictReport:
        return cls(
            conflicts=[Conflict.of(c) for c in report.conflicts],
            unknown=list(report.unknown),
            ambiguous=[AmbiguousName(name=n, authors=[Author.of(a) for a in found]) for n, found in report.ambiguous],
            since_year=report.since_year,
        )
