"""Local receivers for delivery tests: an HTTP server taking JSON POSTs (and failing the
first N of them on request) and a tiny SMTP server, each a thread on a free port."""

from __future__ import annotations

import json
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Inbox:
    """What a receiver got; ``fail_next`` answers that many requests with ``fail_status``;
    ``answer`` is the body of a good answer."""

    received: list[Any] = field(default_factory=list)
    fail_next: int = 0
    fail_status: int = 503
    answer: bytes = b'{"ok": true}'
    refused: int = 0
    paths: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""


def _hook_handler(inbox: Inbox) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length)
            with inbox.lock:
                failing = inbox.fail_next > 0
                if failing:
                    inbox.fail_next -= 1
                    inbox.refused += 1
                else:
                    inbox.received.append(json.loads(raw))
                    inbox.paths.append(self.path)
            status, body = (inbox.fail_status, b"busy") if failing else (200, inbox.answer)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler


@contextmanager
def webhook_receiver() -> Iterator[Inbox]:
    inbox = Inbox()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _hook_handler(inbox))
    inbox.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield inbox
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _SmtpHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for smtplib: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT."""

    inbox: Inbox

    def reply(self, line: str) -> None:
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self) -> None:
        self.reply("220 localhost test SMTP")
        recipients: list[str] = []
        while True:
            raw = self.rfile.readline()
            if not raw:
                return
            verb = raw.decode("utf-8", "replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-localhost")
                self.reply("250 8BITMIME")
            elif verb in ("HELO", "MAIL", "RSET", "NOOP"):
                recipients = [] if verb in ("MAIL", "RSET") else recipients
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(raw.decode().split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 end with .")
                self._data(recipients)
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("502 not implemented")

    def _data(self, recipients: list[str]) -> None:
        lines: list[bytes] = []
        while True:
            line = self.rfile.readline()
            if line in (b".\r\n", b".\n", b""):
                break
            lines.append(line[1:] if line.startswith(b"..") else line)
        with self.inbox.lock:
            failing = self.inbox.fail_next > 0
            if failing:
                self.inbox.fail_next -= 1
                self.inbox.refused += 1
            else:
                message: Message = message_from_bytes(b"".join(lines))
                self.inbox.received.append((recipients, message))
        self.reply("451 try again later" if failing else "250 queued")


@contextmanager
def smtp_receiver() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    handler = type("Handler", (_SmtpHandler,), {"inbox": inbox})
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield inbox, int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
