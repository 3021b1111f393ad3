"""Stored events back into their classes, for catch-up: ``decode_event`` with its
per-event lookups done once per topic.

The store's ``decode_event`` looks the class up, checks the state's shape and calls
``model_validate_json`` on every event; a rebuild decodes hundreds of thousands, so here
each topic gets a decoder closed over its class's validator and version tail. The shape
checks are the same, and anything not in the exact shape ``PydanticMapper`` writes goes
to ``decode_event`` itself (a test decodes a whole workload both ways and compares).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from propsvc.aggregates.base import Event
from propsvc.aggregates.topics import event_class
from propsvc.store.event_store import decode_event

Decoder = Callable[[Any, Any, int], Event]


def decoder_for(topic: str) -> Decoder:
    cls = event_class(topic)  # imports its family's module on first sight
    if cls is None:
        return lambda state, oid, version: decode_event(topic, state, oid, version)
    cls.model_rebuild()  # defer_build: make the validator now, not on first validation
    validate = cls.__pydantic_validator__.validate_json
    version_tail = (b',"class_version":%d}' % cls.class_version
                    if cls.class_version > 1 else None)
    cut = len(version_tail) if version_tail else 0

    def decode(state: Any, oid: Any, version: int) -> Event:
        if type(state) is not bytes:
            state = bytes(state)
        if len(state) < 3 or state[0] != 0x7B or b'"originator_' in state:
            return decode_event(topic, state, oid, version)
        if version_tail is None:
            if b'"class_version"' in state:
                return decode_event(topic, state, oid, version)
            body = state[1:]
        else:
            if not state.endswith(version_tail) or state.count(b'"class_version"') != 1:
                return decode_event(topic, state, oid, version)
            body = state[1:-cut] + b"}"
        hex_id = oid.hex() if type(oid) is bytes else str(oid)
        event: Event = validate(b'{"originator_id":"%s","originator_version":%d,%s' % (
            hex_id.encode(), version, body))
        return event

    return decode


class Decoders:
    """One decoder per topic, made on first use."""

    def __init__(self) -> None:
        self._by_topic: dict[str, Decoder] = {}

    def __call__(self, topic: str, state: Any, oid: Any, version: int) -> Event:
        decode = self._by_topic.get(topic)
        if decode is None:
            decode = self._by_topic[topic] = decoder_for(topic)
        return decode(state, oid, version)
