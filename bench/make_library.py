"""Build a deterministic synthetic library for the benchmarks, through the project's storage code.

Usage: ``python bench/make_library.py --sessions N --entries M -o FILE [--seed S] [--force]``

Every session is stored with ``SessionStore.create``, exactly as ``import`` stores
one, so the rows, links, positions and search index are the app's own. Only the
generator's connection differs from the app's in two ways, both for speed and
neither visible in the file it leaves: many sessions share one transaction
(``create`` nests as a savepoint inside ``db.atomic()``), and ``PRAGMA
synchronous = OFF`` skips the fsync per commit. The file is built under a
temporary name and moved into place only once it is whole and closed.

Text is generated from word lists sampled with a Zipf distribution, so the
library holds a few very common words and a long tail of rare ones, like a
real one: search benchmarks can pick queries from rare to very common.
"""

from __future__ import annotations

import argparse
import bisect
import functools
import itertools
import os
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from facilitation.model import (
    ACTION_STATUSES,
    FACTOR_CATEGORIES,
    Action,
    ContributingFactor,
    KeyLearning,
    Metadata,
    ParkingLotItem,
    Participant,
    Session,
    TimelineEntry,
    WentRight,
    WentWrong,
)
from facilitation.settings import default_settings
from storage.library import open_library

DEFAULT_SEED = 20260302
SESSIONS_PER_TRANSACTION = 100

# -- word lists: earlier words are drawn more often (Zipf) -----------------

