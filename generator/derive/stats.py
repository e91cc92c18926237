"""Campaign statistics: the numbers behind every chart, computed once per build.

Everything here is counting; the charts themselves are SVG drawn by the Jinja macros in
``theme/catalog/charts.html``. ``compute`` walks each entry a bounded number of times
(once per conference it was presented at and once per organization above it), so the
cost stays linear in the size of the catalog however many pages show a chart.

Sample entries (``sample: true``) are illustrations, not facts, so the figures count
real entries only, and every chart says how many samples it left out. A catalog with no
real resource, demand or project at all (the shipped demo) would then show nothing but
zeros: there the figures count the samples instead, and every one is captioned as
sample data (``CampaignStats.sample_data``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, get_args

from generator.model import formats as models
from generator.model import reads
from generator.model.catalog import ENTRY_TYPES, OFFER_TYPES, Catalog, Entry
from generator.model.wording import label

STATUSES: tuple[str, ...] = get_args(models.DemandStatus)
# Above this many quarters a growth chart counts by year, or its labels would collide.
MAX_QUARTERS = 12


@dataclass(frozen=True)
class Bar:
    """One labelled number in a chart."""

    label: str
    value: int
    key: str = ""
    """The id or value counted (field id, organization id, status, …)."""
    src_uri: str | None = None
    """The page the bar stands for, when there is one."""


@dataclass(frozen=True)
class Period:
    """One column of the growth chart: the running total at the end of a period."""

    label: str
    value: int
    added: int


@dataclass(frozen=True)
class Breakdown:
    """Counts over a set of resources, demands and projects."""

    total: int
    by_type: list[Bar]
    by_field: list[Bar]
    """Entries per technical field, most first; an entry counts once in each field."""
    by_status: list[Bar]
    """Demands per status, in workflow order."""
    left_out: int = 0
    """Sample entries of the same set that are not counted."""
    left_out_demands: int = 0
    """Of those, the sample demands (left out of "Demands matched")."""

    @property
    def demands(self) -> int:
        return next(b.value for b in self.by_type if b.key == "demands")

    @property
    def matched(self) -> int:
        return next(b.value for b in self.by_status if b.key == "matched")


@dataclass(frozen=True)
class Growth:
    """Entries in the catalog over time, cumulative."""

    unit: Literal["quarter", "year"]
    periods: list[Period]
    undated: int
    """Entries with no ``published`` date, no conference and no ``updated`` date."""


@dataclass(frozen=True)
class CampaignStats:
    as_of: dt.date
    """The build date (``builddate.build_date``)."""
    entries: Breakdown
    """All resources, demands and projects."""
    by_kind: list[Bar]
    """Every kind of page: resources, demands, projects, organizations, conferences, news."""
    by_organization: list[Bar]
    """Organizations with entries of their own, most first."""
    by_conference: list[Bar]
    """Entries presented at each conference, in date order."""
    growth: Growth
    pushed_to_platform: int
    """Resources and demands pushed to the national platform, over the conferences that
    report a figure."""
    pushed_reported: int
    """How many conferences report ``pushed_to_platform``."""
    organizations: dict[str, Breakdown]
    """Per organization with entries, its own and its units' together."""
    conferences: dict[str, Breakdown]
    """Per conference with entries, what was presented there."""
    sample_data: bool = False
    """True when the catalog has no real resource, demand or project, so that the
    figures count sample entries (and say so)."""
    samples_left_out: int = 0
    """Sample resources, demands and projects not counted (0 when ``sample_data``)."""


# A page's chart depends on the figures it reads (``model/reads.py``): its own
# organization's or conference's, not every one's.
reads.track(CampaignStats, lambda stats, name: ("stats", name))


