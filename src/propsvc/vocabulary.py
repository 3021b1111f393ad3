"""Every coded choice of propsvc — the code stored in events and typed on the command line,
with its English label — in one place; the zh-CN labels are in the message catalogue
(``src/propsvc/locale``), each under the context of the list that defines it.

Commands build their ``click.Choice`` from these lists, use cases validate against them,
the domain takes its tuples from them, and views and exports print their labels. Codes
never change (they are in stored events); labels may. The zh-CN label is what the paper
forms print (``label()``); ``say()`` prints a label in the current language.
``make messages`` extracts every label (``propsvc.locale.extract``).

A list keeps its order: choices are listed in that order in help and error lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from propsvc.i18n import lang as current_lang
from propsvc.i18n import pgettext_in


@dataclass(frozen=True)
class Term:
    """A code, its English label (the catalogue's msgid) and the list that defined it
    (the catalogue's msgctxt)."""

    code: str
    en: str
    context: str

    @property
    def zh(self) -> str:
        return pgettext_in("zh-CN", self.context, self.en)

    def label(self, lang: str) -> str:
        return pgettext_in(lang, self.context, self.en)


class Choices:
    """One choice list: its codes in order, each with an English label (zh-CN in the
    catalogue). A list may take terms of another list (they keep their translation)."""

    def __init__(self, name: str, *terms: tuple[str, str] | Term) -> None:
        self.name = name
        if any(not isinstance(t, Term) and len(t) != 2 for t in terms):
            raise ValueError(f"vocabulary {name}: a term is (code, English label); its zh-CN "
                             "label goes in the catalogue (src/propsvc/locale/README.md)")
        self.terms = tuple(t if isinstance(t, Term) else Term(t[0], t[1], name) for t in terms)
        self.codes = tuple(t.code for t in self.terms)
        self._by_code = {t.code: t for t in self.terms}
        if len(self._by_code) != len(self.terms):
            raise ValueError(f"vocabulary {name}: a code is listed twice")
        GROUPS[name] = self

    def __iter__(self) -> Iterator[str]:
        return iter(self.codes)

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def label(self, code: str, lang: str = "zh-CN") -> str:
        """The label of ``code`` in ``lang`` (zh-CN: the paper forms' word); an unknown
        code is shown as it is."""
        term = self._by_code.get(code)
        return code if term is None else term.label(lang)

    def say(self, code: str | None) -> str:
        """The label of ``code`` in the current language (``—`` for none)."""
        return "—" if code is None else self.label(code, current_lang())

    def zh(self) -> dict[str, str]:
        return {t.code: t.zh for t in self.terms}

    def en(self) -> dict[str, str]:
        return {t.code: t.en for t in self.terms}

    def words(self) -> dict[str, str]:
        """Every code's label in the current language."""
        return {t.code: t.label(current_lang()) for t in self.terms}


GROUPS: dict[str, Choices] = {}


def group(name: str) -> Choices:
    return GROUPS[name]


# -- tickets (R1, C1, H1, H4) ----------------------------------------------------------------
TICKET_KINDS = Choices(
    "ticket_kind",
    ("repair", "repair"), ("complaint", "complaint"),
    ("help", "help request"), ("inquiry", "inquiry"))
REPAIR_CHANNELS = Choices(
    "repair_channel",
    ("phone", "phone"), ("visit", "walk-in"),
    ("staff", "found by staff"), ("patrol", "found on patrol"))
REPORTER_POSTS = Choices(  # R14: the post of staff who found a fault
    "reporter_post",
    ("security-guard", "security guard"),
    ("security-lead", "security team lead"),
    ("security-supervisor", "security supervisor"),
    ("cleaner", "cleaner"),
    ("cleaning-supervisor", "cleaning supervisor"),
    ("engineering", "engineering staff"),
    ("office", "office staff"))
SELF_FILING_POSTS = ("security-lead", "security-supervisor", "cleaning-supervisor",
                     "engineering", "office")  # R14: may fill a work order themselves
REQUEST_CHANNELS = Choices(
    "request_channel",
    ("in-person", "in person"), ("phone", "phone"), ("letter", "letter"),
    ("email", "email"), ("staff", "through staff"))
CHANNELS = Choices(  # every channel, as ``ticket open --channel`` lists them
    "channel",
    *REPAIR_CHANNELS.terms,
    *(t for t in REQUEST_CHANNELS.terms if t.code not in REPAIR_CHANNELS))
TICKET_STATUSES = Choices(
    "ticket_status",
    ("received", "received"), ("ordered", "work order issued"),
    ("on_site", "on site"), ("assessing", "being assessed"),
    ("working", "in progress"), ("deferred", "deferred"),
    ("completed", "completed"), ("closed", "closed after the visit"),
    ("classified", "classified"), ("dispatched", "slip issued"),
    ("replied", "handler replied"), ("agreed", "remedy agreed"),
    ("routed", "routed"), ("answered", "answered"),
    ("voided", "voided"), ("merged", "merged as a repeat call"))

# What a status is called depends on the kind of ticket: a complaint is 已受理, 已派工,
# 已处理, 已回访 (not 已完工); a help request or an inquiry is 已处理, never 已完工.
COMPLAINT_STATUSES = Choices(
    "complaint_status",
    ("received", "received"), ("classified", "classified"), ("dispatched", "dispatched"),
    ("replied", "handler replied"), ("agreed", "remedy agreed"), ("completed", "handled"),
    ("closed", "visited and closed"), ("voided", "voided"), ("merged", "merged as a repeat call"))
HELP_STATUSES = Choices(
    "help_status",
    ("received", "received"), ("routed", "routed"),
    ("dispatched", "escorted to hospital"), ("completed", "dealt with"),
    ("closed", "visited and closed"), ("voided", "voided"), ("merged", "merged as a repeat call"))
INQUIRY_STATUSES = Choices(
    "inquiry_status",
    ("received", "received"), ("answered", "answered"), ("routed", "passed on"),
    ("completed", "dealt with"), ("closed", "closed"), ("voided", "voided"),
    ("merged", "merged as a repeat call"))
STATUSES_BY_KIND: dict[str, Choices] = {
    "repair": TICKET_STATUSES, "complaint": COMPLAINT_STATUSES, "help": HELP_STATUSES,
    "inquiry": INQUIRY_STATUSES}


def status_label(kind: str | None, status: str, lang: str = "zh-CN") -> str:
    """A ticket's status in words for its kind (``lang`` zh-CN: the paper forms')."""
    choices = STATUSES_BY_KIND.get(kind or "repair", TICKET_STATUSES)
    if status not in choices:
        choices = TICKET_STATUSES
    return choices.label(status, lang)


def say_status(kind: str | None, status: str) -> str:
    """A ticket's status in words for its kind, in the current language."""
    return status_label(kind, status, current_lang())


STATUS_FILTERS = Choices(  # what ``ticket find --status`` takes: open or closed, or a status
    "status_filter",
    ("open", "still open"), ("closed", "closed (done, answered or routed)"),
    *(t for t in TICKET_STATUSES.terms if t.code != "closed"))

# -- repairs and visits (R7, V3) -------------------------------------------------------------
ESCALATION_TARGETS = Choices(
    "escalation_target",
    ("manager", "the office manager"),
    ("adviser", "the engineering adviser"),
    ("contractor", "the warranty contractor"), ("insurer", "the insurer"),
    ("developer", "the developer"))
WARRANTY_PARTIES = Choices(  # R7/C7: who repairs a class-2 defect under warranty
    "warranty_party",
    ("contractor", "the warranty contractor"), ("developer", "the developer"))
VISIT_METHODS = Choices(
    "visit_method",
    ("phone", "by phone"), ("in-person", "in person"),
    ("on-site", "on site"))
VISIT_RESULTS = Choices(
    "visit_result", ("satisfied", "satisfied"), ("unsatisfied", "unsatisfied"))
VISIT_RATINGS = Choices(  # V3: the quality and the effect of the service, as the resident says
    "visit_rating", ("good", "good"), ("fair", "fair"), ("poor", "poor"))
VISIT_CLASSES = Choices(
    "visit_class", ("repair", "repair"), ("complaint", "complaint"),
    ("help", "help"))

# -- complaints (C2, C6) ---------------------------------------------------------------------
COMPLAINT_CLASSES = Choices(
    "complaint_class",
    ("1", "our management or service fell short"),
    ("2", "building-quality defect"),
    ("3", "outside the estate's boundary"))
FOLLOW_UPS = Choices(  # C7: what follows a resolved complaint, by its class
    "follow_up",
    ("case-study", "case study for training"),
    ("defect-repair", "defect-liability repair"),
    ("explanation", "explained to the owner"))
LODGED_WITH = Choices(
    "lodged_with",
    ("company", "the company"), ("group", "the group"),
    ("government", "a government office"))

# -- help requests (H1, H3, H5) --------------------------------------------------------------
HELP_KINDS = Choices(
    "help_kind",
    ("medical", "medical emergency"), ("security", "security"),
    ("disaster", "disaster"), ("other", "other"))
MEDICAL_ACTIONS = Choices(
    "medical_action",
    ("hospital", "escort to hospital"), ("call-120", "call 120"),
    ("nursing", "nursing on the spot"))
HELP_ROUTES = Choices(
    "help_route",
    ("repair", "to a repair"), ("complaint", "to a complaint"),
    ("incident", "to a special incident"),
    ("paid", "to a paid service"))

# -- special incidents (I1, I2, I4) ----------------------------------------------------------
INCIDENT_CATEGORIES = Choices(
    "incident_category",
    ("theft", "theft"), ("robbery", "robbery"), ("fight", "fight"),
    ("homicide", "homicide"), ("poisoning", "poisoning"),
    ("traffic-accident", "traffic accident"), ("fire", "fire"),
    ("staff-misconduct", "staff misconduct"),
    ("protected-person", "protected person"), ("flood", "flood"),
    ("building-defect", "building defect"),
    ("facility-damage", "facility damage"),
    ("renovation-violation", "renovation violation"))
INCIDENT_CLASSES = Choices(
    "incident_class", ("security", "security"), ("engineering", "engineering"))
PLAYBOOKS = Choices(
    "playbook",
    ("crime-in-progress", "crime in progress"),
    ("crime-fled", "offender fled"), ("fire", "fire"),
    ("protected-person", "protected person"))
# I4: each playbook's steps (code, zh label, en label); a step is typed as either
PLAYBOOK_STEPS = {
    "crime-in-progress": Choices(
        "steps_crime_in_progress",
        ("tell-head", "tell the department head"),
        ("call-110", "call the police (110)"),
        ("seal-scene", "guard the exits and cordon the scene"),
        ("treat-injured", "get anyone hurt treated"),
        ("contain", "keep the offender calm and contained"),
        ("assist-police", "help the police"),
        ("record", "write it up and report")),
    "crime-fled": Choices(
        "steps_crime_fled",
        ("tell-head", "tell the department head"),
        ("call-110", "call the police (110)"),
        ("treat-injured", "get anyone hurt to hospital"),
        ("seal-exits", "guard the exits and ask where they went"),
        ("protect-scene", "keep the scene untouched"),
        ("assist-police", "help the police"),
        ("record", "write it up and report")),
    "fire": Choices(
        "steps_fire",
        ("first-aid", "fight the fire with the nearest extinguishers"),
        ("alarm", "tell the leaders and call the fire service"),
        ("cut-supply", "cut power and gas"),
        ("rescue", "get people out"),
        ("fight", "organise staff to fight the fire"),
        ("clear-exits", "keep fire lanes open"),
        ("park-lifts", "park the lifts at the top floor"),
        ("cordon", "cordon the area"),
        ("assist-brigade", "help the firefighters"),
        ("restore", "clear up and restore"),
        ("notice", "post a notice to residents"),
        ("cause", "help find the cause"),
        ("record", "write it up and report")),
    "protected-person": Choices(
        "steps_protected_person",
        ("register", "record the person's routine"),
        ("control-visitors", "tighten visitor registration"),
        ("log-movements", "log comings and goings"),
        ("vet-entry", "let visitors in only once approved"),
        ("report", "report anything urgent")),
}
INCIDENT_STATUSES = Choices(
    "incident_status",
    ("open", "open"), ("reported", "reported in writing"))

# -- keys (K1, K3) ---------------------------------------------------------------------------
KEY_CLASSES = Choices(
    "key_class",
    ("unit", "owner's unit"), ("public", "public area"),
    ("equipment", "equipment room"))
BORROWER_TYPES = Choices(
    "borrower_type",
    ("owner", "owner"), ("contractor", "contractor"),
    ("maintenance", "maintenance"), ("marketing", "marketing"),
    ("developer", "developer"), ("staff", "staff"))
KEY_STATUSES = Choices(
    "key_status",
    ("in_custody", "in the cabinet"), ("lent", "lent out"),
    ("retrieved", "taken back by the owner"))

# -- renovations (N1–N9) ---------------------------------------------------------------------
REQUIRED_DOCUMENTS = Choices(
    "required_document",
    ("certificate", "ownership certificate"),
    ("contract", "works contract"),
    ("licence", "contractor licence"),
    ("worker-ids", "workers' ID cards"))
DOCUMENTS = Choices(
    "document",
    *REQUIRED_DOCUMENTS.terms,
    ("drawings", "drawings"), ("plan", "works plan"),
    ("worker-photos", "workers' photos"))
PRE_CHECKS = Choices(
    "pre_check",
    ("smart-systems", "smart systems"),
    ("heating-pressure", "heating pressure test"),
    ("closed-water", "closed-water test"))
PHASES = Choices(
    "phase",
    ("plumbing-electrical", "plumbing and electrical"),
    ("carpentry-plaster", "carpentry and plaster"),
    ("tiling-flooring", "tiling and flooring"),
    ("installation", "installation"))
INSPECTION_RESULTS = Choices(
    "inspection_result", ("ok", "ok"), ("violation", "violation"))
VIOLATION_KINDS = Choices(
    "violation_kind",
    ("general", "general"), ("illegal-structure", "illegal structure"),
    ("hazardous-materials", "hazardous materials"),
    ("hot-work", "hot work"),
    ("no-extinguisher", "no extinguisher"),
    ("materials-out", "materials taken out"))
EXTENSION_SIGNERS = Choices(
    "extension_signer",
    ("owner", "owner"), ("maintenance-supervisor", "maintenance supervisor"),
    ("security-supervisor", "security supervisor"))
RENOVATION_STATUSES = Choices(
    "renovation_status",
    ("applied", "applied"), ("rejected", "rejected"),
    ("approved", "approved by engineering"),
    ("signed", "signed by the manager"), ("agreed", "agreement signed"),
    ("paid", "deposit paid"), ("active", "works in progress"),
    ("initial_accepted", "initially accepted"), ("accepted", "accepted"),
    ("refunded", "deposit refunded"))

# -- the handover log, carry-over file and patrols (S1–S7, P1) -------------------------------
TRIAGES = Choices(
    "triage",
    ("urgent", "urgent"), ("normal", "normal"), ("later", "later"))
PATROL_AREAS = Choices(
    "patrol_area",
    ("环境", "environment"), ("绿化", "landscaping"), ("保安", "security"),
    ("工程", "engineering"), ("装修", "renovation"))
MATTER_KINDS = Choices(  # what a tracked matter (or a daily-report category) is
    "kind",
    ("repair", "repair"), ("note", "note"), ("patrol", "patrol"),
    ("renovation", "renovation"), ("key", "key"),
    ("complaint", "complaint"), ("help", "help"), ("inquiry", "inquiry"),
    ("incident", "incident"), ("movein", "move-in"),
    ("paid", "paid service"), ("release", "goods release"),
    ("found", "lost property"), ("vacancy", "vacant unit"))
CARRY_REASONS = Choices(
    "why",
    ("later", "triaged later"), ("open_at_day_end", "open at day end"),
    ("carried", "carried in"), ("late_entry", "late entry"))
LOG_ACTIONS = Choices(
    "action",
    ("take_over", "take over"), ("triage", "triage"), ("ok", "OK"),
    ("reason", "reason"), ("note", "entry"), ("patrol", "patrol"),
    ("hand_over", "hand over"))
SHIFTS = Choices("shift", ("day", "day"), ("night", "night"))
DEADLINE_STATES = Choices(
    "deadline_state", ("open", "open"), ("met", "met"), ("missed", "missed"),
    ("cancelled", "cancelled"))
SUBJECTS = Choices(  # what a write recorded, when it is no ticket
    "subject", ("ticket", "ticket"), ("key", "key"), ("renovation", "renovation"),
    ("incident", "incident"), ("shift", "shift"), ("matter", "matter"),
    ("carryover", "carry-over file"), ("movein", "move-in"), ("paid", "paid service"),
    ("release", "goods release"), ("fees", "fees on record"), ("found", "found item"),
    ("found-notice", "notice of unclaimed items"), ("vacancy", "vacant unit"))
SHIFT_STATUSES = Choices(
    "shift_status", ("on_duty", "on duty"), ("handed_over", "handed over"),
    ("archived", "archived"))
PASS_STATES = Choices(
    "pass_state", ("out", "issued"), ("confiscated", "confiscated"), ("returned", "returned"))
PASS_KINDS = Choices("pass_kind", ("worker", "worker's pass"), ("materials", "materials pass"))

# -- the registers (登记表): their names on the command line and their paper titles ----------
# -- the other desk services (Q2–Q4) ----------------------------------------------------------
RELEASE_STATUSES = Choices(
    "release_status",
    ("applied", "registered"), ("confirmed", "fees confirmed"),
    ("out", "let out"))
FOUND_STATUSES = Choices(
    "found_status",
    ("held", "held for its owner"), ("claimed", "claimed"),
    ("disposed", "disposed of by the company"))
VACANCY_STATUSES = Choices(
    "vacancy_status", ("vacant", "vacant"), ("ended", "ended"))
FEES_STATUSES = Choices(  # the cashier's record of a unit's fees (Q2)
    "fees_status", ("owing", "fees owed"), ("settled", "settled"))
NOTICE_STATUSES = Choices(  # a week's notice of unclaimed items (Q3)
    "notice_status", ("posted", "posted"))
VACANCY_END_REASONS = Choices(
    "vacancy_end_reason",
    ("occupied", "found occupied (meter readings)"),
    ("owner", "ended by the owner"))

MOVEIN_DOCUMENTS = Choices(
    "movein_document",
    ("purchase-contract", "purchase contract"), ("id", "ID card"),
    ("move-in-notice", "move-in notice"))
MOVEIN_AGREEMENTS = Choices(
    "movein_agreement",
    ("preliminary-service", "preliminary property-service agreement"),
    ("owner-rules", "provisional owners' rules"))
MOVEIN_INSPECTION_RESULTS = Choices(
    "movein_inspection_result", ("ok", "passed"),
    ("defects", "defects found"))
SECOND_INSPECTION_CHECKS = Choices(  # 二次验房 (002 第二章): the stricter second inspection
    "second_inspection_check",
    ("smart-systems", "smart systems"),
    ("heating-pressure", "heating pressure test"),
    ("water-closure", "water-closure test"))
MOVEIN_STATUSES = Choices(
    "movein_status",
    ("started", "in progress"), ("inspecting", "defects being fixed"),
    ("completed", "moved in"), ("visited", "visited"))

PAID_DEPARTMENTS = Choices(
    "paid_department", ("maintenance", "maintenance (work order)"),
    ("housekeeping", "housekeeping (cleaning order)"))
PAID_STATUSES = Choices(
    "paid_status",
    ("requested", "requested"), ("quoted", "quoted"),
    ("accepted", "accepted by the owner"), ("dispatched", "dispatched"),
    ("completed", "completed"), ("visited", "visited"))

REGISTERS = Choices(
    "register",
    ("repairs", "repair calls"),
    ("daily-repairs", "daily repair report"),
    ("visits", "return visits"),
    ("key-deposits", "key deposits"),
    ("key-loans", "key loans"),
    ("renovations", "renovations"), ("passes", "works passes"),
    ("extensions", "works extensions"),
    ("complaints", "complaints"),
    ("complaint-summary", "complaint summary"),
    ("help", "help requests"),
    ("inquiries", "inquiries"), ("incidents", "special incidents"),
    ("carryover", "carry-over file"),
    ("patrol", "patrol follow-up"), ("daily", "daily report"),
    ("handover", "handover log"),
    ("moveins", "move-ins"), ("paid", "paid services"),
    ("releases", "goods releases"), ("found", "lost property"),
    ("vacancies", "vacant units"),
    ("vacancy-inspections", "vacant-unit inspections"),
    ("work-order", "work order"))
# A file each in ``register export`` and ``archive``; a work order is printed one ticket at
# a time (``register work-order NUMBER``).
EXPORTED_REGISTERS = tuple(code for code in REGISTERS if code != "work-order")

# -- a yes/no the caller may not know (R1: owner at home, spare key) -------------------------
YES_NO = Choices("yes_no", ("yes", "yes"), ("no", "no"))

# -- who acts (permissions.ROLES, in the same order) -------------------------------------------
ROLE_NAMES = Choices(
    "role",
    ("desk", "desk clerk"), ("manager", "office manager"), ("supervisor", "supervisor"),
    ("engineering", "engineering"), ("security", "security"), ("cleaning", "cleaning"),
    ("cashier", "cashier"), ("technician", "technician"), ("auditor", "auditor"),
    ("company", "company (quality dept, general manager)"))

# Every status a read or a write shows, whatever the kind (ticket statuses win a clash:
# "agreed" is a complaint's remedy in the ticket registers, a renovation's agreement in
# its own). Labels are looked up when shown, in the current language.
# Ticket statuses grouped as the registers read them (the aggregates re-export both):
# still being worked on (open), and struck out of every register's counts.
OPEN_STATUSES = ("received", "ordered", "on_site", "assessing", "working", "deferred",
                 "classified", "dispatched", "replied", "agreed")
STRUCK = ("voided", "merged")
STATUS_CHOICES: tuple[Choices, ...] = (TICKET_STATUSES, INCIDENT_STATUSES)
CUSTODY_STATUS_CHOICES: tuple[Choices, ...] = (KEY_STATUSES, RENOVATION_STATUSES, SHIFT_STATUSES,
                                              TICKET_STATUSES)


def say_any(lists: tuple[Choices, ...], code: str) -> str:
    """``code`` in words from the first list that has it (current language)."""
    for choices in lists:
        if code in choices:
            return choices.say(code)
    return code


def say_state(code: str, kind: str | None = None) -> str:
    """A status of any record in words (current language): a ticket's by its kind, else
    the first list that has it (incidents, keys, renovations, shifts)."""
    if kind in STATUSES_BY_KIND and code in STATUSES_BY_KIND[kind]:
        return STATUSES_BY_KIND[kind].say(code)
    return say_any((*STATUS_CHOICES, *CUSTODY_STATUS_CHOICES, DEADLINE_STATES), code)


def word(group: str, value: str | None) -> str:
    """A coded value of list ``group`` (``triage``/``kind``/``why``/``action``…) in the
    current language; ``—`` for none, an unknown code as it is."""
    return GROUPS[group].say(value)
# The desk services' statuses, by the subject of the record (their codes overlap).
SUBJECT_STATUSES: dict[str, Choices] = {
    "movein": MOVEIN_STATUSES, "paid": PAID_STATUSES, "release": RELEASE_STATUSES,
    "found": FOUND_STATUSES, "vacancy": VACANCY_STATUSES, "fees": FEES_STATUSES,
    "found-notice": NOTICE_STATUSES}
