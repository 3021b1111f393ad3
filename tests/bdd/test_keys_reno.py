"""Binds the key and renovation SOP features (K1–K6, N1–N10)."""

from pytest_bdd import scenarios

scenarios("钥匙管理.feature", "装修管理.feature")