def breakdown(
    entries: Iterable[Entry],
    fields: dict[str, models.FieldDef],
    *,
    all_fields: bool = False,
    left_out: int = 0,
    left_out_demands: int = 0,
) -> Breakdown:
    """Count ``entries`` by type, field and demand status.

    With ``all_fields`` every field of the taxonomy gets a bar, empty ones too (the
    campaign-wide chart shows where nothing has been offered yet).
    """
    types: Counter[str] = Counter()
    by_field: Counter[str] = Counter({f: 0 for f in fields} if all_fields else {})
    statuses: Counter[str] = Counter({s: 0 for s in STATUSES})
    for entry in entries:
        types[entry.type.plural] += 1
        by_field.update(set(entry.model.fields))
        if entry.type.name == "demand":
            statuses[entry.model.status] += 1

    def field_bar(field_id: str, count: int) -> Bar:
        field = fields.get(field_id)
        return Bar(field.name if field else field_id, count, field_id)

    field_bars = sorted(
        (field_bar(f, n) for f, n in by_field.items()), key=lambda b: (-b.value, b.label.lower())
    )
    return Breakdown(
        total=sum(types.values()),
        by_type=[Bar(t.label_plural, types[t.plural], t.plural) for t in OFFER_TYPES],
        by_field=field_bars,
        by_status=[Bar(label(s), statuses[s], s) for s in STATUSES],
        left_out=left_out,
        left_out_demands=left_out_demands,
    )


def _offers(catalog: Catalog) -> list[Entry]:
    return [e for t in OFFER_TYPES for e in catalog.entries[t.plural].values()]


def _presented(conf: Entry) -> list[Entry]:
    return [e for t in OFFER_TYPES for e in conf.refs.get(t.plural, [])]


def _rolled_up(org: Entry) -> list[Entry]:
    return [e for t in OFFER_TYPES for e in org.refs.get(f"all_{t.plural}", [])]


def counted(entries: Iterable[Entry], sample_data: bool) -> tuple[list[Entry], int]:
    """The entries a figure counts, and how many samples it leaves out."""
    items = list(entries)
    if sample_data:
        return items, 0
    real = [e for e in items if not e.model.sample]
    return real, len(items) - len(real)


def _sample_demands(entries: Iterable[Entry], sample_data: bool) -> int:
    if sample_data:
        return 0
    return sum(1 for e in entries if e.type.name == "demand" and e.model.sample)


def is_sample_data(catalog: Catalog) -> bool:
    """True when there are resources, demands or projects and every one is a sample."""
    offers = _offers(catalog)
    return bool(offers) and all(e.model.sample for e in offers)


def entry_dates(
    catalog: Catalog, entries: Iterable[Entry] | None = None
) -> dict[str, tuple[dt.date, str]]:
    """When each entry was first published, keyed by ``'<plural>/<id>'``, with precision.

    That is its ``published`` date; when it has none, the date of the earliest
    conference where it was presented, or else its ``updated`` date (it was out by
    then); entries with none of these are left out. ``entries`` defaults to all offers.
    """
    wanted = _offers(catalog) if entries is None else list(entries)
    keys = {f"{e.type.plural}/{e.id}" for e in wanted}
    dates: dict[str, tuple[dt.date, str]] = {}
    for entry in wanted:
        if entry.model.published is not None:
            key = f"{entry.type.plural}/{entry.id}"
            dates[key] = (entry.model.published, entry.model.published_precision)
    published = set(dates)
    for conf in catalog.conferences.values():
        when = (conf.model.date, conf.model.date_precision)
        for entry in _presented(conf):
            key = f"{entry.type.plural}/{entry.id}"
            if key not in keys or key in published:
                continue
            if key not in dates or when[0] < dates[key][0]:
                dates[key] = when
    for entry in wanted:
        key = f"{entry.type.plural}/{entry.id}"
        if key not in dates and entry.model.updated is not None:
            dates[key] = (entry.model.updated, "day")
    return dates


