"""Listing files and meeting-request files: a valid problem, or every problem named."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from greencluster.core.matching.io import FIELDS as LISTING_FIELDS
from greencluster.core.matching.io import read_listings
from greencluster.core.meetings.io import read_problem
from tests.core.fuzz.strategies import (
    assert_reported,
    fuzz_settings,
    input_errors,
    numbers_as_text,
    raw_file,
    structured_file,
)

pytestmark = pytest.mark.filterwarnings("ignore::UserWarning:openpyxl.*")

ids = st.text("ABCDEFGHIJKLMNOP0123456789-", min_size=1, max_size=6)
LISTING_COLUMNS = {
    "id": ids,
    "organization": st.sampled_from(["Alfa Oy", "Beta AB", "Gamma AS", "Delta OÜ"]),
    "role": st.sampled_from(["offer", "need", "Offer"]),
    "resource": st.sampled_from(["fly ash", "puuhake", "sågspån", "10 01 02", "waste heat"]),
    "quantity": numbers_as_text(0, 1e5),
    "unit": st.sampled_from(["t/a", "t/month", "kg/a", "MWh/a", "m3/a", ""]),
    "lat": numbers_as_text(55, 70),
    "lon": numbers_as_text(5, 30),
    "place": st.sampled_from(["", "Vaasa", "Åbo", "Tartu, EE"]),
    "available_from": st.sampled_from(["", "2025-01-01", "2026-06-30"]),
    "available_until": st.sampled_from(["", "2026-12-31", "2027-01-01"]),
    "price_eur_per_unit": st.one_of(st.just(""), numbers_as_text(0, 500)),
    "max_distance_km": st.one_of(st.just(""), numbers_as_text(1, 500)),
}
LISTING_NAMES = {f.name for f in LISTING_FIELDS}


@fuzz_settings(150)
@given(upload=st.one_of(structured_file(LISTING_COLUMNS), raw_file()))
def test_listings_read_into_located_finite_offers_and_needs_or_name_every_problem(upload):
    read, error = input_errors(lambda: read_listings(upload.data, name=upload.name))
    if error is not None:
        assert_reported(error, upload, columns=LISTING_NAMES)
        return
    assert len({item.id for item in read.listings}) == len(read.listings)
    for item in read.listings:
        assert item.role in ("offer", "need") and item.class_id
        assert -90 <= item.lat <= 90 and -180 <= item.lon <= 180
        for value in (item.quantity_per_a, item.price_eur_per_unit, item.max_distance_km):
            assert value is None or (math.isfinite(value) and value >= 0), item
        assert (item.quantity_per_a is None) == (item.basis is None)
        if item.available_from and item.available_until:
            assert item.available_from <= item.available_until
        assert 2 <= item.row <= upload.max_row


participants = st.lists(
    st.sampled_from(["alfa", "beta", "gamma", "delta", "eps"]), min_size=2, max_size=3, unique=True
).map(";".join)
REQUEST_COLUMNS = {
    "meeting_id": ids,
    "participants": participants,
    "priority": st.one_of(st.just(""), numbers_as_text(1, 5, integers=True)),
    "locked_slot": st.one_of(st.just(""), st.just(""), numbers_as_text(1, 8, integers=True)),
    "locked_table": st.one_of(st.just(""), st.just(""), numbers_as_text(1, 4, integers=True)),
}
AVAILABILITY_COLUMNS = {
    "participant": st.sampled_from(["alfa", "beta", "gamma", "nobody"]),
    "slot": numbers_as_text(1, 8, integers=True),
}


@fuzz_settings(150)
@given(
    requests=st.one_of(structured_file(REQUEST_COLUMNS), raw_file()),
    availability=st.none() | structured_file(AVAILABILITY_COLUMNS),
    slots=st.integers(-1, 8),
    tables=st.integers(-1, 4),
)
def test_meeting_requests_read_into_a_schedulable_event_or_name_every_problem(
    requests, availability, slots, tables
):
    def read():
        return read_problem(
            requests.data,
            requests_name=requests.name,
            slots=slots,
            tables=tables,
            availability=None if availability is None else availability.data,
            availability_name=None if availability is None else availability.name,
        )

    problem, error = input_errors(read)
    if error is not None:
        assert error.errors and str(error)
        for e in error.errors:
            assert e.message.strip()
            assert e.row is None or 1 <= e.row <= max(
                requests.max_row, availability.max_row if availability else 0
            )
        return
    assert problem.slots == slots >= 1 and problem.tables == tables >= 1
    assert len({m.meeting_id for m in problem.meetings}) == len(problem.meetings)
    for meeting in problem.meetings:
        assert len(set(meeting.participants)) == len(meeting.participants) >= 2
        assert meeting.priority >= 1
        assert meeting.locked_slot is None or 1 <= meeting.locked_slot <= slots
        assert meeting.locked_table is None or 1 <= meeting.locked_table <= tables
    for slots_of in problem.availability.values():
        assert all(1 <= s <= slots for s in slots_of)
