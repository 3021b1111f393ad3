"""Send one mail through the configured SMTP server (stdlib ``smtplib``)."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from propsvc.delivery.config import Smtp
from propsvc.delivery.webhook import MAX_DETAIL, DeliveryFailed


def send(server: Smtp, message: EmailMessage, timeout: float) -> str:
    """Hand the mail to the server; return its answer or raise ``DeliveryFailed``."""
    try:
        client: smtplib.SMTP
        if server.ssl:
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=timeout,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=timeout)
        with client:
            if server.starttls and not server.ssl:
                client.starttls(context=ssl.create_default_context())
            if server.username:
                client.login(server.username, server.password() or "")
            refused = client.send_message(message)
    except (smtplib.SMTPException, OSError) as err:
        raise DeliveryFailed(f"{type(err).__name__}: {err}"[:MAX_DETAIL]) from None
    if refused:  # some took it: sending again would repeat it to them
        return f"accepted, but refused for {', '.join(sorted(refused))}"[:MAX_DETAIL]
    return f"accepted for {message['To']}"[:MAX_DETAIL]
