"""The rules the engine enforces (``propsvc rules``): each SOP rule's ID with a one-line
statement in the project's own words, the profile numbers in force for it, and the
zh-CN feature scenarios that cover it (read from the ``@ID`` tags of ``features/``).

Every ID cited in the code or in the feature files is listed here, and every ID listed
here is cited (tests/unit/test_rules.py)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from propsvc.errors import InvalidInput
from propsvc.i18n import N_, _

# statements: msgids, translated where shown
RULES: dict[str, str] = {
    "R1": N_("A repair call records the unit or place, the part, whether someone is home, the "
             "spare-key consent, any appointment and the caller's phone."),
    "R2": N_("A chargeable repair is quoted and the fee accepted by the resident before the "
             "work starts."),
    "R3": N_("A work order is issued within minutes of the call."),
    "R4": N_("The technician is on site in time: urgent calls fast, otherwise by the "
             "appointment or the office's limit."),
    "R5": N_("A job the technician cannot judge goes to the team lead, who is back on site "
             "within the limit."),
    "R6": N_("Materials used are itemised on the work order (name, specification, model, "
             "quantity, price)."),
    "R7": N_("A major fault, a warranty item or an insured item is reported upwards to the "
             "named party."),
    "R8": N_("A repair that cannot be done now gets a temporary measure and stays open in the "
             "daily report."),
    "R9": N_("Completion is signed and rated by the resident (public area: the reporter or the "
             "area's staff)."),
    "R10": N_("A fee collected on site is noted on the work order and handed to the cashier."),
    "R11": N_("An unfinished work order is chased: maintenance after some hours, its head after "
              "a day."),
    "R12": N_("A fault still there after the return slip reopens the same ticket."),
    "R13": N_("Return visits every day cover at least the set share of the day's completions, "
              "within the window."),
    "R14": N_("A fault found by staff gets a self-filled work order, signed off by the one who "
              "reported it."),
    "R15": N_("The daily repair report is split into in-home and public-area work."),
    "V1": N_("Each kind of completed item has its return-visit window."),
    "V2": N_("Return visits meet a target rate per kind each month."),
    "V3": N_("A visit records method, result and signatures; a failed visit reopens the ticket."),
    "V4": N_("Visit records are filed soon after the visit and kept for two years."),
    "C1": N_("A complaint is registered with its key points and the way it came in."),
    "C2": N_("A complaint is classed: 1 our service, 2 a building defect, 3 outside the "
             "estate's remit."),
    "C3": N_("A complaint made in person and not settled at once is told to the superior within "
             "the limit."),
    "C4": N_("A remote complaint reaches the desk and goes out on a work-contact slip within "
             "the limit."),
    "C5": N_("Each class has its handling deadline."),
    "C6": N_("Escalation: the superior on a miss, senior management when the handler stays "
             "silent, the department head at once for matters lodged higher up."),
    "C7": N_("After handling: class 1 becomes a training case, class 2 a defect repair, class 3 "
             "an explanation to the owner."),
    "C8": N_("The owner agrees to the remedy and its time before it is carried out."),
    "C9": N_("Every complaint gets a return visit within days, by the visitor its importance "
             "calls for."),
    "C10": N_("The owner signs to confirm the resolution, except on a phone visit."),
    "C11": N_("A complaint summary is drawn up at month end."),
    "H1": N_("A help request is one of the known kinds (medical, security, disaster, other)."),
    "H2": N_("Help is answered at once or within minutes and never refused outright."),
    "H3": N_("A medical emergency follows its branches: hospital escort, calling 120 or "
             "nursing, with enough staff."),
    "H4": N_("A written inquiry is answered in writing within days; an oral one at once."),
    "H5": N_("A help request may be routed on to a repair, a complaint, an incident or a paid "
             "service."),
    "H6": N_("A medical emergency gets a return visit within days; the help register is kept "
             "per year."),
    "F1": N_("Matters reach the desk and go out to their handler on a work-contact slip."),
    "F2": N_("The handler answers the desk within a day and reports up within hours when needed."),
    "F3": N_("The desk answers the customer within a day, two for a major matter."),
    "I1": N_("A special incident is one of the known categories."),
    "I2": N_("An incident is reported at once to the department its class names (security or "
             "engineering)."),
    "I3": N_("A written report follows within a day, or a little longer after a phone report."),
    "I4": N_("The steps of the emergency playbook are recorded with time and actor."),
    "K1": N_("Keys are filed and labelled by class: owner's unit, public area, equipment room."),
    "K2": N_("A deposited key is recorded and the owner signs for it."),
    "K3": N_("A loan checks identity and purpose and records the due time; some borrowers "
             "return the same day; owner keys only as the owner allowed."),
    "K4": N_("An owner taking a deposited key back shows identity and signs again."),
    "K5": N_("A key not back in time is chased and labels are checked regularly."),
    "K6": N_("Before move-in the developer hands over every key; its later borrowing goes "
             "through the loan register."),
    "N1": N_("A renovation application names the contractor, scope and period and carries the "
             "required copies."),
    "N2": N_("The flat is checked (smart systems, heating pressure, closed water) before work "
             "starts."),
    "N3": N_("Engineering reviews the plan; a rejection gives reasons and an approval is signed "
             "by the manager."),
    "N4": N_("Agreement signed and deposit paid, then permits and numbered passes are issued."),
    "N5": N_("Works are inspected at each phase's frequency, installations at the time of "
             "installing."),
    "N6": N_("A violation found on inspection is stopped and recorded; a serious one costs the "
             "passes."),
    "N7": N_("Illegal structures, hazardous materials and materials leaving the estate are "
             "controlled."),
    "N8": N_("An extension is signed by the owner and the maintenance and security supervisors."),
    "N9": N_("Completion: initial acceptance, re-inspection, every pass back, then the deposit "
             "refunded."),
    "N10": N_("The manager spot-checks units under renovation every day."),
    "S1": N_("The incoming shift reads the log and triages every open item."),
    "S2": N_("Urgent items first; a finished item is marked OK in red."),
    "S3": N_("An item beyond the desk's authority is OK'd only on the manager's instruction."),
    "S4": N_("An item that cannot be done today gets its reason in red."),
    "S5": N_("Entries are written during the shift; open items pass to the next shift."),
    "S6": N_("Unsettled items go into the carry-over file until they are OK'd."),
    "S7": N_("The carry-over file is archived monthly and its open items copied forward."),
    "P1": N_("Patrol findings are recorded, dispatched, tracked and carried over monthly."),
    "Q1": N_("A paid service is quoted and accepted first, dispatched, its fee collected, then "
             "visited."),
    "Q2": N_("Goods leave the estate only with the desk's fee check, the owner's signature and "
             "the gate's record."),
    "Q3": N_("Found property is registered, valuables go to administration the same day, "
             "unclaimed items are posted weekly and disposed of after three months."),
    "Q4": N_("A vacancy of three months or more is registered, inspected monthly, and ends "
             "when the meters show the unit is lived in."),
    "Q5": N_("A move-in checks the documents, signs the agreements, files the owner, takes "
             "the fees, hands over the keys, inspects the unit and is visited after a month."),
}
FAMILIES = "RVCHFIKNSPQ"
FEATURES = Path(__file__).resolve().parents[3] / "features"
_TAG = re.compile(r"@([A-Z]\d{1,2})\b")
_SCENARIO = re.compile(r"^\s*(场景大纲|场景|剧本|Scenario Outline|Scenario)\s*:\s*(.+?)\s*$")


def order(rule_id: str) -> tuple[int, int]:
    """Catalogue order: by family as listed, then by number."""
    return FAMILIES.index(rule_id[0]), int(rule_id[1:])


@cache
def scenarios(folder: Path = FEATURES) -> dict[str, tuple[tuple[str, str], ...]]:
    """Rule ID → (feature file, scenario title) of every scenario tagged with it; a tag
    above the ``功能:`` line applies to every scenario of the file. Empty when the
    feature files are not at hand (an installed copy without the repository)."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(folder.glob("*.feature")) if folder.is_dir() else []:
        file_tags: set[str] = set()
        pending: set[str] = set()
        for line in path.read_text(encoding="utf-8").splitlines():
            stripped = line.strip()
            if stripped.startswith("@"):
                pending |= set(_TAG.findall(stripped))
            elif stripped.startswith(("功能:", "Feature:")):
                file_tags, pending = pending, set()
            elif match := _SCENARIO.match(line):
                for rule in sorted(file_tags | pending):
                    found.setdefault(rule, []).append((path.name, match.group(2)))
                pending = set()
    return {rule: tuple(items) for rule, items in found.items()}


def rules_view(profile_entries: list[dict[str, Any]], rule_id: str | None = None
               ) -> list[dict[str, Any]]:
    """Every rule (or one) with its statement in the current language, its profile
    numbers and its scenarios."""
    wanted = sorted(RULES, key=order)
    if rule_id is not None:
        rule_id = rule_id.strip().upper()
        if rule_id not in RULES:
            raise InvalidInput(_("no rule {rule!r}: propsvc rules lists them all", rule=rule_id))
        wanted = [rule_id]
    covered = scenarios()
    return [{"rule": rule, "statement": _(RULES[rule]),
             "profile": [{"key": e["key"], "value": e["value"], "text": _(e["text"])}
                         for e in profile_entries if e["rule"] == rule],
             "scenarios": [{"feature": f, "scenario": s} for f, s in covered.get(rule, ())]}
            for rule in wanted]
