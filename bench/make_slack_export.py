"""Write a synthetic Slack workspace export: channels, people, bots, threads, mentions, edits, joins.

Usage: ``python bench/make_slack_export.py OUT [--messages N] [--zip] [--seed S]``

OUT becomes a folder laid out as Slack exports one (``channels.json``, ``users.json``, a folder
per channel holding a JSON file per day), or with ``--zip`` a .zip of it. The same seed gives
the same export.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

DEFAULT_MESSAGES = 100_000
DEFAULT_SEED = 20260302
CHANNELS = ("incident-auth", "incident-db", "ops", "deploys", "alerts", "general", "sre-oncall", "random")
BOTS = (("B01", "PagerBot"), ("B02", "grafana"), ("B03", "deploy-bot"))
START = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)
SPAN = timedelta(days=14)
_WORDS = [
    "login",
    "errors",
    "rising",
    "rollback",
    "config",
    "push",
    "canary",
    "region",
    "latency",
    "p99",
    "database",
    "replica",
    "lag",
    "queue",
    "backlog",
    "disk",
    "full",
    "certificate",
    "expired",
    "pager",
    "fired",
    "acknowledged",
    "mitigated",
    "customers",
    "retries",
    "timeout",
    "dashboard",
    "looks",
    "green",
    "again",
    "restarting",
    "pods",
    "draining",
    "node",
    "failover",
    "primary",
    "secondary",
    "cache",
    "warm",
    "cold",
    "deploy",
    "paused",
    "feature",
    "flag",
    "off",
    "on-call",
    "handover",
    "status",
    "page",
    "updated",
]
_ALERTS = ("[FIRING] {0} 5xx over 5% for 2 minutes", "[RESOLVED] {0} latency p99 back under 300 ms")


@dataclass(frozen=True)
class Made:
    """What was written: messages (housekeeping included), day files, and where."""

    path: Path
    messages: int
    day_files: int


def _users(rng: random.Random, count: int) -> list[dict[str, Any]]:
    first = (
        "Ana",
        "Βασίλης",
        "Ирина",
        "Noa",
        "Kwame",
        "Mei",
        "Lars",
        "Sofía",
        "Omar",
        "Priya",
        "Jörg",
        "Aiko",
    )
    users = []
    for number in range(count):
        name = f"{rng.choice(first)} {chr(65 + number % 26)}."
        profile: dict[str, Any] = {
            "real_name": name,
            "display_name": name.split()[0].lower() if number % 3 else "",
        }
        users.append({"id": f"U{number:04d}", "name": f"user{number}", "real_name": name, "profile": profile})
    return users


def _text(rng: random.Random, users: list[dict[str, Any]], channel_ids: dict[str, str]) -> str:
    words = rng.choices(_WORDS, k=rng.randint(3, 25))
    roll = rng.random()
    if roll < 0.15:
        words.insert(0, f"<@{rng.choice(users)['id']}>")
    elif roll < 0.2:
        channel = rng.choice(CHANNELS)
        words.append(f"<#{channel_ids[channel]}|{channel}>")
    elif roll < 0.25:
        words.append("<https://grafana.example/d/auth?from=now-1h&amp;to=now|the auth board>")
    elif roll < 0.27:
        words.append("<!here>")
    return " ".join(words)


def make_slack_export(path: Path, messages: int = DEFAULT_MESSAGES, seed: int = DEFAULT_SEED) -> Made:
    """Write an export of ``messages`` messages (about 3% housekeeping) to the folder ``path``."""
    rng = random.Random(seed)
    users = _users(rng, 60)
    channel_ids = {name: f"C{number:03d}" for number, name in enumerate(CHANNELS)}
    days: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    threads: dict[str, list[str]] = defaultdict(list)
    step = SPAN / messages
    for number in range(messages):
        channel = rng.choice(CHANNELS)
        moment = START + step * number
        ts = f"{int(moment.timestamp())}.{number % 1_000_000:06d}"
        user = rng.choice(users)["id"]
        roll = rng.random()
        message: dict[str, Any]
        if roll < 0.03:
            message = {
                "type": "message",
                "subtype": "channel_join",
                "user": user,
                "text": f"<@{user}> has joined the channel",
            }
        elif roll < 0.13:
            bot_id, bot_name = rng.choice(BOTS)
            alert = rng.choice(_ALERTS).format(rng.choice(("auth", "db", "queue")))
            message = {"type": "message", "subtype": "bot_message", "bot_id": bot_id, "username": bot_name,
                       "text": "", "attachments": [{"fallback": alert, "color": "danger"}]}  # fmt: skip
        else:
            message = {"type": "message", "user": user, "text": _text(rng, users, channel_ids)}
            parents = threads[channel]
            if parents and rng.random() < 0.25:
                message["thread_ts"] = rng.choice(parents[-20:])
            elif rng.random() < 0.1:
                parents.append(ts)
                message["thread_ts"] = ts
            if rng.random() < 0.03:
                message["edited"] = {"user": user, "ts": ts}
        message["ts"] = ts
        days[(channel, moment.date().isoformat())].append(message)
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    (path / "channels.json").write_text(
        json.dumps([{"id": i, "name": n, "created": "1772400000"} for n, i in channel_ids.items()], indent=4)
    )
    (path / "users.json").write_text(json.dumps(users, ensure_ascii=False, indent=4))
    for (channel, day), day_messages in days.items():
        (path / channel).mkdir(exist_ok=True)
        (path / channel / f"{day}.json").write_text(json.dumps(day_messages, ensure_ascii=False, indent=4))
    return Made(path, messages, len(days))


def zip_export(folder: Path, target: Path) -> Path:
    """``folder`` packed into ``target`` as Slack packs an export."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(folder.rglob("*.json")):
            archive.write(file, file.relative_to(folder).as_posix())
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("out", type=Path, help="the folder to write (or the .zip with --zip)")
    parser.add_argument("--messages", type=int, default=DEFAULT_MESSAGES, help="messages (default 100000)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--zip", action="store_true", help="write a .zip instead of a folder")
    args = parser.parse_args(argv)
    folder = args.out.with_suffix("") if args.zip else args.out
    made = make_slack_export(folder, args.messages, args.seed)
    if args.zip:
        zip_export(folder, args.out)
        shutil.rmtree(folder)
    print(f"wrote {args.out}: {made.messages:,} messages in {made.day_files} day files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
