"""I4: the emergency playbooks as checklists (step key → what the step is).

Restated from the office's emergency-handling rules; each step is recorded with its time
and who did it (``incident step``).
"""

from __future__ import annotations

PLAYBOOKS: dict[str, dict[str, str]] = {
    "crime-in-progress": {
        "tell-head": "tell the department head",
        "call-110": "call the police (110), and the security centre if linked",
        "seal-scene": "call in staff, guard the exits, cordon the scene, move onlookers away",
        "treat-injured": "get anyone hurt to treatment at once",
        "contain": "try to keep the offender calm and contained",
        "assist-police": "help the police once they arrive",
        "record": "write it up, photograph the scene, report to the company",
    },
    "crime-fled": {
        "tell-head": "tell the department head",
        "call-110": "call the police (110), and the security centre if linked",
        "treat-injured": "get anyone hurt to hospital",
        "seal-exits": "guard the exits; ask which way they went, looks, clothes, vehicle, "
                      "plate; watch for suspicious people",
        "protect-scene": "keep the scene untouched",
        "assist-police": "help the police once they arrive",
        "record": "write it up, photograph the scene, report to the company",
    },
    "fire": {
        "first-aid": "fight the fire with the nearest extinguishers once it is confirmed",
        "alarm": "tell the office's leaders and call the fire service",
        "cut-supply": "have power (except fire systems) and gas cut",
        "rescue": "get people still inside out",
        "fight": "organise nearby security and cleaning staff to fight the fire",
        "clear-exits": "keep fire lanes open; send anyone hurt to hospital",
        "park-lifts": "send ordinary lifts to the top floor and keep them there",
        "cordon": "cordon the area, keep order, move onlookers away",
        "assist-brigade": "help the firefighters when they arrive",
        "restore": "clear up, restore power and lifts",
        "notice": "post a notice to reassure residents",
        "cause": "help the police find the cause",
        "record": "photograph, write it up, report to the company",
    },
    "protected-person": {
        "register": "record the person's routine, times and appearance for security",
        "control-visitors": "tighten visitor and vehicle registration",
        "log-movements": "log their comings and goings",
        "vet-entry": "let visitors in only once approved; guard round the clock if needed",
        "report": "report anything urgent to the police and the leaders",
    },
}
