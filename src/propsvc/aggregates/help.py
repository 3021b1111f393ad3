"""Help requests (H1–H3, H5) and inquiries (H4) as commands on a Ticket.

A help request is answered at once or within minutes after consulting the supervisor, and
never refused outright (H2). A medical emergency follows one of three branches whose steps
are recorded (H3); repair, complaint, incident and paid help is routed to its own ticket (H5).
"""

from __future__ import annotations

from typing import Any

from propsvc import vocabulary
from propsvc.aggregates.base import Context, Event
from propsvc.aggregates.deadlines import Escalated
from propsvc.aggregates.feedback import FeedbackCommands
from propsvc.errors import MissingInput, RuleViolation
from propsvc.i18n import N_, _
from propsvc.vocabulary import say_state, word

HELP_KINDS = vocabulary.HELP_KINDS.codes
ROUTES = vocabulary.HELP_ROUTES.codes
MEDICAL_ACTIONS = vocabulary.MEDICAL_ACTIONS.codes
# H3: what each medical branch consists of; every step is recorded with the action.
MEDICAL_STEPS = {  # stored in English (N_: the pages show them translated)
    "hospital": (N_("location and phone recorded"), N_("security sent escorts and a vehicle"),
                 N_("resident escorted to hospital")),
    "call-120": (N_("location and phone recorded"), N_("120 called"),
                 N_("ambulance met at the estate gate and guided to the resident")),
    "nursing": (N_("location and phone recorded"),
                N_("short-term nursing as the resident asks, a relative staying with the "
                   "patient")),
}


class HelpAnswered(Event):
    """H2: the desk answered (or, unable to help, put the resident in touch with who can)."""

    topic = "help.Answered"
    text: str
    referred_to: str | None = None
    asked_supervisor: bool = False

    def apply(self, aggregate: Any) -> None:
        aggregate.help_answer = self
        aggregate.status = "completed"
        aggregate.completed_at = self.occurred_at


class MedicalActionTaken(Event):
    """H3: one medical-emergency branch, with its steps and the people involved."""

    topic = "help.MedicalActionTaken"
    action: str
    steps: tuple[str, ...]
    staff: tuple[str, ...]
    vehicle: str | None = None
    serious: bool = False
    min_staff: int | None = None  # the H3 number in force (None for call-120)
    relative: str | None = None  # nursing: the relative who stays with the patient

    def apply(self, aggregate: Any) -> None:
        aggregate.medical = self
        if self.action == "hospital":  # H3: done when the escort is back, not when it leaves
            aggregate.status = "dispatched"
            return
        aggregate.status = "completed"
        aggregate.completed_at = self.occurred_at


class EscortReturned(Event):
    """H3: the hospital escort came back and reported to the desk; the help is done."""

    topic = "help.EscortReturned"
    note: str | None = None

    def apply(self, aggregate: Any) -> None:
        aggregate.escort_returned = self
        aggregate.status = "completed"
        aggregate.completed_at = self.occurred_at


class HelpRouted(Event):
    """H5: routed to its own ticket (repair, complaint, incident, paid service)."""

    topic = "help.Routed"
    to: str
    linked_number: str

    def apply(self, aggregate: Any) -> None:
        aggregate.routed = self
        aggregate.status = "routed"


class InquiryAnswered(Event):
    """H4: the answer to an inquiry — written for a written one."""

    topic = "inquiry.Answered"
    text: str
    written: bool
    asked_supervisor: bool = False

    def apply(self, aggregate: Any) -> None:
        aggregate.inquiry_answer = self
        aggregate.status = "answered"


