"""Related documents: those that share the most actors, demands and topics.

An inverted index (entity -> documents) gives each document its candidates,
so the work grows with the documents that share something, never with all
pairs. An entity listed by a great many documents says little about how they
relate: its list is not walked for candidates (it still counts in the score).
Candidates are counted and weighed through the lists; only those that can rank
among the first are scored exactly.

Pure module: imports nothing from Pelican.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict

REFERENCE_KEYS = ("actors", "demands", "topics")
COMMON_LIMIT = 200  # entities listed by more documents than this bring no candidates
SHARED = 1e6  # one more shared entity outweighs any sum of weights in a shortlist's score
MARGIN = 1e-4  # far above the rounding error of a running sum of weights, far below a weight


def document_entities(document) -> frozenset:
    references = getattr(document, "references", {})
    return frozenset((entity.kind, entity.slug) for key in REFERENCE_KEYS for entity in references.get(key, []))


class RelatedIndex:
    def __init__(self, documents, common_limit: int = COMMON_LIMIT):
        self.documents = list(documents)
        self.common_limit = common_limit
        self._entities = {id(d): document_entities(d) for d in self.documents}
        self._documents_by_id = {id(d): d for d in self.documents}
        self._postings: dict[tuple, list] = defaultdict(list)
        for document in self.documents:
            for key in self._entities[id(document)]:
                self._postings[key].append(document)
        count = max(len(self.documents), 1)
        self._weight = {key: math.log(1 + count / len(docs)) for key, docs in self._postings.items()}
        self._walked = {key: [id(d) for d in docs] for key, docs in self._postings.items() if len(docs) <= common_limit}
        self._common = {key: {id(d) for d in docs} for key, docs in self._postings.items() if len(docs) > common_limit}

    def related(self, document, limit: int = 5) -> list:
        """Up to `limit` documents sharing the most entities (rarer ones weigh more)."""
        own = self._entities.get(id(document))
        if not own:
            return []
        scores = self._approximate_scores(own)
        scores.pop(id(document), None)
        scored = []
        for other_id in self._shortlist(scores, limit):
            other = self._documents_by_id[other_id]
            shared = own & self._entities[other_id]
            weight = round(sum(self._weight[key] for key in shared), 9)
            scored.append((-len(shared), -weight, -other.date.toordinal(), other.slug, other))
        scored.sort(key=lambda item: item[:4])
        return [item[-1] for item in scored[:limit]]

    def _approximate_scores(self, own: frozenset) -> dict[int, float]:
        """Each candidate's shared entities counted (in units of SHARED) plus their
        weights: the posting lists of the entities that are not common are walked,
        those of the common ones only met with the candidates found. The running
        sums may differ from the exact weight in the last bits; the shortlist
        allows for that."""
        scores: dict[int, float] = {}
        score_of = scores.get
        common = []
        for key in own:
            walked = self._walked.get(key)
            if walked is None:
                common.append(key)
                continue
            gain = SHARED + self._weight[key]
            for other_id in walked:
                scores[other_id] = score_of(other_id, 0.0) + gain
        for key in common:
            gain = SHARED + self._weight[key]
            for other_id in self._common[key].intersection(scores):
                scores[other_id] += gain
        return scores

    @staticmethod
    def _shortlist(scores: dict[int, float], limit: int) -> list[int]:
        """The candidates that can rank among the first `limit` once scored exactly,
        in the order they were found."""
        if len(scores) <= limit:
            return list(scores)
        floor = heapq.nlargest(limit, scores.values())[-1] - MARGIN
        return [other_id for other_id, score in scores.items() if score >= floor]
