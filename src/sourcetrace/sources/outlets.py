"""The outlet list: built-in major outlets, extended by the user's YAML file."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from sourcetrace.errors import UsageError


@dataclass(frozen=True)
class Outlet:
    """One news outlet: its name, aliases and registered domains."""

    name: str
    aliases: tuple[str, ...] = ()
    short_aliases: tuple[str, ...] = ()  # ambiguous ("the Post"): only where the full name is in the text
    domains: tuple[str, ...] = ()


def _key(text: str) -> str:
    text = re.sub(r"^(?:the)\s+", "", text.strip(), flags=re.I)
    return re.sub(r"[^0-9a-z.]+", " ", text.lower()).strip()


def _parse(data: object, origin: str) -> list[Outlet]:
    if not isinstance(data, list):
        raise UsageError(f"{origin}: outlets file must hold a list of outlets")
    out: list[Outlet] = []
    for i, item in enumerate(data, 1):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise UsageError(f"{origin}: entry {i} needs a 'name'")
        unknown = set(item) - {"name", "aliases", "short_aliases", "domains"}
        if unknown:
            raise UsageError(f"{origin}: entry {i} has unknown keys {sorted(unknown)}")
        out.append(
            Outlet(
                name=item["name"],
                aliases=tuple(str(a) for a in item.get("aliases") or ()),
                short_aliases=tuple(str(a) for a in item.get("short_aliases") or ()),
                domains=tuple(str(d).lower() for d in item.get("domains") or ()),
            )
        )
    return out


@lru_cache(maxsize=1)
def builtin_outlets() -> tuple[Outlet, ...]:
    """The outlets shipped with sourcetrace."""
    text = resources.files("sourcetrace.sources").joinpath("data/outlets.yaml").read_text("utf-8")
    return tuple(_parse(yaml.safe_load(text), "outlets.yaml"))


@dataclass
class OutletIndex:
    """Looks outlets up by name, alias or domain."""

    outlets: list[Outlet]
    by_key: dict[str, Outlet] = field(default_factory=dict)
    by_short: dict[str, Outlet] = field(default_factory=dict)
    by_domain: dict[str, Outlet] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Later outlets (the user's) win over built-in ones with the same key.
        for o in self.outlets:
            for name in (o.name, *o.aliases):
                self.by_key[_key(name)] = o
            for name in o.short_aliases:
                self.by_short[_key(name)] = o
            for d in o.domains:
                self.by_domain[d] = o
                self.by_domain[_key(d)] = o

    def lookup(self, name: str, context: str | None = None) -> Outlet | None:
        """The outlet ``name`` means; a short alias counts only when ``context`` names it in full."""
        k = _key(name)
        if not k:
            return None
        hit = self.by_key.get(k) or self.by_domain.get(name.strip().lower().removeprefix("www."))
        if hit is not None:
            return hit
        short = self.by_short.get(k)
        if short is not None and context is not None:
            low = context.lower()
            if any(n.lower() in low for n in (short.name, *short.aliases) if len(n) > 3):
                return short
        return None

    def outlet_name(self, value: str) -> str:
        """Display name for ``Article.outlet`` (a name or a domain); unknown values stay as given."""
        hit = self.lookup(value)
        return hit.name if hit else value.strip()


@lru_cache(maxsize=8)
def load_outlets(path: Path | None = None) -> OutletIndex:
    """The built-in outlets, with the user's file (same format) merged over them (cached per path)."""
    outlets = list(builtin_outlets())
    if path is not None:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as exc:
            raise UsageError(f"{path}: cannot read outlets file ({exc})") from exc
        outlets.extend(_parse(data, str(path)))
    return OutletIndex(outlets)
