"""The actions a ticket page offers, per family (repair, complaint, help and inquiry,
feedback, visit, corrections): each is a form, the permission-matrix action it needs,
when it applies (the ticket's kind and state) and the facade call it makes. A page offers
an action only when the user's role holds it and the ticket's state admits it; a post is
checked again by the facade (matrix, SOP rules, two-person rules), so an action not
offered is refused if posted anyway."""

from __future__ import annotations

from propsvc.web.actions.base import Action, View
from propsvc.web.actions.complaint import COMPLAINT_ACTIONS
from propsvc.web.actions.corrections import CORRECTION_ACTIONS
from propsvc.web.actions.feedback import FEEDBACK_ACTIONS
from propsvc.web.actions.help import HELP_ACTIONS
from propsvc.web.actions.repair import REPAIR_ACTIONS
from propsvc.web.actions.visit import VISIT_ACTIONS

__all__ = ["ACTIONS", "BY_CODE", "Action", "offered"]

ACTIONS: tuple[Action, ...] = (*REPAIR_ACTIONS, *COMPLAINT_ACTIONS, *HELP_ACTIONS,
                               *FEEDBACK_ACTIONS, *VISIT_ACTIONS, *CORRECTION_ACTIONS)
BY_CODE = {a.code: a for a in ACTIONS}
assert len(BY_CODE) == len(ACTIONS), "an action code is listed twice"


def offered(view: View, role: str, viewer: str | None = None) -> list[Action]:
    """The actions this role may take on the ticket as it stands now (``viewer``: the
    user's name, for the two-person rules a page can see coming)."""
    if view.get("as_of"):
        return []  # a past state takes no action
    seen = {**view, "viewer": viewer}
    return [a for a in ACTIONS if a.applies(seen) and a.allowed_for(role)]
