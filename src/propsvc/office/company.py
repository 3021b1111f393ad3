"""Company-wide reads (``--office all``, ``?office=all``): one read of ``office.read`` made
for every office the user may read, put side by side.

Who reads which offices (``permissions``): the ``company`` role (公司品质部/总经理) every
registered office; a manager or an auditor the offices granted to their account when they
hold several. Every other role is refused, naming ``read.company``. Each office is read
through its own ``Reader`` (its own profile and calendar, masked for the user's role), so
a company read answers exactly what the offices' own reads answer, merged
(``office.company_merge``): a register's rows of every office with their office, counts
per office and a total; a KPI read a row per figure with a column per office and a total.
"""

from __future__ import annotations

import inspect
from typing import Any, Protocol

from propsvc.errors import Forbidden, InvalidInput
from propsvc.i18n import _
from propsvc.office import company_merge as merge
from propsvc.permissions import COMPANY_READ, READS_EVERY_OFFICE


class Office(Protocol):
    """What a company read needs of the facade's ``Office`` (named here without importing
    it: the facade imports this module)."""

    user: Any
    backend: Any

    @property
    def users(self) -> Any: ...

    @property
    def read(self) -> Any: ...

    def for_office(self, code: str) -> Any: ...

ALL = merge.ALL  # the office code of a company-wide read (never an office's own code)

# read method → (its form in the catalogue, how the offices are merged)
READS: dict[str, tuple[str | None, str]] = {
    "repair_register": ("repairs", "rows"), "daily_repairs": ("daily-repairs", "kpi"),
    "visit_register": ("visits", "kpi"), "complaint_register": ("complaints", "rows"),
    "complaint_summary": ("complaint-summary", "kpi"), "help_register": ("help", "rows"),
    "inquiry_register": ("inquiries", "rows"), "incident_register": ("incidents", "rows"),
    "key_deposits": ("key-deposits", "rows"), "key_loans": ("key-loans", "rows"),
    "renovations": ("renovations", "rows"), "passes": ("passes", "rows"),
    "extensions": ("extensions", "rows"), "patrol_register": ("patrol", "rows"),
    "patrol_report": ("patrol-report", "rows"), "daily_report": ("daily", "kpi"),
    "moveins": ("moveins", "rows"), "paid": ("paid", "rows"),
    "releases": ("releases", "rows"), "found": ("found", "rows"),
    "vacancies": ("vacancies", "rows"), "vacancy_inspections": ("vacancy-inspections", "rows"),
    "overdue": (None, "rows"),
}


def company_offices(office: Office) -> list[str]:
    """The offices ``office.user`` may read at once, or a refusal naming why."""
    from propsvc.store.office_codes import registered_codes

    user = office.user
    if user.role not in COMPANY_READ:
        raise Forbidden(_("read.company: --office all is not permitted for role {role!r} "
                          "(allowed: company, or a manager or auditor holding several "
                          "offices); name one office with --office", role=user.role))
    office.backend.require_existing()
    if user.role in READS_EVERY_OFFICE:
        codes = sorted(registered_codes(office.backend.store) or ())
        if not codes:
            raise InvalidInput(_("no office is registered yet: propsvc office add CODE "
                                 "--name NAME"))
        return codes
    account = office.users.account(user.name)
    held = sorted(account["offices"]) if account else []
    if len(held) < 2:
        raise Forbidden(_("read.company: {name!r} ({role}) holds {count} office(s): --office "
                          "all reads the offices granted to a manager or auditor holding "
                          "several (propsvc user grant {name} --office CODE), or act as role "
                          "company", name=user.name, role=user.role, count=len(held)))
    return held


class CompanyReader:
    """The reads of several offices for one user, merged."""

    def __init__(self, office: Office, codes: list[str]) -> None:
        self.codes = codes
        self._offices = [office.for_office(code) for code in codes]
        self._moment: tuple[Any, Any] = (None, None)
        self.warnings: list[str] = []

    def at(self, as_of: Any = None, known_at: Any = None) -> CompanyReader:
        """These reads as of a business time, or as known at a recorded time: each
        office's ``Reader.at`` (its checks, its replay), merged as before."""
        self._moment = (as_of, known_at)
        return self

    def read(self, name: str, /, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """``office.read.<name>(*args, **kwargs)`` of every office, merged."""
        from propsvc.office.reader import Reader

        if name not in READS:
            raise InvalidInput(_("--office all reads the registers, overdue and the KPIs "
                                 "({value}); name one office for this",
                                 value=", ".join(sorted(READS))))
        method = getattr(Reader, name)
        given = inspect.signature(method).bind(None, *args, **kwargs).arguments
        given.pop("self")
        answers = []
        for sub in self._offices:
            reader = sub.read.at(*self._moment)
            answers.append(getattr(reader, name)(**given))
            self.warnings.extend(w for w in reader.warnings if w not in self.warnings)
        form, how = READS[name]
        if how == "kpi":
            return merge.figures(self.codes, answers, form)
        return merge.rows(self.codes, answers, form)

    def __getattr__(self, name: str) -> Any:
        """``company.repair_register(month=…)``: the same call as ``office.read``'s (a read
        that has no company-wide form is refused by ``read``)."""
        from propsvc.office.reader import Reader

        if name.startswith("_") or not hasattr(Reader, name):
            raise AttributeError(name)
        return lambda *args, **kwargs: self.read(name, *args, **kwargs)