class HelpCommands(FeedbackCommands):
    intake: Any

    def init_help(self) -> None:
        self.help_answer: HelpAnswered | None = None
        self.medical: MedicalActionTaken | None = None
        self.routed: HelpRouted | None = None
        self.inquiry_answer: InquiryAnswered | None = None
        self.escort_returned: EscortReturned | None = None

    def _open_help(self, rule: str) -> None:
        if self.kind != "help":
            raise RuleViolation(rule, _("{number} is a {kind} ticket, not a help request",
                                        number=self.number, kind=word("ticket_kind", self.kind)))
        if self.status != "received":
            raise RuleViolation(rule, _("{number} was already handled ({status})",
                                        number=self.number,
                                        status=say_state(self.status, self.kind)))

    def answer_help(self, ctx: Context, text: str, *, cannot_help: bool,
                    referred_to: str | None, asked_supervisor: bool) -> None:
        self._open_help("H2")
        if self.intake.paid:
            raise RuleViolation("H5", _("chargeable help follows the paid-service steps: help "
                                        "route --to paid"))
        if cannot_help and not referred_to:
            raise MissingInput(
                "H2", _("never refuse outright: when we cannot help, name who can (--referred-to)"))
        if self.intake.help_kind in ("medical", "security", "disaster"):
            raise RuleViolation(
                "H3" if self.intake.help_kind == "medical" else "H5",
                f"a {self.intake.help_kind} request is not closed with an answer: "
                + ("take a medical action (help medical)" if self.intake.help_kind == "medical"
                   else "route it to an incident (help route --to incident)"))
        self.trigger(HelpAnswered, ctx, text=text, referred_to=referred_to,
                     asked_supervisor=asked_supervisor)

    def take_medical_action(self, ctx: Context, action: str, staff: list[str],
                            vehicle: str | None, serious: bool, *, escorts: int = 2,
                            nurses: int = 1, relative: str | None = None) -> None:
        self._open_help("H3")
        if self.intake.help_kind != "medical":
            raise RuleViolation("H3", _("{number} is not a medical emergency", number=self.number))
        people = sorted(set(staff))
        needed = {"hospital": escorts, "nursing": nurses}.get(action)
        if action == "hospital" and (len(people) < escorts or not vehicle):
            raise MissingInput(
                "H3", _("an escort to hospital takes {escorts} security staff and a vehicle "
                        "(--staff for each, --vehicle)", escorts=escorts))
        if action == "nursing" and len(people) < nurses:
            raise MissingInput(
                "H3", _("short-term nursing is never done by one person alone with the patient: "
                        "name at least {nurses} --staff", nurses=nurses))
        if action == "nursing" and not relative:
            raise MissingInput(
                "H3", _("staff never stay alone with the patient: a relative stays too "
                        "(--relative NAME)"))
        if action != "nursing" and relative:
            raise RuleViolation("H3", _("--relative applies to short-term nursing"))
        self.trigger(MedicalActionTaken, ctx, action=action, steps=MEDICAL_STEPS[action],
                     staff=tuple(people), vehicle=vehicle, serious=serious,
                     min_staff=needed, relative=relative)
        if serious:
            self.trigger(Escalated, ctx, rule="H3", to="supervisor", automatic=True,
                         reason=f"serious medical emergency ({action})")

    def return_escort(self, ctx: Context, note: str | None) -> None:
        """H3: the hospital escort is back; the help request is completed now."""
        if self.kind != "help" or self.medical is None or self.medical.action != "hospital":
            raise RuleViolation("H3", f"{self.number} has no escort to hospital under way")
        if self.escort_returned is not None:
            raise RuleViolation("H3", f"{self.number}: the escort's return was already "
                                "recorded")
        self.trigger(EscortReturned, ctx, note=note)

    def check_routable(self, to: str) -> None:
        self._open_help("H5")
        kind = self.intake.help_kind
        if kind == "medical":
            raise RuleViolation("H3", _("a medical emergency follows the medical branches (help "
                                        "medical)"))
        if kind in ("security", "disaster") and to != "incident":
            raise RuleViolation("H5", _("{kind} help follows the special-incident rules: route "
                                        "it --to incident", kind=kind))

    def route(self, ctx: Context, to: str, linked_number: str) -> None:
        self.check_routable(to)
        self.trigger(HelpRouted, ctx, to=to, linked_number=linked_number)


class InquiryCommands(FeedbackCommands):
    intake: Any

    def answer_inquiry(self, ctx: Context, text: str, asked_supervisor: bool) -> None:
        if self.kind != "inquiry":
            raise RuleViolation("H4", _("{number} is a {kind} ticket, not an inquiry",
                                        number=self.number, kind=word("ticket_kind", self.kind)))
        if self.status != "received":
            raise RuleViolation("H4", _("{number} was already answered", number=self.number))
        if self.intake.written and ctx.role not in ("supervisor", "manager"):
            raise RuleViolation(
                "H4", _("a written inquiry is answered in writing by the supervisor (or the "
                        "office manager): role supervisor, not {role}", role=ctx.role))
        self.trigger(InquiryAnswered, ctx, text=text, written=self.intake.written,
                     asked_supervisor=asked_supervisor)
