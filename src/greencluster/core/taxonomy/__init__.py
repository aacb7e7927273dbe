"""Resource classes (EWC, carriers, products), the multilingual classifier and compatibility.

>>> from greencluster.core.taxonomy import classify, get_class, uses_for
>>> classify("kuivaa koivuhaketta n. 500 i-m3 vuodessa").best.class_id
'product.wood-chips'
"""

from greencluster.core.taxonomy.classes import (
    LANGUAGES,
    ResourceClass,
    all_classes,
    ancestors,
    equivalents,
    get_class,
    subchapter_of,
)
from greencluster.core.taxonomy.classifier import (
    LOW_CONFIDENCE,
    Classification,
    Suggestion,
    classify,
    classify_many,
)
from greencluster.core.taxonomy.compatibility import Use, needs_accepting, uses_for
from greencluster.core.taxonomy.ewc import parse_ewc

__all__ = [
    "LANGUAGES",
    "LOW_CONFIDENCE",
    "Classification",
    "ResourceClass",
    "Suggestion",
    "Use",
    "all_classes",
    "ancestors",
    "classify",
    "classify_many",
    "equivalents",
    "get_class",
    "needs_accepting",
    "parse_ewc",
    "subchapter_of",
    "uses_for",
]
