"""Per-family lazy loading (issue 11): the generated topic → module map of the event
classes and the topic → read-model routes are up to date, and a runner that loads its
read models lazily routes every topic exactly as one that loaded them all."""

from __future__ import annotations

import subprocess
import sys

from propsvc.aggregates import topics
from propsvc.aggregates.base import EVENT_TYPES
from propsvc.projections import registry
from propsvc.projections.catchup import Runner, all_projections
from propsvc.store.event_store import load_domain


def test_the_topic_map_is_generated_from_the_event_classes() -> None:
    assert topics.GENERATED.read_text(encoding="utf-8") == topics.generated_source(), (
        "aggregates/_topics.py is out of date: run python -m propsvc.aggregates.topics")
    own = {t: cls.__module__ for t, cls in EVENT_TYPES.items()
           if cls.__module__.startswith(topics.OWN)}
    assert own == dict(topics.MODULES)


def test_the_routes_are_generated_from_the_projections() -> None:
    assert registry.GENERATED.read_text(encoding="utf-8") == registry.generated_source(), (
        "projections/_routes.py is out of date: run python -m propsvc.projections.registry")


def test_load_domain_knows_every_event_class() -> None:
    load_domain()
    assert set(topics.MODULES) <= set(EVENT_TYPES)


def test_a_lazy_runner_routes_as_one_with_every_read_model() -> None:
    lazy = Runner("sqlite:////nonexistent/lazy.db")
    full = Runner("sqlite:////nonexistent/full.db", projections=all_projections())
    assert lazy.names == full.names == list(registry.READ_MODELS)
    for topic in sorted(topics.MODULES):
        assert lazy.targets(topic) == full.targets(topic), topic
    assert lazy.loaded() == []  # routing imported no read model
    # a topic the routes do not know (e.g. a test's own event class): every read model
    # is asked, as before
    for topic in sorted(set(EVENT_TYPES) - set(topics.MODULES)):
        assert lazy.targets(topic) == full.targets(topic), topic
    assert lazy.targets("nobody.Knows") == full.targets("nobody.Knows") == []


def test_an_event_class_is_found_by_importing_its_module_only() -> None:
    probe = ("import sys\n"
             "from propsvc.aggregates.topics import event_class\n"
             "cls = event_class('repair.WorkOrderIssued')\n"
             "print(cls.__module__, 'propsvc.aggregates.keys' in sys.modules,\n"
             "      'propsvc.aggregates.renovation_events' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["propsvc.aggregates.repair", "False", "False"]


def test_handlers_named_by_topic_name_real_topics_and_methods() -> None:
    load_domain()
    named = [(p, topic, method) for p in all_projections()
             for topic, method in type(p).by_topic.items()]
    assert named  # the handover log takes the desk services' events by topic
    for p, topic, method in named:
        assert topic in EVENT_TYPES, (p.name, topic)
        assert callable(getattr(p, method, None)), (p.name, method)
        assert p.routes(EVENT_TYPES[topic]), (p.name, topic)
