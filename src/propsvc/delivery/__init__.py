"""Sending notifications out (issue 15): webhooks (a WeCom or DingTalk group bot, or any
JSON receiver) and SMTP mail, configured in TOML, retried with backoff, every attempt
kept in a delivery log so a restart never sends a delivered notification again."""