def growth(dates: Iterable[tuple[dt.date, str]], undated: int = 0) -> Growth:
    """Cumulative entries per quarter, or per year for long spans and year-only dates."""
    known = list(dates)
    if not known:
        return Growth("quarter", [], undated)
    quarters = [(d.year, (d.month - 1) // 3 + 1) for d, _ in known]
    first, last = min(quarters), max(quarters)
    span = (last[0] - first[0]) * 4 + last[1] - first[1] + 1
    by_year = span > MAX_QUARTERS or any(p == "year" for _, p in known)
    if by_year:
        keys: list[tuple[int, int]] = [(y, 0) for y in range(first[0], last[0] + 1)]
        counts = Counter((y, 0) for y, _ in quarters)
    else:
        start = first[0] * 4 + first[1] - 1  # quarters counted from year 0
        keys = [((start + i) // 4, (start + i) % 4 + 1) for i in range(span)]
        counts = Counter(quarters)
    periods, total = [], 0
    for year, quarter in keys:
        added = counts[(year, quarter)]
        total += added
        periods.append(Period(f"{year} Q{quarter}" if quarter else str(year), total, added))
    return Growth("year" if by_year else "quarter", periods, undated)


_known_breakdowns: dict[tuple[Any, ...], tuple[tuple[Any, ...], Breakdown | None]] = {}
"""The last build's breakdown of each organization and conference, by what it counted
(``compute``)."""


def compute(catalog: Catalog, as_of: dt.date) -> CampaignStats:
    """All statistics of a loaded, linked catalog (after ``links.derive``).

    Between the builds of one `mkdocs serve` session the loader hands back the same model
    object for a file that did not change: an organization's or a conference's breakdown
    whose entries are the same models as in the last build is that build's (the same
    object, whose fingerprint part ``site/fingerprint.py`` then knows by its identity).
    """
    global _known_breakdowns
    fields = catalog.fields
    sample_data = is_sample_data(catalog)
    offers, left_out = counted(_offers(catalog), sample_data)
    kinds = [(t.plural, t.label_plural) for t in ENTRY_TYPES] + [("news", "News releases")]
    counts = {
        t.plural: len(counted(catalog.entries[t.plural].values(), sample_data)[0])
        for t in ENTRY_TYPES
    }
    counts["news"] = sum(1 for n in catalog.news if sample_data or not n.meta.sample)

    def own(org: Entry) -> int:
        return sum(len(counted(org.refs.get(t.plural, []), sample_data)[0]) for t in OFFER_TYPES)

    by_org = [
        Bar(org.model.short_name or org.model.name, n, org.id, org.src_uri)
        for org in counted(catalog.organizations.values(), sample_data)[0]
        if (n := own(org))
    ]
    by_org.sort(key=lambda b: (-b.value, b.label.lower()))

    conferences = sorted(catalog.conferences.values(), key=lambda c: (c.model.date, c.id))
    by_conf = [
        Bar(c.label, len(counted(_presented(c), sample_data)[0]), c.id, c.src_uri)
        for c in counted(conferences, sample_data)[0]
    ]

    dates = entry_dates(catalog, offers)

    # What a breakdown reads: each entry's model (its class gives the entry's type), in
    # order, the field names and whether samples count. The remembered models keep
    # their ids from being reused by other objects.
    names = tuple((field_id, field.name) for field_id, field in fields.items())
    known, used = _known_breakdowns, {}

    def scoped(items: list[Entry]) -> Breakdown | None:
        models = tuple([e.model for e in items])
        key = (sample_data, names, tuple(map(id, models)))
        hit = known.get(key)
        if hit is None:
            kept, dropped = counted(items, sample_data)
            demands = _sample_demands(items, sample_data)
            found = (
                None
                if not kept
                else breakdown(kept, fields, left_out=dropped, left_out_demands=demands)
            )
            hit = (models, found)
        used[key] = hit
        return hit[1]

    pushed = [
        c.model.pushed_to_platform for c in conferences if c.model.pushed_to_platform is not None
    ]
    stats = CampaignStats(
        as_of=as_of,
        entries=breakdown(
            offers,
            fields,
            all_fields=True,
            left_out=left_out,
            left_out_demands=_sample_demands(_offers(catalog), sample_data),
        ),
        by_kind=[Bar(name, counts[plural], plural) for plural, name in kinds],
        by_organization=by_org,
        by_conference=by_conf,
        growth=growth(dates.values(), undated=len(offers) - len(dates)),
        pushed_to_platform=sum(pushed),
        pushed_reported=len(pushed),
        organizations={
            org.id: b for org in catalog.organizations.values() if (b := scoped(_rolled_up(org)))
        },
        conferences={conf.id: b for conf in conferences if (b := scoped(_presented(conf)))},
        sample_data=sample_data,
        samples_left_out=left_out,
    )
    _known_breakdowns = used
    return stats
