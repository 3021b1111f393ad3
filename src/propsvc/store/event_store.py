"""Event store configuration: eventsourcing with propsvc's chained recorder, pydantic events.

The mapper stores each event under its pinned ``topic`` with its ``class_version`` and
upcasts older stored states on the way back (the library's own pydantic example skips
that step); with ``PROPSVC_CIPHER_KEY`` set the state is encrypted (``store.cipher``).
The same code runs on a SQLite file and on PostgreSQL, chosen by URL; the recorder
(``store.recorder``) chains every event it writes (``store.chain``).
"""

from __future__ import annotations

import json
import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from uuid import UUID

from eventsourcing.application import Application
from eventsourcing.persistence import Mapper, StoredEvent, Transcoder

from propsvc.errors import InvalidInput
from propsvc.i18n import _
from propsvc.store.cipher import KEY_VARIABLE, plain_state
from propsvc.store.limits import check_lengths

if TYPE_CHECKING:
    from propsvc.aggregates.base import Event


class JSONBytes(Transcoder):
    """Events arrive already reduced to JSON types (``model_dump(mode="json")``)."""

    def encode(self, obj: Any) -> bytes:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    def decode(self, data: bytes) -> Any:
        return json.loads(data)


class PydanticMapper(Mapper[UUID]):
    def to_stored_event(self, domain_event: Any) -> StoredEvent:
        event: Event = domain_event
        state = event.model_dump(mode="json", exclude={"originator_id", "originator_version"})
        check_lengths(state)
        if type(event).class_version > 1:
            state["class_version"] = type(event).class_version
        data = self.transcoder.encode(state)
        if self.cipher is not None:
            data = self.cipher.encrypt(data)
        return StoredEvent(
            originator_id=event.originator_id,
            originator_version=event.originator_version,
            topic=type(event).topic,
            state=data,
        )

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        return decode_event(
            stored_event.topic, stored_event.state, stored_event.originator_id,
            stored_event.originator_version,
        )


def decode_event(topic: str, state: bytes, originator_id: Any, version: int) -> Event:
    """A stored event back into its class (``originator_id``: a UUID, or its 16 bytes).

    Fast path: a state already at the class's version is validated straight from its
    JSON bytes, with the two envelope fields spliced in front — one pass in pydantic-core,
    no Python dict. Anything else (an older ``class_version`` to upcast, or a state that
    does not look exactly like what ``PydanticMapper`` writes) takes the general path.
    Both give equal events.
    """
    from propsvc.aggregates.topics import event_class  # its family: once its events are read

    cls = event_class(topic)
    if cls is None:
        raise LookupError(f"no event class registered for stored topic {topic!r}")
    if type(state) is not bytes:
        state = bytes(state)
    if state[:1] == b"\x00":  # encrypted at rest (store.cipher)
        state = plain_state(state)
    body = _current_body(cls, state)
    if body is not None:
        hex_id = originator_id.hex() if type(originator_id) is bytes else str(originator_id)
        head = b'{"originator_id":"%s","originator_version":%d,' % (hex_id.encode(), version)
        return cls.model_validate_json(head + body)
    if type(originator_id) is bytes:
        originator_id = UUID(bytes=originator_id)
    data = cls.upcast(json.loads(state))
    data["originator_id"] = originator_id
    data["originator_version"] = version
    return cls.model_validate(data)


_VERSION_TAILS: dict[int, bytes] = {}


def _current_body(cls: type[Event], state: bytes) -> bytes | None:
    """The state's JSON after its ``{`` (the class-version tail cut off), when it needs no
    upcasting and holds no envelope field; else None."""
    if len(state) < 3 or state[0] != 0x7B or b'"originator_' in state:  # 0x7B: "{"
        return None
    version = cls.class_version
    if version == 1:
        return None if b'"class_version"' in state else state[1:]
    tail = _VERSION_TAILS.get(version)
    if tail is None:
        tail = _VERSION_TAILS[version] = b',"class_version":%d}' % version
    if not state.endswith(tail) or state.count(b'"class_version"') != 1:
        return None
    return state[1:-len(tail)] + b"}"