SYSTEMS = (
    "Checkout API", "Auth Service", "Search", "Payments Gateway", "Mobile Backend", "Web Frontend",
    "Notification Service", "Billing", "Data Warehouse", "Kubernetes Platform", "CDN", "DNS",
    "Message Queue", "Identity Provider", "Inventory Service", "Recommendation Engine",
    "Customer Support Portal", "Reporting Pipeline", "Object Storage", "Internal Tools",
)  # fmt: skip
TRIGGERS = (
    "Configuration change", "Deploy", "Traffic spike", "Third-party outage", "Capacity",
    "Database migration", "Certificate expiry", "Dependency upgrade", "Hardware failure",
    "Network change", "Manual operation", "Feature flag", "Scheduled job", "Unknown",
)  # fmt: skip
SEVERITIES = (("Sev-1", 5), ("Sev-2", 20), ("Sev-3", 45), ("Sev-4", 30))
STATUSES = (("published", 50), ("reviewed", 25), ("in-review", 10), ("draft", 15))
TIME_ZONES = (
    "Europe/Copenhagen", "America/New_York", "Europe/London", "America/Los_Angeles", "UTC",
    "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney", "America/Sao_Paulo",
)  # fmt: skip
TAGS = (
    "config", "deploy", "database", "latency", "capacity", "customer-facing", "auth", "dns",
    "certificates", "third-party", "data-loss", "monitoring", "on-call", "rollback", "cache",
    "queue", "network", "kubernetes", "storage", "security", "mobile", "payments", "Peak hours",
    "weekend", "near-miss", "alerting-gap", "runbook", "cost", "migration", "feature-flag",
)  # fmt: skip
FIRST_NAMES = (
    "Ana", "Ben", "Chloé", "Dmitri", "Esra", "Farid", "Grace", "Hiroshi", "Ines", "Jonas",
    "Kwame", "Lena", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tamar",
    "Uma", "Viktor", "Wen", "Ximena", "Yusuf", "Zofia", "Aoife", "Bjørn", "Camille", "Dara",
)  # fmt: skip
LAST_NAMES = (
    "Sørensen", "Okafor", "Nguyen", "Schmidt", "García", "Kowalski", "Haddad", "Tanaka",
    "Lindqvist", "Mensah", "Rossi", "Petrov", "Murphy", "Costa", "Novak", "Iyer",
)  # fmt: skip
ROLES = (
    "on-call engineer", "incident commander", "service owner", "support lead", "SRE",
    "database administrator", "product manager", "communications lead", "network engineer",
    "security engineer", "scribe", "engineering manager",
)  # fmt: skip
BOTS = ("PagerDuty", "Grafana", "deploy-bot", "Alertmanager", "Statuspage", "CI pipeline", "Datadog")
COMPONENTS = (
    "the primary database", "the load balancer", "the cache cluster", "the API gateway",
    "the message broker", "the worker pool", "the connection pool", "the session store",
    "the search cluster", "the ingress controller", "the read replicas", "the job scheduler",
    "the CDN edge", "the DNS resolver", "the rate limiter", "the payment processor",
    "the feature flag service", "the object store", "the service mesh", "the batch importer",
    "the websocket gateway", "the config server", "the secrets vault", "the log shipper",
    "the autoscaler", "the image resizer", "the email relay", "the webhook dispatcher",
    "the ledger service", "the geo router", "the token signer", "the billing exporter",
)  # fmt: skip
METRICS = (
    "error rate", "p99 latency", "CPU usage", "memory usage", "queue depth", "disk usage",
    "connection count", "timeout rate", "replication lag", "GC pause time", "request rate",
    "retry rate", "cache miss rate", "5xx responses", "open file handles", "thread count",
    "checkout conversion", "login success rate", "consumer lag", "packet loss",
)  # fmt: skip
SYMPTOMS = (
    "slow responses", "failed logins", "timeouts", "duplicate charges", "blank pages",
    "stale search results", "missing notifications", "500 errors", "dropped connections",
    "delayed emails", "expired sessions", "empty carts", "wrong prices", "broken images",
    "partial outages", "stuck orders", "failed uploads", "garbled exports", "repeated retries",
    "intermittent 502s", "phantom inventory", "throttled webhooks", "unreadable PDFs",
)  # fmt: skip
CHANGES = (
    "the config push", "the latest deploy", "the schema migration", "the library upgrade",
    "the certificate rotation", "the firewall rule", "the feature flag flip", "the cron change",
    "the kernel patch", "the DNS record update", "the new index", "the pool size change",
    "the retry policy change", "the region failover", "the cache eviction tweak",
    "the TLS cipher change", "the vendor SDK bump", "the log level change",
)  # fmt: skip
ERRORS = (
    "timeouts", "ECONNRESET", "OOMKilled", "CrashLoopBackOff", "ETIMEDOUT", "deadlock detected",
    "too many connections", "certificate verify failed", "SIGTERM", "disk quota exceeded",
    "NXDOMAIN", "connection refused", "lock wait timeout", "segfault", "EPIPE",
    "serialization failure", "quota exhausted", "checksum mismatch", "ENOSPC", "EMFILE",
)  # fmt: skip
CHANNELS = ("Slack", "the support queue", "Twitter", "the status page", "email", "the sales team")
DECISIONS = (
    "roll back the deploy", "fail over to the secondary region", "disable the feature flag",
    "scale out the worker pool", "pause the batch jobs", "page the database team",
    "post on the status page", "drain the bad node", "raise the connection limit",
    "block the abusive client", "restart the consumers", "freeze further deploys",
    "switch traffic to the old cluster", "extend the certificate manually",
)  # fmt: skip
# A long tail of ordinary words, used in free-form details; most appear rarely.
DETAIL_WORDS = (
    "the", "service", "after", "was", "and", "to", "traffic", "error", "deploy", "team",
    "customers", "alert", "database", "request", "retry", "rollback", "config", "queue", "cache",
    "latency", "region", "on-call", "page", "dashboard", "runbook", "timeout", "capacity",
    "monitoring", "incident", "release", "network", "node", "cluster", "upstream", "downstream",
    "backlog", "canary", "threshold", "saturation", "partition", "failover", "handoff",
    "escalation", "staging", "production", "throttle", "heartbeat", "checksum", "shard",
    "replica", "snapshot", "vendor", "contract", "budget", "weekend", "holiday", "night",
    "morning", "handover", "documentation", "ownership", "visibility", "assumption", "surprise",
    "confusion", "pressure", "fatigue", "context", "signal", "noise", "ambiguity", "workaround",
    "tradeoff", "hypothesis", "evidence", "procedure", "checklist", "approval", "review",
    "migration", "dependency", "lockfile", "manifest", "artifact", "pipeline", "sidecar",
    "daemon", "kernel", "firmware", "hypervisor", "tenant", "quota", "invoice", "ledger",
    "reconciliation", "idempotency", "backpressure", "thundering", "herd", "stampede", "jitter",
    "clock", "skew", "drift", "leap", "second", "epoch", "overflow", "truncation", "encoding",
    "unicode", "locale", "daylight", "saving", "timezone", "cron", "scheduler", "lease", "quorum",
    "election", "split", "brain", "fencing", "tombstone", "compaction", "vacuum", "bloat",
    "fragmentation", "eviction", "warmup", "coldstart", "prefetch", "pagination", "cursor",
    "webhook", "callback", "circuit", "breaker", "bulkhead", "sharding", "rebalancing",
    "hotspot", "stragglers", "fanout", "amplification", "cascade", "brownout", "blackhole",
    "sinkhole", "tarpit", "honeypot", "allowlist", "denylist", "geofence", "sandbox",
    "entitlement", "provisioning", "deprovisioning", "orphaned", "dangling", "zombie", "leaked",
    "exhausted", "starved", "wedged", "flapping", "oscillating", "degraded", "quiesced",
    "mislabelled", "misrouted", "overprovisioned", "underprovisioned", "unacknowledged",
    "unowned", "undocumented", "unreviewed", "untested", "unmonitored", "misconfigured",
    "stale", "nondeterministic", "heisenbug", "bitflip", "cosmic", "ray", "solar", "flare",
    "ferry", "lighthouse", "kiln", "saffron", "obsidian", "marzipan", "quokka", "narwhal",
    "zeppelin", "tamarind", "juniper", "halcyon", "sextant", "gossamer", "palimpsest",
    "xylophone", "quixotic", "serendipity", "vermilion", "zephyr",
)  # fmt: skip
# Rarer words, each in a handful to a few hundred passages of a 10,000-session library.
_RARE_TEXT = """
abacus abeyance abrasion abutment accordion acorn adage adobe aerial affidavit aglet albatross
alcove alder almanac alpaca amber ammonite anchorage anemone angler anvil apiary apricot aqueduct
arbor archipelago armadillo artichoke asphalt astrolabe atoll attic auger aurora avalanche awning
axle azalea badger bagpipe bailiff balsa bamboo banister banjo baobab barnacle barometer basalt
bassoon bayonet beacon beeswax belfry bellows bergamot birch bison blacksmith blizzard bobbin
bollard bonfire boulder bramble brass brazier breakwater brigantine brine bristle brocade bulrush
bunting buttress cabbage cairn calliope camellia canal candelabra canoe canopy capstan caravan
cardamom carousel cartographer cassowary cashmere catamaran cauldron cedar cellar chaffinch chalk
chandelier chestnut chimney chisel cinnamon citadel clarinet clavichord clementine cobblestone
cockle compass conch copper coral cormorant corridor cosine cottage coyote cranberry crater crescent
crocus crossbow crypt cuckoo cupola cypress dahlia damask delta derrick dewdrop dinghy dirigible
dolmen dormouse dovetail dragonfly driftwood dulcimer dune easel ebony eclipse eiderdown elderberry
ember emerald engraver estuary falcon fathom fennel fern fiddle figurine fjord flagstone flannel
flint flotilla fountain foxglove gable galleon gannet garnet gazebo geyser gherkin gimlet glacier
glockenspiel gondola gorge granary granite gravel greenhouse grotto gull gypsum hamlet harbour
harpsichord harrow hawthorn hazel heather hedgehog heron hickory hillock hollyhock honeycomb
hourglass hyacinth iceberg inkwell isthmus ivory jackdaw jasmine jetty kayak kestrel kettle
kingfisher knapsack labyrinth lagoon lantern larch lattice lavender lectern lemur lichen lilac
limestone linden locket loom lute lynx magnolia mahogany mallard mandolin mangrove maple marble
marigold marmot marsh meadow meridian mica millstone minaret mistletoe moat monsoon moorland mosaic
moth mulberry nautilus nectar nettle nightingale nutmeg oak oasis oboe ocelot octant olive opal
orchard orchid osprey otter oxbow paddock pagoda papyrus parapet parchment parsnip pavilion peat
pebble pelican pendulum peninsula periscope pewter pheasant piccolo pier pinecone plateau plover
plum porcupine portico primrose prism puffin pumice quail quarry quartz quill quince raven reed reef
rhubarb rivulet robin rosemary rowan saddle sage salamander sandstone sapphire sardine satchel
scarecrow schooner scythe seashell sequoia shale sickle silt slate sleet sloop snowdrop sparrow
spindle spruce squall starling stile sundial swallow sycamore tapestry teak telescope thatch thimble
thistle thrush thyme tinder toadstool topaz tortoise trellis trowel tulip tundra turnip turret
urchin valley velvet verbena viaduct viola vole walnut walrus weathervane whetstone whistle willow
windmill wisteria wombat woodpecker wren yarrow yew zinnia
"""
RARE_WORDS = tuple(_RARE_TEXT.split())
CONNECTIVES = (
    "because",
    "while",
    "although",
    "until",
    "so",
    "and then",
    "even though",
    "before",
    "since",
)
LEARNINGS = (
    "Our alerts watched {metric} but not {metric2}, so {symptom} went unseen for a while.",
    "Nobody on call knew that {component} depended on {component2}.",
    "The runbook for {system} assumed {change} could not affect {component}.",
    "Rolling back was quick once decided; deciding took longest because ownership was unclear.",
    "{change} looked routine and skipped review, which is normal practice here.",
    "Dashboards for {system} mix {metric} across regions, hiding a single bad region.",
    "Retries from {component} amplified the load on {component2}.",
    "Handoffs during the night lost context about {change}.",
    "Customers told us about {symptom} before our monitoring did.",
    "Capacity for {component} was planned for average load, not for {detail}.",
)  # fmt: skip
IMPACTS = (
    "Some customers saw {symptom} for about {minutes} minutes.",
    "Roughly {pct}% of requests to {system} failed.",
    "No customer impact; caught by {bot} before release.",
    "Orders were delayed but none were lost.",
    "{symptom} in two regions for {minutes} minutes.",
)  # fmt: skip
THIRD_PARTIES = ("", "", "", "", "AWS", "Cloudflare", "Stripe", "Twilio", "Okta", "Fastly", "SendGrid")


