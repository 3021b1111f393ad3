"""POST one JSON body to a webhook (stdlib ``urllib``). A WeCom or DingTalk bot answers
HTTP 200 with ``errcode`` ≠ 0 when it refuses a message: that is a failure too."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from typing import Any

from propsvc.delivery.config import Webhook

MAX_DETAIL = 300


class DeliveryFailed(Exception):
    """One attempt did not go through; the message says why (kept in the log)."""


def signed_url(hook: Webhook, now: datetime) -> str:
    """DingTalk 加签: ``timestamp`` (ms) and ``sign`` = base64(HMAC-SHA256 of
    "timestamp\\nsecret" keyed by the secret) appended to the URL."""
    if not hook.secret_env:
        return hook.url
    secret = os.environ.get(hook.secret_env)
    if secret is None:
        raise DeliveryFailed(f"webhook {hook.name}: set the variable {hook.secret_env}")
    stamp = str(int(now.timestamp() * 1000))
    digest = hmac.new(secret.encode(), f"{stamp}\n{secret}".encode(), hashlib.sha256)
    sign = urllib.parse.quote_plus(base64.b64encode(digest.digest()).decode())
    joiner = "&" if "?" in hook.url else "?"
    return f"{hook.url}{joiner}timestamp={stamp}&sign={sign}"


def post(hook: Webhook, payload: dict[str, Any], now: datetime, timeout: float) -> str:
    """Send; return the receiver's answer (shortened) or raise ``DeliveryFailed``."""
    data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(
        signed_url(hook, now), data=data, method="POST",
        headers={"Content-Type": "application/json; charset=utf-8",
                 "User-Agent": "propsvc-notify/1"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            status, text = answer.status, answer.read(4096).decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        raise DeliveryFailed(f"HTTP {err.code} {err.reason}") from None
    except (urllib.error.URLError, OSError, TimeoutError) as err:
        reason = getattr(err, "reason", err)
        raise DeliveryFailed(f"{type(err).__name__}: {reason}"[:MAX_DETAIL]) from None
    if hook.format in ("wecom", "dingtalk"):
        refused = _bot_refusal(text)
        if refused:
            raise DeliveryFailed(refused)
    return f"HTTP {status} {text}"[:MAX_DETAIL].strip()


def _bot_refusal(text: str) -> str | None:
    try:
        answer = json.loads(text)
    except ValueError:
        return f"the bot answered no JSON: {text[:80]!r}"
    code = answer.get("errcode", 0) if isinstance(answer, dict) else 0
    if code:
        return f"the bot refused: errcode {code} {answer.get('errmsg', '')}".strip()
    return None
