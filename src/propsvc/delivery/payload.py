"""What a notification looks like on the wire: propsvc's own JSON, a WeCom or DingTalk
group-bot text message, or a mail. docs/operations.md shows each shape."""

from __future__ import annotations

from email.message import EmailMessage
from typing import Any

from propsvc.i18n import _

SCHEMA = "propsvc.notification/1"
HEADLINES = {
    "missed": "{rule} missed: {subject} {number}",
    "chased": "{rule} chase (level {level}) to {target}: {subject} {number}",
    "escalated": "{rule} escalated to {target}: {subject} {number}",
    "reported": "{rule} reported to {target}: {subject} {number}",
}


def headline(n: dict[str, Any]) -> str:
    """One line saying what happened (in the current language)."""
    return _(HEADLINES[n["kind"]], rule=n["rule"], subject=n["subject"], number=n["number"],
             level=n.get("level") or 1, target=n.get("target") or "")


def text(n: dict[str, Any]) -> str:
    """The headline and the detail, as a chat message or a mail body."""
    lines = [f"[propsvc {n['office']}] {headline(n)}"]
    if n.get("label"):
        lines.append(_("Deadline: {label}", label=n["label"]))
    if n.get("note"):
        lines.append(n["note"])
    lines.append(_("Recorded at {when} for {roles}", when=n["created_at"],
                   roles=", ".join(n.get("roles", []))))
    return "\n".join(lines)


def body(n: dict[str, Any], format: str, keyword: str | None = None) -> dict[str, Any]:
    """The JSON body POSTed to a webhook of ``format`` (json, wecom, dingtalk)."""
    if format == "json":
        return {"schema": SCHEMA, "text": text(n), "notification": n}
    content = f"{keyword} {text(n)}" if keyword else text(n)
    # WeCom (企业微信群机器人) and DingTalk (钉钉自定义机器人) take the same text message
    return {"msgtype": "text", "text": {"content": content}}


def mail(n: dict[str, Any], sender: str, to: list[str]) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"[propsvc {n['office']}] {headline(n)}"
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["X-Propsvc-Notification"] = n["id"]
    message.set_content(text(n))
    return message
