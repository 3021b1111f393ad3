"""Telling people apart for the two-person rules (N9, R9, R14, V3, S3, K3): the same name
up to case and surrounding or doubled spaces is the same person."""

from __future__ import annotations


def same_person(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()
