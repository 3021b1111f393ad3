"""The message catalogue of the handover family's human output: zh-CN by default,
English with ``--lang en`` or ``PROPSVC_LANG=en``. Exported files keep the paper forms'
Chinese headers whatever the language (they are filed with the office's records).
Coded words (triage, kind, why, action, …) come from ``propsvc.vocabulary``."""

from __future__ import annotations

import gettext
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from propsvc.vocabulary import GROUPS

LANGS = ("zh-CN", "en")
LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "propsvc"
# The language of the current command or request: a context variable, so a server can
# serve users with different languages at once (each request runs in its own context).
_LANG: ContextVar[str] = ContextVar("propsvc_lang", default="zh-CN")


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    code = "zh_CN" if lang == "zh-CN" else lang
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)


def _(msgid: str, **values: object) -> str:
    """``msgid`` (English, in the code) in the current language, formatted with
    ``values`` (``_("R9: {who} cannot sign", who=name)``); the msgid itself when the
    catalogue has no translation."""
    text = _translations(_LANG.get()).gettext(msgid)
    return text.format(**values) if values else text


def N_(msgid: str) -> str:
    """Mark a string for the catalogue without translating it yet (choice labels, tables
    built at import time): translate it with ``_()`` where it is shown."""
    return msgid

CATALOGUE: dict[str, tuple[str, str]] = {
    # column headers
    "col.number": ("编号", "Number"), "col.kind": ("类别", "Kind"),
    "col.summary": ("事项", "Matter"), "col.raised_at": ("登记时间", "Raised"),
    "col.triage": ("分类", "Triage"), "col.reason": ("原因", "Reason"),
    "col.done": ("完成", "Done"), "col.why": ("转入原因", "Why"),
    "col.months_carried": ("已转月数", "Months carried"),
    "col.department": ("责任部门", "Department"), "col.at": ("时间", "Time"),
    "col.action": ("动作", "Action"), "col.detail": ("内容", "Detail"),
    "col.actor": ("记录人", "By"), "col.category": ("类别", "Category"),
    "col.opened": ("新增", "Opened"), "col.completed": ("完成", "Completed"),
    "col.overdue": ("超时", "Overdue"), "col.ok": ("OK", "OK"),
    "col.carried_over": ("转入遗留", "Carried over"),
    # labels
    "log.title": ("交接班记录本", "Handover log"),
    "log.carried_in": ("上班移交事项", "Carried in"),
    "log.raised": ("本班新增事项", "Raised this shift"),
    "log.entries": ("本班记录", "Written this shift"),
    "log.taken": ("接班 {who} {at}", "taken over by {who} at {at}"),
    "log.not_taken": ("尚未接班", "not taken over yet"),
    "log.handed": ("交班 {who} {at}", "handed over by {who} at {at}"),
    "log.not_handed": ("尚未交班", "not handed over yet"),
    "log.keys": ("借出钥匙", "Keys out"), "log.renos": ("在施装修", "Renovations in progress"),
    "log.passed_on": ("移交下班", "Passed on"), "log.overdue": ("逾期", "overdue"),
    "log.major": ("重大", "major"), "log.done_not_ok": ("已完成 待OK", "done, awaiting OK"),
    "log.voided": ("作废/已合并", "voided or merged"),
    "log.instructed": ("经理指示: {who}", "instructed by {who}"),
    "file.title": ("遗留问题档案", "Carry-over file"),
    "file.archived": ("已归档 {at} {who}", "archived {at} by {who}"),
    "file.open": ("未归档", "open (not yet archived)"),
    "file.count": ("共 {n} 项, 未解决 {open} 项", "{n} items, {open} still open"),
    "patrol.title": ("巡视跟进登记表", "Patrol follow-up register"),
    "patrol.count": ("共 {n} 项发现, 未完成 {open} 项", "{n} findings, {open} still open"),
    "daily.title": ("物业日报表", "Daily property report"),
    "daily.total": ("合计", "Total"), "daily.major": ("重大事项", "Major entries"),
    "daily.count": ("共 {n} 类", "categories: {n}"),
    "daily.major_count": ("共 {n} 条", "entries: {n}"),
}


def set_lang(lang: str) -> None:
    _LANG.set("en" if lang.lower().startswith("en") else "zh-CN")


def lang() -> str:
    return _LANG.get()


def t(key: str, **values: object) -> str:
    """The text of ``key`` in the current language (the key itself when unknown)."""
    pair = CATALOGUE.get(key)
    text = key if pair is None else pair[lang() == "en"]
    return text.format(**values) if values else text


def zh(key: str, **values: object) -> str:
    """The zh-CN text of ``key`` whatever the language (the paper forms' exports)."""
    text = CATALOGUE[key][0]
    return text.format(**values) if values else text


def word(group: str, value: str | None) -> str:
    """A coded value (``triage``/``kind``/``why``/``action``) in words; unknown: as is."""
    if value is None:
        return "—"
    return GROUPS[group].label(value, lang())


def ok_detail(note: str | None, instructed_by: str | None, text: object = t) -> str:
    """What an OK entry says: the note and the manager's instruction (S3); ``text`` is
    ``t`` (the current language) or ``zh`` (the paper forms)."""
    say = text if callable(text) else t
    parts = [note, instructed_by and say("log.instructed", who=instructed_by)]
    return " · ".join(p for p in parts if p)
