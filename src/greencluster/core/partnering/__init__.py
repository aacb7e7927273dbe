"""Partnering days: cooperation types, reciprocal partner suggestions, time slots and
availability, and calendar files.

    from greencluster.core.partnering import PartnerProfile, suggest_partners, calendar_file
"""

from greencluster.core.partnering.cooperation import (
    CooperationType,
    cooperation_codes,
    cooperation_label,
    cooperation_types,
)
from greencluster.core.partnering.ical import CalendarEntry, calendar_file
from greencluster.core.partnering.slots import available_slots, slot_end, slot_start
from greencluster.core.partnering.suggest import (
    Interest,
    PartnerProfile,
    PartnerSuggestion,
    resource_classes,
    suggest_partners,
)

__all__ = [
    "CalendarEntry",
    "CooperationType",
    "Interest",
    "PartnerProfile",
    "PartnerSuggestion",
    "available_slots",
    "calendar_file",
    "cooperation_codes",
    "cooperation_label",
    "cooperation_types",
    "resource_classes",
    "slot_end",
    "slot_start",
    "suggest_partners",
]
