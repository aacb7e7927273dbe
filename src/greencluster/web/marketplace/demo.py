"""Demo of the marketplace for `make run`: offers and needs of the demo clusters' members, so
that suggestions, the map and the coordinator's funnel are populated at once.

- **Offers from real transfers**: every Finnish E-PRTR facility of the registry demo offers
  the non-hazardous waste it transferred off-site in its latest reporting year, in tonnes, as
  reported (``greencluster/data/demo/marketplace_transfers.csv``, built by
  ``scripts/build_marketplace_demo.py``): to recovery as "offering material", to disposal as
  "offering waste". The register does not say *which* waste; the resource class is our demo
  assumption from the facility's Annex I activity (:data:`CLASS_OF_ACTIVITY`) and each
  listing says so. The quantity and site are public register facts, so they are shown.
- **Invented listings** (flagged ``is_demo``, shown as demo): needs of receivers and the side
  streams of the "Demo ..." organisations, among them the demo users' own (``member``,
  ``heat``); a few invented receivers at real places are added as "Demo ..." organisations.
- **Invented deals** between "Demo ..." organisations only (never a real company), at every
  stage, with realised quantities, so that the funnel and the realisation rate show.

The three Finnish demo clusters match across clusters; the Norwegian and Estonian ones keep
to themselves.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import json
from decimal import Decimal
from importlib.resources import files
from typing import Any

from django.utils import timezone

from greencluster.core.geo import geocode
from greencluster.web.marketplace import matching, services
from greencluster.web.marketplace.displaced import default_for, find_choice
from greencluster.web.marketplace.models import (
    Deal,
    DealEvent,
    DealMessage,
    Listing,
    MarketplaceSettings,
    RealisedQuantity,
    Suggestion,
    stage_index,
)
from greencluster.web.registry.demo import SYSTEM
from greencluster.web.registry.imports import registry_import
from greencluster.web.registry.interchange import FORMAT_NAME, FORMAT_VERSION
from greencluster.web.registry.models import Cluster, Organisation

OPEN_CLUSTERS = ("south-ostrobothnia-heat", "southern-finland-environment", "tampere-cleantech")

# Annex I activity -> (resource class, Finnish title): the side stream such a facility
# typically transfers. A demo assumption, not register data.
CLASS_OF_ACTIVITY: tuple[tuple[str, str, str], ...] = (
    ("1(c)", "ewc.1001", "Voimalaitoksen tuhka ja kuona"),
    ("2(b)", "ewc.1002", "Terästehtaan kuona ja hilse"),
    ("2(c)", "ewc.1002", "Terästehtaan kuona ja hilse"),
    ("2(d)", "ewc.1009", "Valimohiekka ja valimon sivuvirrat"),
    ("3(c)", "ewc.1013", "Sementti- ja kalkkitehtaan sivuvirrat"),
    ("5(f)", "ewc.190805", "Jätevedenpuhdistamon liete"),
    ("6(a)", "ewc.0303", "Sellutehtaan sivuvirrat"),
    ("6(b)", "ewc.0303", "Paperi- ja kartonkitehtaan sivuvirrat"),
    ("8(a)", "ewc.0202", "Teurastamon ja lihanjalostuksen sivuvirrat"),
    ("8(b)(i)", "ewc.0202", "Elintarviketeollisuuden eläinperäiset sivuvirrat"),
    ("8(b)", "ewc.0203", "Elintarviketeollisuuden kasviperäiset sivuvirrat"),
    ("8(c)", "ewc.0205", "Meijerin sivuvirrat"),
)

# Invented receivers at real places (GeoNames coordinates of the town): cluster, name,
# place, country, NACE, English description.
RECEIVERS: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("south-ostrobothnia-heat", "Demo Seinäjoen Metallikierrätys Oy", "Seinäjoki", "FI",
     "38.32", "Scrap-metal recycling (demo)."),
    ("south-ostrobothnia-heat", "Demo Etelä-Pohjanmaan Maarakennus Oy", "Lapua", "FI",
     "42.11", "Earthworks and road building (demo)."),
    ("south-ostrobothnia-heat", "Demo Lapuan Biokaasu Oy", "Lapua", "FI",
     "35.21", "Biogas plant (demo)."),
    ("southern-finland-environment", "Demo Borgå Biogas Ab", "Porvoo", "FI",
     "35.21", "Biogas plant (demo)."),
    ("southern-finland-environment", "Demo Raseborgs Markbyggnad Ab", "Ekenäs", "FI",
     "42.11", "Earthworks (demo)."),
    ("southern-finland-environment", "Demo Kotkan Rakennusaine Oy", "Kotka", "FI",
     "23.51", "Binders and cement-based products (demo)."),
    ("southern-finland-environment", "Demo Lohjan Kuitulevy Oy", "Lohja", "FI",
     "16.21", "Fibre board from pulp and paper residues (demo)."),
    ("tampere-cleantech", "Demo Pirkanmaan Maarakennus Oy", "Kangasala", "FI",
     "42.11", "Earthworks (demo)."),
    ("tampere-cleantech", "Demo Nokian Biokaasu Oy", "Nokia", "FI",
     "35.21", "Biogas plant (demo)."),
)  # fmt: skip

# Invented listings: organisation, kind, title, class, quantity, unit, show quantity, price.
LISTINGS: tuple[tuple[str, str, str, str, int, str, bool, int | None], ...] = (
    ("Demo Kuortaneen Lämpö Oy", "receive_material", "Metsähaketta lämpölaitokselle",
     "product.wood-chips", 1500, "t", False, None),
    ("Demo Kuortaneen Lämpö Oy", "offer_waste", "Puutuhkaa hakekattilasta",
     "ewc.100103", 60, "t", False, None),
    ("Demo Vimpelin Puuenergia Oy", "offer_material", "Koivuhaketta, kuivaa",
     "product.wood-chips", 4000, "t", True, 24),
    ("Demo Ähtärin Metsälämpö Oy", "offer_material", "Kuusihaketta",
     "product.wood-chips", 2500, "t", True, None),
    ("Demo Soinin Hakelämpö Tmi", "receive_material", "Haketta koulun lämpökeskukseen",
     "product.wood-chips", 600, "t", False, None),
    ("Demo Lappajärven Biolämpö Osuuskunta", "receive_material", "Polttohaketta",
     "product.solid-biofuel", 900, "t", True, None),
    ("Demo Alavuden Kattilatekniikka Oy", "offer_waste", "Teräslastua ja leikkuujätettä",
     "ewc.120101", 45, "t", False, None),
    ("Demo Alavuden Kattilatekniikka Oy", "offer_waste", "Puulavoja ja pakkauspuuta",
     "ewc.150103", 20, "t", True, None),
    ("Demo Seinäjoen Metallikierrätys Oy", "receive_material", "Metalliromua ja -lastua",
     "product.scrap-metal", 2000, "t", True, 180),
    ("Demo Etelä-Pohjanmaan Maarakennus Oy", "receive_material",
     "Tuhkaa ja kuonaa maarakennukseen (MARA)", "product.aggregate", 8000, "t", True, None),
    ("Demo Lapuan Biokaasu Oy", "receive_material", "Lietettä ja elintarvikesivuvirtoja",
     "product.biogas", 15000, "t", False, None),
    ("Demo Borgå Biogas Ab", "receive_material",
     "Råvara till biogasanläggningen: slam och rester från livsmedelsindustrin",
     "product.biogas", 20000, "t", False, None),
    ("Demo Raseborgs Markbyggnad Ab", "receive_material", "Aska och slagg till markbyggnad",
     "product.aggregate", 10000, "t", True, None),
    ("Demo Kotkan Rakennusaine Oy", "receive_material", "Lentotuhkaa sementin raaka-aineeksi",
     "product.cement-raw-material", 6000, "t", False, None),
    ("Demo Lohjan Kuitulevy Oy", "receive_material", "Kuitusivuvirtoja levyn raaka-aineeksi",
     "ewc.0303", 3000, "t", False, None),
    ("Demo Pirkanmaan Maarakennus Oy", "receive_material", "Tuhkaa maarakennukseen",
     "product.aggregate", 6000, "t", True, None),
    ("Demo Nokian Biokaasu Oy", "receive_material", "Biokaasulaitoksen syötettä",
     "product.biogas", 12000, "t", False, None),
    ("Demo Porsgrunn Prosess AS", "offer_waste", "Metallspon fra maskinering",
     "ewc.120101", 300, "t", True, None),
    ("Demo Skien Metallgjenvinning AS", "receive_material", "Skrapmetall til gjenvinning",
     "product.scrap-metal", 5000, "t", True, None),
    ("Demo Notodden Trevare AS", "offer_material", "Sagflis og kutterflis",
     "product.sawdust", 800, "t", True, None),
    ("Demo Narva Energia OÜ", "offer_waste", "Põlevkivituhk",
     "ewc.1001", 50000, "t", True, None),
    ("Demo Jõhvi Ehitusmaterjalid OÜ", "receive_material", "Tuhk tsemendi tooraineks",
     "product.cement-raw-material", 20000, "t", False, None),
    ("Demo Tallinna Ringmajandus OÜ", "offer_material", "Sorteeritud vanametall",
     "product.scrap-metal", 1200, "t", True, None),
    ("Demo Sillamäe Metall OÜ", "receive_material", "Vanametall", "product.scrap-metal",
     3000, "t", False, None),
)  # fmt: skip

# Invented deals between demo organisations: offer title, need title, stages reached with
# days ago, realised quantity per month (in the unit pre-selected for the class) and for how
# many past months, drop reason.
DEALS: tuple[tuple[str, str, tuple[tuple[str, int], ...], int, int, str], ...] = (
    ("Koivuhaketta, kuivaa", "Metsähaketta lämpölaitokselle",
     (("contacted", 160), ("negotiating", 140), ("agreed", 125), ("running", 120)), 450, 4, ""),
    ("Teräslastua ja leikkuujätettä", "Metalliromua ja -lastua",
     (("contacted", 20), ("negotiating", 6)), 0, 0, ""),
    ("Kuusihaketta", "Haketta koulun lämpökeskukseen", (("contacted", 50),), 0, 0, ""),
    ("Puutuhkaa hakekattilasta", "Tuhkaa ja kuonaa maarakennukseen (MARA)",
     (("contacted", 95), ("negotiating", 80), ("dropped", 70)), 0, 0, "quality"),
    ("Puulavoja ja pakkauspuuta", "Polttohaketta", (("contacted", 65), ("negotiating", 58),
     ("agreed", 45), ("running", 40)), 6, 1, ""),
    ("Metallspon fra maskinering", "Skrapmetall til gjenvinning",
     (("contacted", 30), ("negotiating", 25), ("agreed", 12)), 0, 0, ""),
    ("Põlevkivituhk", "Tuhk tsemendi tooraineks", (("contacted", 15),), 0, 0, ""),
)  # fmt: skip
"""Every figure here is invented for the demonstration (deals are flagged ``is_demo``)."""


def _rows(name: str) -> list[dict[str, str]]:
    text = (files("greencluster.data") / "demo" / name).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def _receivers() -> None:
    by_cluster: dict[str, list[dict[str, Any]]] = {}
    for slug, name, place, country, nace, description in RECEIVERS:
        point = geocode(place, country)
        assert point is not None, place
        by_cluster.setdefault(slug, []).append(
            {
                "business_id": None,
                "ref": f"DEMO:marketplace-{name.lower().replace(' ', '-')}",
                "name": name,
                "country": country,
                "type": "company",
                "nace_codes": [nace],
                "descriptions": {"en": description},
                "sites": [
                    {
                        "name": place,
                        "address": "",
                        "postcode": "",
                        "place": place,
                        "lat": point[0],
                        "lon": point[1],
                    }
                ],
                "mini_clusters": [],
                "role": "member",
                "demo_fields": [],
            }
        )
    for slug, organisations in by_cluster.items():
        document = {
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "organisations": organisations,
        }
        registry_import(
            viewer=SYSTEM,
            cluster=Cluster.objects.get(slug=slug),
            data=json.dumps(document).encode(),
            filename=f"demo-marketplace-{slug}.json",
        )


def _class_of(activity: str) -> tuple[str, str] | None:
    for prefix, class_id, title in CLASS_OF_ACTIVITY:
        if activity.startswith(prefix):
            return class_id, title
    return None


def _transfer_listings() -> int:
    organisations = {
        o.external_ref: o
        for o in Organisation.objects.filter(external_ref__startswith="EPRTR:").prefetch_related(
            "sites"
        )
    }
    created = 0
    for row in _rows("marketplace_transfers.csv"):
        org = organisations.get(row["ref"])
        found = _class_of(row["activity"])
        if org is None or found is None:
            continue
        class_id, title = found
        recovery = row["treatment"] == "R"
        tonnes = Decimal(row["tonnes"])
        description = (
            f"Vaarattomia jätteitä {tonnes:,} t vuonna {row['year']}, "
            + ("hyödynnettäväksi." if recovery else "nyt loppusijoitukseen.")
        ).replace(",", " ")
        note = (
            f"E-PRTR {row['year']}: {row['tonnes']} t of non-hazardous waste transferred "
            f"off-site for {'recovery' if recovery else 'disposal'} (SYKE / EEA, CC BY 4.0). "
            f"The resource class is a demo assumption from the Annex I activity "
            f"{row['activity']}: the register does not name the waste."
        )
        services.listing_create(
            viewer=SYSTEM,
            data=services.ListingInput(
                organisation=org,
                kind="offer_material" if recovery else "offer_waste",
                title=title if recovery else f"{title} (nyt loppusijoitukseen)",
                description=description,
                class_id=class_id,
                quantity=tonnes,
                amount_unit="t",
                show_quantity=True,
                show_site=True,
                language="fi",
            ),
            source_note=note,
            refresh=False,
        )
        created += 1
    return created


def _invented_listings() -> dict[str, Listing]:
    organisations = {
        o.name: o
        for o in Organisation.objects.filter(name__startswith="Demo ").prefetch_related("sites")
    }
    out = {}
    for name, kind, title, class_id, quantity, unit, show, price in LISTINGS:
        out[title] = services.listing_create(
            viewer=SYSTEM,
            data=services.ListingInput(
                organisation=organisations[name],
                kind=kind,
                title=title,
                class_id=class_id,
                quantity=Decimal(quantity),
                amount_unit=unit,
                price_eur=None if price is None else Decimal(price),
                show_quantity=show,
                show_price=price is not None,
                show_site=True,
            ),
            is_demo=True,
            source_note="Invented for the demonstration.",
            refresh=False,
        )
    return out


def month_back(today: dt.date, back: int) -> tuple[dt.date, dt.date]:
    """First and last day of the month ``back`` months before ``today``'s."""
    index = today.year * 12 + today.month - 1 - back
    year, month = divmod(index, 12)
    start = dt.date(year, month + 1, 1)
    return start, start.replace(day=calendar.monthrange(year, month + 1)[1])


