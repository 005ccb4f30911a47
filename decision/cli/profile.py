"""``decision profile``: named weight profiles kept in the store.

::

    decision profile add elus --weights energy=0.4,cost=0.3,air=0.2,land=0.1 \\
        --owner "Élus de Lens" --owner-kind group --comment "priorité au coût"
    decision profile list [--json]
    decision profile show elus [--version 1] [--json]

An ``add`` on an existing name saves a new version; nothing is ever overwritten. The weights
are checked against the case's criteria and indicators when saved (``--case``, default the
bundled case), so a misspelt name is refused at once rather than when the profile is used.
"""

from __future__ import annotations

import argparse
import json

from copilote.decision.case.source import load_source
from copilote.decision.cli.terminal import printable
from copilote.decision.core.weighting import Weights
from copilote.decision.numbers import format_number, format_share
from copilote.decision.record.store import Profile, Store


def register(sub: argparse._SubParsersAction, help_text: str) -> None:
    """Add the ``profile`` sub-command and its actions."""
    parser = sub.add_parser("profile", help=help_text, description=help_text)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", parser_class=type(parser))
    actions.required = True

    add = actions.add_parser("add", help="save a profile (a new version if the name exists)")
    add.add_argument("name", help="profile name, e.g. elus")
    add.add_argument(
        "--weights",
        required=True,
        help="energy=0.4,cost=0.3,air=0.2,land=0.1 (criterion or indicator ids) or a plain list",
    )
    add.add_argument("--owner", help="member or group it belongs to (default: the name)")
    add.add_argument(
        "--owner-kind", choices=("member", "group"), default="member", help="default member"
    )
    add.add_argument("--comment", default="", help="why these weights")
    add.add_argument(
        "--case",
        help="the case whose criteria and indicators the weights name "
        "(default: the bundled Lens–Liévin case)",
    )

    listing = actions.add_parser("list", help="every profile with its latest version")
    listing.add_argument("--json", action="store_true", help="JSON on stdout")

    show = actions.add_parser("show", help="one profile's weights")
    show.add_argument("name")
    show.add_argument("--version", type=int, help="a past version (default: the latest)")
    show.add_argument("--json", action="store_true", help="JSON on stdout")

    for p in (add, listing, show):
        p.add_argument(
            "--db", help="the store (SQLite file); default $DECISION_DB or the user data folder"
        )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``decision profile ACTION``."""
    store = Store(args.db)
    if args.action == "add":
        where = f"profile '{args.name}'"
        weights = Weights.read(args.weights, where)
        weights.on(load_source(args.case).problem, where)
        profile = store.add_profile(
            args.name,
            weights,
            owner=args.owner,
            owner_kind=args.owner_kind,
            comment=args.comment,
        )
        print(f"profile '{profile.name}' version {profile.version} saved in {store.path}")
        return 0
    if args.action == "list":
        summaries = store.profiles()
        if args.json:
            print(json.dumps([s.to_json() for s in summaries], ensure_ascii=False, indent=2))
            return 0
        if not summaries:
            print(f"no profile in {store.path} yet (add one with 'decision profile add')")
            return 0
        width = max(len(s.name) for s in summaries)
        for s in summaries:
            print(
                f"{printable(s.name):<{width}}  v{s.versions:<3} {printable(s.owner)} "
                f"({s.owner_kind})  {s.updated_at[:16].replace('T', ' ')}  "
                f"{printable(s.comment)}"
            )
        return 0
    profile = store.profile(args.name, args.version)
    if args.json:
        print(json.dumps(profile.to_json(), ensure_ascii=False, indent=2))
        return 0
    print("\n".join(printable(line) for line in _describe(profile).splitlines()))
    return 0


def _describe(profile: Profile) -> str:
    weights = profile.weights
    names = weights.names or tuple(f"#{i}" for i in range(1, len(weights.values) + 1))
    total = sum(weights.values)
    lines = [
        f"{profile.name} v{profile.version}: {profile.owner} ({profile.owner_kind}), "
        f"{profile.created_at[:19].replace('T', ' ')} UTC",
    ]
    if profile.comment:
        lines.append(f"  {profile.comment}")
    width = max(len(k) for k in names)
    for key, value in zip(names, weights.values, strict=True):
        # the command's words are English: numbers too, by the one formatter
        share = format_share(value / total, "en", 1)
        lines.append(f"  {key:<{width}}  {format_number(value, 'en')}  ({share})")
    return "\n".join(lines)