class EventStore(Application[UUID]):
    """The propsvc event store: table ``propsvc_events`` in the configured database.

    ``save`` admits events of registered offices only (``store.offices``); the first
    write into a store registers its office in the same transaction."""

    name = "propsvc"

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """Save as the library does, after ``admit`` (a conflict on a registry created
        by two first writes at once is an IntegrityError: the desks retry as usual)."""
        from propsvc.store.offices import admit

        given = [o for o in objs if o is not None]
        registry = admit(self, given)
        return super().save(*given, *([registry] if registry else []), **kwargs)


def normalise_url(db: str) -> str:
    """``--db`` takes a SQLAlchemy-style URL or a plain file path (a SQLite file)."""
    if db.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + db.split("://", 1)[1]
    if db.startswith("postgresql+"):
        return db
    if db.startswith("sqlite:"):
        path = db.split(":///", 1)[1].split("?", 1)[0] if ":///" in db else ""
        if not path or ":memory:" in path or "mode=memory" in db:
            raise InvalidInput(_("--db {db!r} names no file: give a file path (e.g. --db "
                                 "propsvc.db) or a postgresql:// URL", db=db))
        url = db
    elif "://" in db:
        raise InvalidInput(_("unsupported database URL {db!r}: use a file path or postgresql://",
                             db=db))
    else:
        url = "sqlite:///" + str(_sqlite_file(db))
    if url.startswith("sqlite") and "timeout=" not in url:
        url += ("&" if "?" in url else "?") + "timeout=30"
    return url


def _sqlite_file(db: str) -> Path:
    try:
        path = Path(db).expanduser().resolve()
    except (OSError, RuntimeError, ValueError) as err:
        raise InvalidInput(_("--db {db!r} is not a usable file name ({err})",
                             db=db, err=err)) from None
    if len(path.name.encode("utf-8", "surrogateescape")) > 255:
        raise InvalidInput(_("--db: the file name is longer than 255 bytes: choose a shorter one"))
    if path.is_dir():
        raise InvalidInput(_("--db {path} is a folder: name the database file in it (e.g. "
                             "propsvc.db)", path=path))
    return path


def store_env(url: str) -> dict[str, str]:
    env = {
        "PERSISTENCE_MODULE": "propsvc.store.factory:ChainedFactory",
        "URL": url,
        "MAPPER_TOPIC": "propsvc.store.event_store:PydanticMapper",
        "TRANSCODER_TOPIC": "propsvc.store.event_store:JSONBytes",
        # Only propsvc's own variable switches encryption on (the library would also
        # take a bare CIPHER_KEY from the environment).
        "CIPHER_TOPIC": "", "CIPHER_KEY": "", "COMPRESSOR_TOPIC": "",
    }
    key = os.environ.get(KEY_VARIABLE, "").strip()
    if key:
        env["CIPHER_TOPIC"] = "propsvc.store.cipher:MarkedCipher"
        env["CIPHER_KEY"] = key
    return env


def load_domain() -> None:
    """Import every aggregate module, so that ``EVENT_TYPES`` knows every stored topic
    (a rebuild, the tools). A command needs less: decoding an event imports the module of
    its topic only (``aggregates.topics.event_class``)."""
    from propsvc.aggregates.topics import load_all

    load_all()


def open_store(url: str) -> EventStore:
    # Several desks may be first to open a new file: the set-up transaction serialises
    # them, but a new file's switch to WAL may still be refused once ("locked").
    return retry_setup(lambda: EventStore(env=store_env(url)), (*LOCKED, "already exists"))


T = TypeVar("T")
LOCKED = ("database is locked",)
SETUP_RETRIES = 40


def retry_setup(step: Callable[[], T], transient: tuple[str, ...] = LOCKED,
                retries: int = SETUP_RETRIES,
                pause: Callable[[float], None] = time.sleep) -> T:
    """Run a set-up step again (jittered, growing pauses up to ~1 s) while it fails with
    one of the ``transient`` messages of a race with another process; any other error,
    or the last one, goes straight up."""
    for attempt in range(retries):
        try:
            return step()
        except Exception as err:
            if attempt == retries - 1 or not any(m in str(err) for m in transient):
                raise
            pause(random.uniform(0, min(1.0, 0.005 * 2**attempt)))
    raise AssertionError("unreachable")  # pragma: no cover
