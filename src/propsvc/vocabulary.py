"""Every coded choice of propsvc — the code stored in events and typed on the command line,
with its zh-CN and English label — in one place.

Commands build their ``click.Choice`` from these lists, use cases validate against them,
the domain takes its tuples from them, and views and exports print their labels. Codes
never change (they are in stored events); labels may. The zh-CN label is what the paper
forms print. When human texts move to gettext catalogues, the labels here are the
messages to extract (one ``label()`` call site).

A list keeps its order: choices are listed in that order in help and error lines.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    code: str
    zh: str
    en: str


class Choices:
    """One choice list: its codes in order, each with a zh-CN and an English label."""

    def __init__(self, name: str, *terms: tuple[str, str, str]) -> None:
        self.name = name
        self.terms = tuple(Term(*t) for t in terms)
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
        """The label of ``code`` in ``lang``; an unknown code is shown as it is."""
        term = self._by_code.get(code)
        if term is None:
            return code
        return term.en if lang.lower().startswith("en") else term.zh

    def zh(self) -> dict[str, str]:
        return {t.code: t.zh for t in self.terms}

    def en(self) -> dict[str, str]:
        return {t.code: t.en for t in self.terms}


GROUPS: dict[str, Choices] = {}


def group(name: str) -> Choices:
    return GROUPS[name]


# -- tickets (R1, C1, H1, H4) ----------------------------------------------------------------
TICKET_KINDS = Choices(
    "ticket_kind",
    ("repair", "报修", "repair"), ("complaint", "投诉", "complaint"),
    ("help", "求助", "help request"), ("inquiry", "咨询", "inquiry"))
REPAIR_CHANNELS = Choices(
    "repair_channel",
    ("phone", "电话", "phone"), ("visit", "来访", "walk-in"),
    ("staff", "员工发现", "found by staff"), ("patrol", "巡视发现", "found on patrol"))
REQUEST_CHANNELS = Choices(
    "request_channel",
    ("in-person", "当面", "in person"), ("phone", "电话", "phone"), ("letter", "信函", "letter"),
    ("email", "电子邮件", "email"), ("staff", "员工转达", "through staff"))
CHANNELS = Choices(  # every channel, as ``ticket open --channel`` lists them
    "channel",
    *((t.code, t.zh, t.en) for t in REPAIR_CHANNELS.terms),
    *((t.code, t.zh, t.en) for t in REQUEST_CHANNELS.terms if t.code not in REPAIR_CHANNELS))
TICKET_STATUSES = Choices(
    "ticket_status",
    ("received", "待派单", "received"), ("ordered", "已派单", "work order issued"),
    ("on_site", "已到场", "on site"), ("assessing", "待评审", "being assessed"),
    ("working", "维修中", "in progress"), ("deferred", "暂缓(临时措施)", "deferred"),
    ("completed", "已完工", "completed"), ("closed", "已回访关闭", "closed after the visit"),
    ("classified", "已分类", "classified"), ("dispatched", "已发联系单", "slip issued"),
    ("replied", "已回复", "handler replied"), ("agreed", "已约定处理", "remedy agreed"),
    ("routed", "已转办", "routed"), ("answered", "已答复", "answered"),
    ("voided", "作废", "voided"), ("merged", "已合并(重复来电)", "merged as a repeat call"))

STATUS_FILTERS = Choices(  # what ``ticket find --status`` takes: open or closed, or a status
    "status_filter",
    ("open", "未结", "still open"), ("closed", "已结", "closed (done, answered or routed)"),
    *((t.code, t.zh, t.en) for t in TICKET_STATUSES.terms if t.code != "closed"))

# -- repairs and visits (R7, V3) -------------------------------------------------------------
ESCALATION_TARGETS = Choices(
    "escalation_target",
    ("manager", "管理处经理", "the office manager"),
    ("adviser", "工程顾问", "the engineering adviser"),
    ("contractor", "保修单位", "the warranty contractor"), ("insurer", "保险公司", "the insurer"))
VISIT_METHODS = Choices(
    "visit_method",
    ("phone", "电话回访", "by phone"), ("in-person", "上门回访", "in person"),
    ("on-site", "现场回访", "on site"))
VISIT_RESULTS = Choices(
    "visit_result", ("satisfied", "满意", "satisfied"), ("unsatisfied", "不满意", "unsatisfied"))
VISIT_CLASSES = Choices(
    "visit_class", ("repair", "维修", "repair"), ("complaint", "投诉", "complaint"),
    ("help", "求助", "help"))

# -- complaints (C2, C6) ---------------------------------------------------------------------
COMPLAINT_CLASSES = Choices(
    "complaint_class",
    ("1", "管理服务不到位", "our management or service fell short"),
    ("2", "房屋质量问题", "building-quality defect"),
    ("3", "管辖范围以外", "outside the estate's boundary"))
FOLLOW_UPS = Choices(  # C7: what follows a resolved complaint, by its class
    "follow_up",
    ("case-study", "案例培训", "case study for training"),
    ("defect-repair", "转保修维修", "defect-liability repair"),
    ("explanation", "向业主解释", "explained to the owner"))
LODGED_WITH = Choices(
    "lodged_with",
    ("company", "公司", "the company"), ("group", "集团", "the group"),
    ("government", "政府部门", "a government office"))

# -- help requests (H1, H3, H5) --------------------------------------------------------------
HELP_KINDS = Choices(
    "help_kind",
    ("medical", "急病救助", "medical emergency"), ("security", "治安求助", "security"),
    ("disaster", "灾害求助", "disaster"), ("other", "其他求助", "other"))
MEDICAL_ACTIONS = Choices(
    "medical_action",
    ("hospital", "送医院", "escort to hospital"), ("call-120", "呼叫120", "call 120"),
    ("nursing", "现场看护", "nursing on the spot"))
HELP_ROUTES = Choices(
    "help_route",
    ("repair", "转报修", "to a repair"), ("complaint", "转投诉", "to a complaint"),
    ("incident", "转特别事件", "to a special incident"),
    ("paid", "转有偿服务", "to a paid service"))

# -- special incidents (I1, I2, I4) ----------------------------------------------------------
INCIDENT_CATEGORIES = Choices(
    "incident_category",
    ("theft", "盗窃", "theft"), ("robbery", "抢劫", "robbery"), ("fight", "打架斗殴", "fight"),
    ("homicide", "凶杀", "homicide"), ("poisoning", "中毒", "poisoning"),
    ("traffic-accident", "交通事故", "traffic accident"), ("fire", "火警火灾", "fire"),
    ("staff-misconduct", "员工违纪", "staff misconduct"),
    ("protected-person", "重要人物保护", "protected person"), ("flood", "水浸", "flood"),
    ("building-defect", "房屋质量事故", "building defect"),
    ("facility-damage", "设施损坏", "facility damage"),
    ("renovation-violation", "装修违规", "renovation violation"))
INCIDENT_CLASSES = Choices(
    "incident_class", ("security", "治安类", "security"), ("engineering", "工程类", "engineering"))
PLAYBOOKS = Choices(
    "playbook",
    ("crime-in-progress", "正在发生的刑事案件", "crime in progress"),
    ("crime-fled", "案犯已逃离", "offender fled"), ("fire", "火警", "fire"),
    ("protected-person", "重要人物保护", "protected person"))
INCIDENT_STATUSES = Choices(
    "incident_status",
    ("open", "处理中", "open"), ("reported", "已书面报告", "reported in writing"))

# -- keys (K1, K3) ---------------------------------------------------------------------------
KEY_CLASSES = Choices(
    "key_class",
    ("unit", "住户钥匙", "owner's unit"), ("public", "公共区域钥匙", "public area"),
    ("equipment", "设备房钥匙", "equipment room"))
BORROWER_TYPES = Choices(
    "borrower_type",
    ("owner", "业主", "owner"), ("contractor", "装修施工人员", "contractor"),
    ("maintenance", "维修人员", "maintenance"), ("marketing", "营销人员", "marketing"),
    ("developer", "开发商", "developer"), ("staff", "员工", "staff"))
KEY_STATUSES = Choices(
    "key_status",
    ("in_custody", "在柜", "in the cabinet"), ("lent", "借出", "lent out"),
    ("retrieved", "业主已取回", "taken back by the owner"))

# -- renovations (N1–N9) ---------------------------------------------------------------------
REQUIRED_DOCUMENTS = Choices(
    "required_document",
    ("certificate", "房产证复印件", "ownership certificate"),
    ("contract", "施工合同复印件", "works contract"),
    ("licence", "施工资质复印件", "contractor licence"),
    ("worker-ids", "施工人员身份证复印件", "workers' ID cards"))
DOCUMENTS = Choices(
    "document",
    *((t.code, t.zh, t.en) for t in REQUIRED_DOCUMENTS.terms),
    ("drawings", "施工图纸", "drawings"), ("plan", "施工方案", "works plan"),
    ("worker-photos", "施工人员照片", "workers' photos"))
PRE_CHECKS = Choices(
    "pre_check",
    ("smart-systems", "智能化系统检查", "smart systems"),
    ("heating-pressure", "暖气打压试验", "heating pressure test"),
    ("closed-water", "闭水试验", "closed-water test"))
PHASES = Choices(
    "phase",
    ("plumbing-electrical", "水电阶段", "plumbing and electrical"),
    ("carpentry-plaster", "木工泥水阶段", "carpentry and plaster"),
    ("tiling-flooring", "铺贴阶段", "tiling and flooring"),
    ("installation", "安装阶段", "installation"))
INSPECTION_RESULTS = Choices(
    "inspection_result", ("ok", "正常", "ok"), ("violation", "违规", "violation"))
VIOLATION_KINDS = Choices(
    "violation_kind",
    ("general", "一般违规", "general"), ("illegal-structure", "违章搭建", "illegal structure"),
    ("hazardous-materials", "危险物品", "hazardous materials"),
    ("hot-work", "违规动火", "hot work"),
    ("no-extinguisher", "未配灭火器", "no extinguisher"),
    ("materials-out", "违规搬出材料", "materials taken out"))
EXTENSION_SIGNERS = Choices(
    "extension_signer",
    ("owner", "业主", "owner"), ("maintenance-supervisor", "维修主管", "maintenance supervisor"),
    ("security-supervisor", "保安主管", "security supervisor"))
RENOVATION_STATUSES = Choices(
    "renovation_status",
    ("applied", "已申请", "applied"), ("rejected", "已驳回", "rejected"),
    ("approved", "工程部已批准", "approved by engineering"),
    ("signed", "经理已签批", "signed by the manager"), ("agreed", "已签协议", "agreement signed"),
    ("paid", "已交押金", "deposit paid"), ("active", "施工中", "works in progress"),
    ("initial_accepted", "已初验", "initially accepted"), ("accepted", "已复验", "accepted"),
    ("refunded", "押金已退", "deposit refunded"))

# -- the handover log, carry-over file and patrols (S1–S7, P1) -------------------------------
TRIAGES = Choices(
    "triage",
    ("urgent", "紧急", "urgent"), ("normal", "一般", "normal"), ("later", "暂不能解决", "later"))
PATROL_AREAS = Choices(
    "patrol_area",
    ("环境", "环境", "environment"), ("绿化", "绿化", "landscaping"), ("保安", "保安", "security"),
    ("工程", "工程", "engineering"), ("装修", "装修", "renovation"))
MATTER_KINDS = Choices(  # what a tracked matter (or a daily-report category) is
    "kind",
    ("repair", "报修", "repair"), ("note", "记事", "note"), ("patrol", "巡视", "patrol"),
    ("renovation", "装修", "renovation"), ("key", "钥匙", "key"),
    ("complaint", "投诉", "complaint"), ("help", "求助", "help"), ("inquiry", "咨询", "inquiry"),
    ("incident", "特别事件", "incident"), ("movein", "入住", "move-in"),
    ("paid", "有偿服务", "paid service"), ("release", "物品放行", "goods release"),
    ("found", "拾遗物品", "lost property"), ("vacancy", "空置房", "vacant unit"))
CARRY_REASONS = Choices(
    "why",
    ("later", "暂不能解决", "triaged later"), ("open_at_day_end", "当日未结", "open at day end"),
    ("carried", "上月转入", "carried in"), ("late_entry", "补录(原月已归档)", "late entry"))
LOG_ACTIONS = Choices(
    "action",
    ("take_over", "接班", "take over"), ("triage", "分类", "triage"), ("ok", "OK", "OK"),
    ("reason", "原因", "reason"), ("note", "记事", "entry"), ("patrol", "巡视", "patrol"),
    ("hand_over", "交班", "hand over"))
SHIFTS = Choices("shift", ("day", "白班", "day"), ("night", "夜班", "night"))

# -- the registers (登记表): their names on the command line and their paper titles ----------
# -- the other desk services (Q2–Q4) ----------------------------------------------------------
RELEASE_STATUSES = Choices(
    "release_status",
    ("applied", "已登记", "registered"), ("confirmed", "已确认缴费", "fees confirmed"),
    ("out", "已放行", "let out"))
FOUND_STATUSES = Choices(
    "found_status",
    ("held", "待认领", "held for its owner"), ("claimed", "已认领", "claimed"),
    ("disposed", "已交公司处理", "disposed of by the company"))
VACANCY_STATUSES = Choices(
    "vacancy_status", ("vacant", "空置中", "vacant"), ("ended", "已结束", "ended"))
VACANCY_END_REASONS = Choices(
    "vacancy_end_reason",
    ("occupied", "水电超标视为入住", "found occupied (meter readings)"),
    ("owner", "业主申请结束", "ended by the owner"))

MOVEIN_DOCUMENTS = Choices(
    "movein_document",
    ("purchase-contract", "购房合同", "purchase contract"), ("id", "身份证", "ID card"),
    ("move-in-notice", "入住通知书", "move-in notice"))
MOVEIN_AGREEMENTS = Choices(
    "movein_agreement",
    ("preliminary-service", "前期物业服务协议", "preliminary property-service agreement"),
    ("owner-rules", "业主临时公约", "provisional owners' rules"))
MOVEIN_INSPECTION_RESULTS = Choices(
    "movein_inspection_result", ("ok", "合格", "passed"),
    ("defects", "有缺陷", "defects found"))
SECOND_INSPECTION_CHECKS = Choices(  # 二次验房 (002 第二章): the stricter second inspection
    "second_inspection_check",
    ("smart-systems", "智能化系统", "smart systems"),
    ("heating-pressure", "暖气打压", "heating pressure test"),
    ("water-closure", "闭水试验", "water-closure test"))
MOVEIN_STATUSES = Choices(
    "movein_status",
    ("started", "办理中", "in progress"), ("inspecting", "验房整改中", "defects being fixed"),
    ("completed", "已入住", "moved in"), ("visited", "已回访", "visited"))

PAID_DEPARTMENTS = Choices(
    "paid_department", ("maintenance", "维修(维修单)", "maintenance (work order)"),
    ("housekeeping", "保洁(保洁单)", "housekeeping (cleaning order)"))
PAID_STATUSES = Choices(
    "paid_status",
    ("requested", "已受理", "requested"), ("quoted", "已报价", "quoted"),
    ("accepted", "业主已确认", "accepted by the owner"), ("dispatched", "已派工", "dispatched"),
    ("completed", "已完成", "completed"), ("visited", "已回访", "visited"))

REGISTERS = Choices(
    "register",
    ("repairs", "业主报修记录表", "repair calls"),
    ("daily-repairs", "维修日报表", "daily repair report"),
    ("visits", "回访登记表", "return visits"),
    ("key-deposits", "钥匙留存登记表", "key deposits"),
    ("key-loans", "钥匙借用登记表", "key loans"),
    ("renovations", "装修登记", "renovations"), ("passes", "施工证登记表", "works passes"),
    ("extensions", "延时施工申请", "works extensions"),
    ("complaints", "业主投诉登记表", "complaints"),
    ("complaint-summary", "住户投诉汇总表", "complaint summary"),
    ("help", "住户求助登记表", "help requests"),
    ("inquiries", "咨询登记表", "inquiries"), ("incidents", "特别事件报告", "special incidents"),
    ("carryover", "遗留问题档案", "carry-over file"),
    ("patrol", "巡视跟进登记表", "patrol follow-up"), ("daily", "物业日报表", "daily report"),
    ("handover", "交接班记录本", "handover log"),
    ("moveins", "业主入住登记表", "move-ins"), ("paid", "有偿服务登记表", "paid services"),
    ("releases", "物品放行登记表", "goods releases"), ("found", "拾遗物品登记表", "lost property"),
    ("vacancies", "空置房登记表", "vacant units"),
    ("vacancy-inspections", "空置房巡查表", "vacant-unit inspections"),
    ("work-order", "维修单", "work order"))
# A file each in ``register export`` and ``archive``; a work order is printed one ticket at
# a time (``register work-order NUMBER``).
EXPORTED_REGISTERS = tuple(code for code in REGISTERS if code != "work-order")

# Every status a read or a write shows, whatever the kind (ticket statuses win a clash:
# "agreed" is a complaint's remedy in the ticket registers, a renovation's agreement in
# its own).
# Ticket statuses grouped as the registers read them (the aggregates re-export both):
# still being worked on (open), and struck out of every register's counts.
OPEN_STATUSES = ("received", "ordered", "on_site", "assessing", "working", "deferred",
                 "classified", "dispatched", "replied", "agreed")
STRUCK = ("voided", "merged")
STATUS_LABELS: dict[str, str] = {**TICKET_STATUSES.zh(), **INCIDENT_STATUSES.zh()}
CUSTODY_STATUS_LABELS: dict[str, str] = {**KEY_STATUSES.zh(), **RENOVATION_STATUSES.zh()}
# The desk services' statuses, by the subject of the record (their codes overlap).
SUBJECT_STATUS_LABELS: dict[str, dict[str, str]] = {
    "movein": MOVEIN_STATUSES.zh(), "paid": PAID_STATUSES.zh(),
    "release": RELEASE_STATUSES.zh(), "found": FOUND_STATUSES.zh(),
    "vacancy": VACANCY_STATUSES.zh()}