def _deal(
    listings: dict[str, Listing],
    spec: tuple[str, str, tuple[tuple[str, int], ...], int, int, str],
) -> None:
    offer_title, need_title, stages, per_month, months, reason = spec
    offer, need = listings[offer_title], listings[need_title]
    suggestion = Suggestion.objects.get(offer=offer, need=need)
    now = timezone.now()
    first = now - dt.timedelta(days=stages[0][1] + 2)
    deal = Deal(
        offer=offer,
        need=need,
        supplier=offer.organisation,
        receiver=need.organisation,
        initiated_by=offer.organisation,
        class_id=offer.class_id,
        distance_km=suggestion.distance_km,
        transport_mode=suggestion.transport_mode,
        drop_reason=reason,
        is_demo=True,
        last_activity_at=first,
    )
    events = [("identified", first)]
    for stage, days in stages:
        at = now - dt.timedelta(days=days)
        events.append((stage, at))
        deal.stage, deal.last_activity_at = stage, at
        if stage != "dropped":
            deal.furthest_stage = stage_index(stage)
        if stage == "contacted":
            deal.contacted_at = at
        if stage == "running":
            deal.running_at = at
        if stage == "agreed":
            unit, key = default_for(offer.class_id) or ("t", "")
            choice = find_choice(unit, key)
            assert choice is not None, offer.class_id
            deal.report_unit, deal.displaced_key, deal.displaced_gas = unit, key, choice.gas
    deal.save()
    for stage, at in events:
        DealEvent.objects.create(deal=deal, stage=stage, actor_label="demo", created_at=at)
    message = DealMessage.objects.create(
        deal=deal, organisation=offer.organisation, body=f"{need.title}? – {offer.title}."
    )
    DealMessage.objects.filter(pk=message.pk).update(created_at=deal.contacted_at)
    for back in range(months, 0, -1):
        start, end = month_back(timezone.localdate(), back)
        RealisedQuantity.objects.create(
            deal=deal, period_start=start, period_end=end, quantity=per_month, note="demo value"
        )


def load(passwords: dict[str, str]) -> None:
    """Load the demo; called once by `load_demo` after the registry demo."""
    for slug in OPEN_CLUSTERS:
        MarketplaceSettings.objects.create(
            cluster=Cluster.objects.get(slug=slug), allow_cross_cluster=True
        )
    _receivers()
    _transfer_listings()
    listings = _invented_listings()
    matching.refresh_suggestions()
    for spec in DEALS:
        _deal(listings, spec)