@functools.cache
def _zipf_weights(count: int, exponent: float) -> list[float]:
    """Cumulative Zipf weights for ``count`` ranked words."""
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(count)))


class Words:
    """Draws from ranked word lists, earlier words far more often than later ones."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def pick(self, words: Sequence[str], exponent: float = 1.1) -> str:
        weights = _zipf_weights(len(words), exponent)
        return words[bisect.bisect(weights, self.rng.random() * weights[-1])]

    def weighted(self, choices: Sequence[tuple[str, int]]) -> str:
        return self.rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]

    def detail(self) -> str:
        """A free-form clause in the long-tail vocabulary."""
        words = [self.pick(DETAIL_WORDS) for _ in range(self.rng.randint(3, 9))]
        if self.rng.random() < 0.1:
            words.insert(self.rng.randrange(len(words)), self.pick(RARE_WORDS, exponent=1.0))
        return f"{self.rng.choice(CONNECTIVES)} {' '.join(words)}"

    def ticket(self) -> str:
        return f"INC{self.rng.randint(10000, 99999)}"

    def commit(self) -> str:
        return f"{self.rng.getrandbits(28):07x}"

    def host(self) -> str:
        prefix = self.pick(("web", "api", "db", "cache", "kafka", "worker", "edge", "pgreplica", "redis"))
        return f"{prefix}{self.rng.randint(1, 48):02d}"

    def fill(self, template: str, names: Sequence[str], person: str = "", bot: str = "") -> str:
        """``template`` with each slot filled from its word list, its first letter a capital."""
        rng = self.rng
        text = template.format(
            person=person or rng.choice(names),
            bot=bot or rng.choice(BOTS),
            system=self.pick(SYSTEMS),
            component=self.pick(COMPONENTS),
            component2=self.pick(COMPONENTS),
            metric=self.pick(METRICS),
            metric2=self.pick(METRICS),
            symptom=self.pick(SYMPTOMS),
            change=self.pick(CHANGES),
            error=self.pick(ERRORS),
            channel=self.pick(CHANNELS),
            decision=self.pick(DECISIONS),
            ticket=self.ticket(),
            commit=self.commit(),
            host=self.host(),
            number=rng.randint(2, 950),
            pct=rng.randint(1, 99),
            minutes=rng.randint(3, 240),
            detail=self.detail(),
        )
        return text[:1].upper() + text[1:]

    def timeline_entry(self, key: str, names: Sequence[str]) -> TimelineEntry:
        """A timeline entry without a time, its actor the person or bot it names."""
        rng = self.rng
        template, source, kind = rng.choice(TIMELINE_TEMPLATES)
        person, bot = rng.choice(names), rng.choice(BOTS)
        if "{person}" in template:
            actor = person
        elif "{bot}" in template:
            actor = bot
        else:
            actor = rng.choice((*names, *BOTS))
        return TimelineEntry(
            key=key,
            text=self.fill(template, names, person=person, bot=bot),
            actor=actor,
            source=source if rng.random() < 0.9 else rng.choice((None, "other", "firsthand")),
            kind=kind,
            starred=rng.random() < 0.05,
            private=rng.random() < 0.01,
        )


TIMELINE_TEMPLATES: tuple[tuple[str, str, str], ...] = (
    # (template, source, kind)
    ("{bot} fired an alert: {metric} high on {component}", "alert", "event"),
    ("{person} acknowledged the page and started looking at {component}", "firsthand", "action"),
    ("{metric} on {component} climbed to {number}", "metric", "observation"),
    ("Error rate for {system} reached {pct}%", "metric", "observation"),
    ("{person} rolled back {change} (commit {commit})", "decision-log", "action"),
    ("{person} noticed {symptom} in the {system} dashboard", "firsthand", "observation"),
    ("Customers reported {symptom} via {channel}", "chat", "event"),
    ("{person} decided to {decision}", "decision-log", "decision"),
    ("{person} opened {ticket} to track {symptom}", "chat", "action"),
    ("Deploy {commit} of {system} reached {pct}% of hosts", "alert", "event"),
    ("{person} suspected {change} and checked {component}", "chat", "observation"),
    ("Logs on {host} show {error} from {component}", "metric", "observation"),
    ("{person} took the incident commander role and opened a bridge", "firsthand", "decision"),
    ("{person}: I thought {component} was healthy {detail}", "firsthand", "observation"),
    ("{person} asked who owns {component}; nobody was sure", "chat", "event"),
    ("{bot} posted an update to the status page about {symptom}", "other", "event"),
    ("{metric} back to normal on {system}", "metric", "observation"),
    ("{person} restarted {component} on {host}", "firsthand", "action"),
    ("{person} paged the {system} team {detail}", "chat", "action"),
    ("{change} was applied to {component} {detail}", "decision-log", "event"),
)
WENT_RIGHT = (
    "{bot} caught {symptom} within minutes.",
    "{person} knew the rollback procedure for {component} by heart.",
    "The runbook for {system} was up to date.",
    "Failover to the second region worked as designed.",
    "Communication on {channel} was clear and frequent.",
    "{person} pulled in the right people early {detail}.",
)
WENT_WRONG = (
    "The alert for {metric} went to a channel nobody watched.",
    "{component} had no dashboard for {metric}.",
    "It took a long time to find who owned {component}.",
    "{change} had been tested only in staging {detail}.",
    "The status page was updated late.",
    "Two people ran conflicting fixes on {component} at once.",
)
FACTORS = (
    "{change} was rolled out to every region at once.",
    "{component} had no limit on {metric}.",
    "The on-call rotation for {system} was short-staffed that week.",
    "Documentation for {component} described an older design.",
    "A dependency between {component} and {component2} was undocumented.",
    "Alert thresholds for {metric} were set years ago {detail}.",
)
ACTIONS = (
    "Add an alert on {metric} for {component}.",
    "Document the dependency of {component} on {component2}.",
    "Stage rollouts of {change} region by region.",
    "Name an owner for {component} in the service catalogue.",
    "Add a runbook section for {symptom}.",
    "Load test {component} at twice peak traffic.",
)
TITLES = (
    "{system} {symptom} after {change}",
    "{system} outage: {error}",
    "{symptom} on {system}",
    "Degraded {system} during peak traffic",
    "{system} {metric} regression",
)
SUMMARIES = (
    "{symptom} affected {system} for {minutes} minutes after {change}. ",
    "{bot} alerted on {metric}; the team mitigated by deciding to {decision}. ",
    "The investigation found {error} on {component} {detail}. ",
)
PARKED = ("Maybe replace {component} entirely.", "Should we move {system} to another region?")

_FIRST_DAY = date(2023, 6, 1)
_DAYS = 3 * 365
_HOUR_WEIGHTS = (2, 1, 1, 1, 1, 2, 3, 5, 8, 10, 11, 11, 9, 10, 11, 11, 10, 8, 6, 5, 4, 4, 3, 3)
_ZONES = {name: ZoneInfo(name) for name in TIME_ZONES}
_POLICY = default_settings().policy


def _start(rng: random.Random) -> datetime:
    """A start time over three years, mostly on weekdays and in working hours."""
    while True:
        day = _FIRST_DAY + timedelta(days=rng.randrange(_DAYS))
        if day.weekday() < 5 or rng.random() < 0.4:
            break
    hour = rng.choices(range(24), weights=_HOUR_WEIGHTS)[0]
    zone = _ZONES[rng.choice(TIME_ZONES)]
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=zone)


def make_session(rng: random.Random, number: int, entries: int) -> Session:
    """One synthetic session: the ``number``-th of a library, with ``entries`` timeline entries."""
    words = Words(rng)
    people = [f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(rng.randint(3, 8))]
    people = list(dict.fromkeys(people))
    started = _start(rng)
    detected = started + timedelta(minutes=rng.randint(0, 30))
    mitigated = detected + timedelta(minutes=rng.randint(5, 180))
    resolved = mitigated + timedelta(minutes=rng.randint(0, 600)) if rng.random() < 0.9 else None
    reference = f"#{1000 + number}" if rng.random() < 0.95 else f"PM{started.year}-{number % 1000:03d}"

    timeline = []
    moment = started - timedelta(minutes=rng.randint(0, 20))
    for index in range(entries):
        entry = words.timeline_entry(f"t{index + 1}", people)
        moment += timedelta(seconds=int(rng.expovariate(1 / 240)))
        if rng.random() > 0.03:  # a few entries have no known time
            entry.at = moment
            entry.approximate = rng.random() < 0.08
        timeline.append(entry)
    went_right = [
        WentRight(key=f"r{i + 1}", text=words.fill(rng.choice(WENT_RIGHT), people), repeat=rng.random() < 0.3)
        for i in range(rng.randint(1, 4))
    ]
    went_wrong = [
        WentWrong(key=f"w{i + 1}", text=words.fill(rng.choice(WENT_WRONG), people))
        for i in range(rng.randint(1, 4))
    ]
    linkable = [e.key for e in timeline] + [w.key for w in went_wrong]
    factors = [
        ContributingFactor(
            key=f"f{i + 1}",
            text=words.fill(rng.choice(FACTORS), people),
            category=rng.choice((*FACTOR_CATEGORIES, None)),
            links=rng.sample(linkable, k=min(len(linkable), rng.randint(0, 3))),
        )
        for i in range(rng.randint(2, 5))
    ]
    learnings = [
        KeyLearning(key=f"l{i + 1}", text=words.fill(rng.choice(LEARNINGS), people))
        for i in range(rng.randint(3, 5))
    ]
    servable = [f.key for f in factors] + [k.key for k in learnings]
    actions = [
        Action(
            key=f"a{i + 1}",
            text=words.fill(rng.choice(ACTIONS), people),
            owner=rng.choice(people),
            due=started.date() + timedelta(days=rng.randint(7, 90)) if rng.random() < 0.8 else None,
            status=rng.choices(ACTION_STATUSES, weights=(30, 20, 40, 10))[0],
            serves=rng.sample(servable, k=rng.randint(1, 2)),
        )
        for i in range(rng.randint(1, 4))
    ]
    return Session(
        title=words.fill(rng.choice(TITLES), people),
        reference=reference,
        summary="".join(words.fill(t, people) for t in SUMMARIES[: rng.randint(2, 3)]).strip(),
        severity=words.weighted(SEVERITIES),
        system=words.pick(SYSTEMS),
        trigger=words.pick(TRIGGERS),
        time_zone=str(started.tzinfo),
        started_at=started,
        detected_at=detected,
        mitigated_at=mitigated,
        resolved_at=resolved,
        facilitator=people[0],
        participants=[
            Participant(name=name, role=rng.choice(ROLES), private=rng.random() < 0.02) for name in people
        ],
        tags=list(dict.fromkeys(words.pick(TAGS) for _ in range(rng.randint(1, 4)))),
        metadata=Metadata(
            regression=rng.choice((True, False, None)),
            third_party=rng.choice(THIRD_PARTIES),
            customer_impact=words.fill(rng.choice(IMPACTS), people),
        ),
        timeline=timeline,
        went_right=went_right,
        went_wrong=went_wrong,
        contributing_factors=factors,
        key_learnings=learnings,
        actions=actions,
        parking_lot=[
            ParkingLotItem(key=f"p{i + 1}", text=words.fill(rng.choice(PARKED), people))
            for i in range(rng.randint(0, 2))
        ],
        private_notes=words.fill("Follow up with {person} {detail}.", people) if rng.random() < 0.2 else "",
        ground_rules=_POLICY,
        status=words.weighted(STATUSES),
    )


@dataclass(frozen=True)
class Made:
    """What ``make_library`` built.

    Attributes:
        path: The library file.
        sessions: Sessions stored.
        entries: Timeline entries stored in all.
        seconds: Wall time to build it.
        size_bytes: Size of the finished file.
    """

    path: Path
    sessions: int
    entries: int
    seconds: float
    size_bytes: int

    def summary(self) -> str:
        """One line for a person."""
        return (
            f"made {self.path}: {self.sessions} sessions, {self.entries} timeline entries "
            f"in {self.seconds:.1f} s, {self.size_bytes / 1e6:.1f} MB"
        )


def _remove_library(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def make_library(
    path: Path, sessions: int, entries: int, seed: int = DEFAULT_SEED, force: bool = False
) -> Made:
    """Build a synthetic library of ``sessions`` sessions with ``entries`` timeline entries each.

    Args:
        path: Where the library goes.
        sessions: How many sessions.
        entries: Timeline entries per session.
        seed: The same seed always gives the same sessions.
        force: Replace a file already at ``path``.

    Raises:
        FileExistsError: Something is at ``path`` and ``force`` is false.
    """
    if path.exists() and not force:
        raise FileExistsError(path)
    began = time.perf_counter()
    building = path.with_name(path.name + ".building")
    _remove_library(building)
    rng = random.Random(seed)
    library = open_library(building, create=True)
    try:
        # This connection only: a crash mid-build loses the build, never anyone's data.
        library.db.execute("PRAGMA synchronous = OFF")
        library.db.execute("PRAGMA cache_size = -262144")  # 256 MiB, for the index merges
        for first in range(0, sessions, SESSIONS_PER_TRANSACTION):
            with library.db.atomic():
                for number in range(first, min(first + SESSIONS_PER_TRANSACTION, sessions)):
                    library.sessions.create(make_session(rng, number, entries))
    finally:
        library.close()
    _remove_library(path)
    os.replace(building, path)
    return Made(path, sessions, sessions * entries, time.perf_counter() - began, path.stat().st_size)


def main(argv: list[str] | None = None) -> int:
    """The command line; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--sessions", type=int, default=10_000, help="how many sessions (default 10000)")
    parser.add_argument("--entries", type=int, default=50, help="timeline entries per session (default 50)")
    parser.add_argument(
        "-o", dest="out", type=Path, required=True, metavar="FILE", help="the library to make"
    )
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed (default %(default)s)")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    args = parser.parse_args(argv)
    if args.sessions < 0 or args.entries < 0:
        parser.error("--sessions and --entries must not be negative")
    try:
        made = make_library(args.out, args.sessions, args.entries, seed=args.seed, force=args.force)
    except FileExistsError:
        print(
            f"{args.out} already exists; choose another name or add --force to replace it.", file=sys.stderr
        )
        return 2
    print(made.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
