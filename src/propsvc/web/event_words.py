"""The words a ticket's timeline uses: one clerk-readable label per event type, one per
data field, and the people and departments a chase or escalation goes to — English
msgids (``N_``), shown in the page's language through the catalogue (``make messages``
extracts them). ``tests/web/test_timeline.py`` keeps every ticket event and field here."""

from __future__ import annotations

from propsvc.i18n import N_

EVENTS: dict[str, str] = {
    # the call and its corrections
    "CallReceived": N_("Call received"),
    "TicketVoided": N_("Voided (entered by mistake)"),
    "TicketMerged": N_("Merged as a repeat call"),
    "DuplicateMerged": N_("A repeat call merged in"),
    # deadlines, chases, escalations
    "DeadlineSet": N_("Deadline set"),
    "DeadlineMet": N_("Deadline met"),
    "DeadlineMissed": N_("Deadline missed"),
    "DeadlinePaused": N_("Deadline paused"),
    "DeadlineResumed": N_("Deadline running again"),
    "DeadlineCancelled": N_("Deadline cancelled"),
    "Chased": N_("Chased"),
    "Escalated": N_("Reported up"),
    # repairs
    "WorkOrderIssued": N_("Work order issued"),
    "TechnicianArrived": N_("Technician arrived"),
    "AssessmentRequested": N_("Team lead asked to assess"),
    "BackOnSite": N_("Assessed, back on site"),
    "FeeQuoted": N_("Fee quoted"),
    "FeeAccepted": N_("Owner accepted the fee"),
    "WorkStarted": N_("Work started"),
    "MaterialsRecorded": N_("Materials recorded"),
    "RepairDeferred": N_("Deferred with a temporary measure"),
    "RepairPaused": N_("Waiting on the owner or on parts"),
    "RepairResumed": N_("Wait over, work resumed"),
    "RepairCompleted": N_("Repair completed"),
    "FeeCollected": N_("Fee collected"),
    # complaints
    "ComplaintClassified": N_("Complaint classified"),
    "SuperiorNotified": N_("Superior told"),
    "RemedyAgreed": N_("Remedy agreed with the owner"),
    "RemedyCarriedOut": N_("Remedy carried out"),
    "HeadOpinionGiven": N_("Department head's opinion given"),
    "ComplaintResolved": N_("Complaint resolved"),
    "ResolutionConfirmed": N_("Owner confirmed the resolution"),
    # help requests and inquiries
    "HelpAnswered": N_("Help request answered"),
    "MedicalActionTaken": N_("Medical emergency: action taken"),
    "EscortReturned": N_("Hospital escort returned"),
    "HelpRouted": N_("Routed on"),
    "InquiryAnswered": N_("Inquiry answered"),
    # information feedback
    "WorkContactSlipIssued": N_("Work-contact slip issued"),
    "ReportedToSuperior": N_("Handler reported to the superior"),
    "HandlerReplied": N_("Handler replied to the desk"),
    "CustomerAnswered": N_("Customer told the outcome"),
    # return visits
    "ReturnVisitRecorded": N_("Return visit recorded"),
    "VisitReviewed": N_("Return visit reviewed"),
    "Reopened": N_("Reopened"),
    # renovations (N1–N10)
    "RenovationApplied": N_("Renovation applied for"),
    "SecondInspectionDone": N_("Second inspection done"),
    "PlanReviewed": N_("Plan reviewed"),
    "PlanSigned": N_("Plan signed by the manager"),
    "AgreementSigned": N_("Management agreement signed"),
    "DepositPaid": N_("Fees and deposit paid"),
    "PermitIssued": N_("Permit and passes issued"),
    "PhaseStarted": N_("Works phase started"),
    "Inspected": N_("Site inspected"),
    "ViolationRecorded": N_("Violation recorded, work stopped"),
    "ViolationResolved": N_("Violation put right"),
    "MaterialsMoved": N_("Materials through the gate"),
    "ExtensionGranted": N_("Late working granted"),
    "CompletionAccepted": N_("Completion accepted"),
    "PassesReturned": N_("Passes handed back"),
    "PassesReissued": N_("Passes issued again"),
    "DeductionRecorded": N_("Deposit deduction recorded"),
    "RefundSigned": N_("Deposit refund signed"),
    "DepositRefunded": N_("Deposit refunded"),
    "SpotChecked": N_("Manager's spot-check"),
    # the desk services (Q1–Q5) and the cashier's arrears
    "MoveInStarted": N_("Move-in started"),
    "DocumentsVerified": N_("Documents checked"),
    "AgreementsSigned": N_("Agreements signed"),
    "OwnerFiled": N_("Owner file made"),
    "MoveInPaid": N_("Move-in fees paid"),
    "MoveInKeysHandedOver": N_("Keys handed over"),
    "MoveInInspected": N_("Joint inspection done"),
    "MoveInCompleted": N_("Move-in completed"),
    "MoveInVisited": N_("Move-in return visit"),
    "PaidRequested": N_("Paid service requested"),
    "PaidDecided": N_("Charge decided and quoted"),
    "PaidAccepted": N_("Owner accepted the quote"),
    "PaidDispatched": N_("Paid service dispatched"),
    "PaidCompleted": N_("Paid service done"),
    "PaidFeeCollected": N_("Service fee collected"),
    "PaidVisited": N_("Paid service return visit"),
    "ReleaseApplied": N_("Goods release applied for"),
    "ReleaseConfirmed": N_("Fees confirmed settled"),
    "ReleaseSigned": N_("Owner signed the release"),
    "GoodsLetOut": N_("Goods let out at the gate"),
    "ArrearsRecorded": N_("Arrears recorded"),
    "ArrearsSettled": N_("Arrears settled"),
    "FoundRecorded": N_("Found item recorded"),
    "FoundSentToAdmin": N_("Handed to administration"),
    "FoundNoticed": N_("On the week's notice"),
    "FoundClaimed": N_("Claimed by its owner"),
    "FoundDisposed": N_("Handed to the company"),
    "NoticePosted": N_("Weekly notice posted"),
    "VacancyApplied": N_("Vacancy applied for"),
    "VacancyInspected": N_("Vacant unit inspected"),
    "VacancyEnded": N_("Vacancy ended"),
}

