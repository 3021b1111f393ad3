"""The delivery configuration: the ``[notify]`` part of a TOML file (``--config
propsvc.toml`` or ``PROPSVC_CONFIG``; other tables of the file belong to other parts of
propsvc) naming the targets, which offices and roles go to each, the mail server and the
retry schedule. docs/operations.md describes every key."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from propsvc.errors import InvalidInput
from propsvc.permissions import ROLES


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Schedule(Strict):
    """How often and how patiently to try (every duration in seconds)."""

    max_attempts: int = Field(5, ge=1, le=50)
    backoff_seconds: int = Field(60, ge=1)  # the first retry; each next one waits double
    max_backoff_seconds: int = Field(3600, ge=1)
    lease_seconds: int = Field(300, ge=5)  # an attempt cut off (crash) is retried after this
    max_age_hours: int = Field(24, ge=1)  # older notifications are not sent any more
    timeout_seconds: float = Field(10, gt=0)

    def wait_after(self, attempt: int) -> int:
        return int(min(self.max_backoff_seconds, self.backoff_seconds * 2 ** (attempt - 1)))


class Smtp(Strict):
    host: str
    port: int = Field(25, ge=1, le=65535)
    starttls: bool = False
    ssl: bool = False
    username: str | None = None
    password_env: str | None = None  # the password is read from this variable
    sender: str

    def password(self) -> str | None:
        if not self.password_env:
            return None
        value = os.environ.get(self.password_env)
        if value is None:
            raise InvalidInput(f"smtp.password_env: set the variable {self.password_env}")
        return value


class Target(Strict):
    name: str = Field(min_length=1, max_length=48)
    roles: list[str] = []  # empty: every role
    offices: list[str] = []  # empty: every office

    @field_validator("roles")
    @classmethod
    def _known_roles(cls, roles: list[str]) -> list[str]:
        for role in roles:
            if role not in ROLES:
                raise ValueError(f"unknown role {role!r}: use one of {', '.join(ROLES)}")
        return roles

    def takes(self, office: str) -> bool:
        return not self.offices or office in self.offices


class Webhook(Target):
    url: str = Field(pattern=r"^https?://")
    format: Literal["json", "wecom", "dingtalk"] = "json"
    secret_env: str | None = None  # DingTalk 加签: the bot's secret, from this variable
    keyword: str | None = None  # DingTalk 自定义关键词: put in front of every message


class Email(Target):
    to: list[str] = Field(min_length=1)


class Stream(Strict):
    """The live stream (server-sent events) of the desk server."""

    poll_seconds: float = Field(2, gt=0, le=60)  # how often the feed is looked at
    heartbeat_seconds: float = Field(15, gt=0, le=300)  # a comment line keeps proxies open


class DeliveryConfig(Strict):
    delivery: Schedule = Schedule()
    stream: Stream = Stream()
    smtp: Smtp | None = None
    webhook: list[Webhook] = []
    email: list[Email] = []

    @property
    def targets(self) -> list[Webhook | Email]:
        return [*self.webhook, *self.email]

    def check(self) -> DeliveryConfig:
        names = [t.name for t in self.targets]
        twice = sorted({n for n in names if names.count(n) > 1})
        if twice:
            raise InvalidInput(f"delivery config: target name {twice[0]!r} is used twice "
                               "(each target needs its own name: the delivery log keys on it)")
        if self.email and self.smtp is None:
            raise InvalidInput("delivery config: [[email]] targets need an [smtp] table")
        return self


def load_config(path: str | Path | None) -> DeliveryConfig:
    """Read and check the TOML file; any problem is one line of bad input."""
    chosen = path or os.environ.get("PROPSVC_CONFIG")
    if not chosen:
        raise InvalidInput("no delivery configuration: pass --config propsvc.toml or set "
                           "PROPSVC_CONFIG (docs/operations.md shows the file)")
    file = Path(chosen)
    try:
        data = tomllib.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"config {file}: no such file") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as err:
        raise InvalidInput(f"config {file}: {err}") from None
    return parse_config(data.get("notify", {}), f"config {file}")


def parse_config(section: dict[str, Any], source: str) -> DeliveryConfig:
    """The ``[notify]`` table (already read, e.g. by the server's settings) checked."""
    try:
        return DeliveryConfig.model_validate(section).check()
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(["notify", *(str(p) for p in first["loc"])])
        raise InvalidInput(f"{source}: {where}: {first['msg']}") from None
