"""Reviews: analysts confirm, reject or correct claims and grade or merge sources, with a reason.

A review is a row of its own (who, when, why, what changed) and is never edited: the extractor's
claims stay as they were stored, and the reviewed value of a claim is computed by applying its
reviews in order (armsledger.review.overlay). Estimates read claims through that overlay and
list the reviews that changed them; `export_gold` writes reviewed claims as a gold corpus.

    review_claim(db, 12, "correct", reviewer="alice", reason="the report says 10,000",
                 changes={"quantity.value": 10000})
    list_reviews(db, claim_id=12)
"""

from armsledger.review.errors import ReviewConflictError, ReviewError
from armsledger.review.fields import CORRECTABLE_FIELDS, parse_changes
from armsledger.review.history import list_reviews, review_record
from armsledger.review.overlay import ClaimReviewState, load_review_states, reviewed_claim
from armsledger.review.store import (
    CLAIM_ACTIONS,
    default_reviewer,
    grade_source,
    merge_sources,
    review_claim,
)

__all__ = [
    "CLAIM_ACTIONS",
    "CORRECTABLE_FIELDS",
    "ClaimReviewState",
    "ReviewConflictError",
    "ReviewError",
    "default_reviewer",
    "grade_source",
    "list_reviews",
    "load_review_states",
    "merge_sources",
    "parse_changes",
    "review_claim",
    "review_record",
    "reviewed_claim",
]