FIELDS: dict[str, str] = {
    "kind": N_("kind"), "unit": N_("unit"), "location": N_("location"), "part": N_("part"),
    "caller": N_("caller"), "phone": N_("phone"), "summary": N_("summary"),
    "channel": N_("channel"), "urgent": N_("urgent"), "home": N_("anyone at home"),
    "spare_key": N_("spare key may be used"), "appointment": N_("appointment"),
    "public_area": N_("public area"), "lodged_with": N_("lodged with"),
    "help_kind": N_("help kind"), "written": N_("written"), "paid": N_("paid service"),
    "linked_from": N_("from ticket"), "reporter_post": N_("reporter's post"),
    "suggestion": N_("suggestion"),
    "label": N_("deadline"), "due_at": N_("due"), "limit_minutes": N_("limit (min)"),
    "basis": N_("counted from"), "late_minutes": N_("minutes late"),
    "detected_at": N_("noticed"), "remaining_minutes": N_("minutes left"),
    "paused_minutes": N_("minutes paused"), "paused_at": N_("paused at"),
    "reason": N_("reason"), "level": N_("level"), "to": N_("sent to"), "manual": N_("by hand"),
    "automatic": N_("automatic"), "note": N_("note"),
    "technician": N_("technician"), "alerted_directly": N_("technician alerted directly"),
    "self_filled": N_("filled in by the reporter"), "back_to": N_("back to"),
    "amount": N_("amount"), "items": N_("items"), "measure": N_("temporary measure"),
    "until": N_("new date for the fix"), "signed_by": N_("signed by"), "rating": N_("rating"),
    "minutes_on_site": N_("minutes on site"), "visits": N_("time on site"),
    "handed_to_cashier": N_("handed to the cashier"),
    "complaint_class": N_("class"), "important": N_("important"), "remedy": N_("remedy"),
    "due_by": N_("done by"), "follow_up": N_("follow-up"),
    "repair_number": N_("defect repair ticket"), "opinion": N_("opinion"),
    "reported_to": N_("reported to"), "into": N_("merged into"),
    "duplicate": N_("repeat call"),
    "text": N_("what was said"), "referred_to": N_("referred to"),
    "asked_supervisor": N_("asked the supervisor"), "action": N_("branch"),
    "steps": N_("steps"), "staff": N_("staff"), "vehicle": N_("vehicle"),
    "serious": N_("serious"), "min_staff": N_("staff needed"), "relative": N_("relative"),
    "linked_number": N_("linked ticket"),
    "slip": N_("slip"), "needs_superior": N_("the superior must decide"),
    "major": N_("major matter"),
    "method": N_("method"), "result": N_("result"), "visitor": N_("visitor"),
    "resident_signed_by": N_("resident signed"), "completed_at": N_("completed at"),
    "days_after_completion": N_("days after completion"),
    "within_window": N_("within the visit window"), "quality": N_("quality"),
    "effect": N_("effect"), "shortcomings": N_("what fell short"),
    "suggestions": N_("suggestions"),
}

# Fields a clerk does not read: the record's own keys and the policy's bookkeeping.
HIDDEN = frozenset({"number", "subject", "ref", "key", "rule", "on_miss", "first_miss",
                    "clears_miss", "visit_version"})

# Who a chase or an escalation goes to (the codes the policies and desks record).
AUDIENCE: dict[str, str] = {
    "supervisor": N_("the supervisor"), "superior": N_("the superior"),
    "manager": N_("the office manager"), "maintenance": N_("maintenance"),
    "maintenance-head": N_("the head of maintenance"),
    "department-head": N_("the department head"), "inspector": N_("the inspector"),
    "company": N_("the company"), "leader-in-charge": N_("the company's leader in charge"),
    "senior-management": N_("senior management"),
}

# Fields whose value is a code of a vocabulary list (its label is shown).
CODED: dict[str, str] = {
    "kind": "ticket_kind", "channel": "channel", "lodged_with": "lodged_with",
    "help_kind": "help_kind", "reporter_post": "reporter_post", "method": "visit_method",
    "result": "visit_result", "quality": "visit_rating", "effect": "visit_rating",
    "follow_up": "follow_up", "complaint_class": "complaint_class",
    "action": "medical_action", "back_to": "ticket_status",
}
# ``to`` means a different list per event.
TO_LIST: dict[str, str] = {"HelpRouted": "help_route", "Escalated": "escalation_target"}
