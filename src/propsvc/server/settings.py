"""What a server process is started with: the store, the default office, the clock, the
SOP profile, and the server's own config file (TOML).

The config file (``--config`` / ``PROPSVC_SERVER_CONFIG``) holds what the command line
does not::

    [server]
    secret = "…"            # signs session cookies; every process of one store shares it
    session_hours = 12
    secure_cookies = true    # behind TLS (the reverse proxy); the cookie is then Secure
    tick_seconds = 60
    login_per_minute = 10    # login attempts per client address per minute

Other sections (``[notify]``, ``[web]``) belong to the parts that read them
(``Settings.section(name)``).
"""

from __future__ import annotations

import os
import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from propsvc.clock import Clock, SystemClock
from propsvc.errors import InvalidInput
from propsvc.profile import Profile, load_profile

SERVER_KEYS = {"secret", "session_hours", "secure_cookies", "tick_seconds",
               "login_per_minute"}


@dataclass
class Settings:
    db: str = "propsvc.db"
    office: str = "main"  # the default office of a login that names none
    clock: Clock = field(default_factory=SystemClock)
    profile_path: str | None = None
    config_path: str | None = None
    tick: bool = True
    secret: str = ""
    session_hours: float = 12.0
    secure_cookies: bool = False
    tick_seconds: float = 60.0
    login_per_minute: int = 10
    config: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.config_path:
            self.config = read_config(self.config_path)
            for key, value in self.config.get("server", {}).items():
                if key not in SERVER_KEYS:
                    raise InvalidInput(f"{self.config_path}: unknown [server] key {key!r} "
                                       f"(known: {', '.join(sorted(SERVER_KEYS))})")
                setattr(self, key, value)
        if not self.secret:
            self.secret = os.environ.get("PROPSVC_SECRET", "")
        if not self.secret:  # one process: sessions last as long as it does
            self.secret = secrets.token_urlsafe(32)

    def profile(self, office: str) -> Profile:
        return load_profile(self.profile_path, office)

    def section(self, name: str) -> dict[str, Any]:
        """A table of the config file for another part of the server (notify, web)."""
        found: dict[str, Any] = self.config.get(name, {})
        return found


def read_config(path: str) -> dict[str, Any]:
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"server config {path!r} not found: check --config") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise InvalidInput(f"server config {path!r} is not valid UTF-8 TOML: {err}") from None
