"""Symbiosis matching: listings -> candidates -> scores -> network allocation -> checks.

from greencluster.core.matching import match_listings, read_listings, suggestion_rows
"""

from greencluster.core.matching.allocation import Allocation, allocate_greedy, allocate_optimal
from greencluster.core.matching.candidates import CandidatePairs, find_candidates
from greencluster.core.matching.checks import check_allocation, check_pair, check_suggestions
from greencluster.core.matching.index import MatchIndex
from greencluster.core.matching.io import read_listings
from greencluster.core.matching.problem import (
    Compatibility,
    Listing,
    ListingTable,
    TaxonomyCompatibility,
)
from greencluster.core.matching.scoring import ScoredPairs, explain, score_pairs
from greencluster.core.matching.solve import MatchResult, match_listings, suggestion_rows
from greencluster.core.matching.units import Unit, UnitError, parse_unit

__all__ = [
    "Allocation",
    "CandidatePairs",
    "Compatibility",
    "Listing",
    "ListingTable",
    "MatchIndex",
    "MatchResult",
    "ScoredPairs",
    "TaxonomyCompatibility",
    "Unit",
    "UnitError",
    "allocate_greedy",
    "allocate_optimal",
    "check_allocation",
    "check_pair",
    "check_suggestions",
    "explain",
    "find_candidates",
    "match_listings",
    "parse_unit",
    "read_listings",
    "score_pairs",
    "suggestion_rows",
]
