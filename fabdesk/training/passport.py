"""A member's passport: their certifications (valid, expiring soon, no longer valid), the
machines they may use, and the trainings that would unlock more.

Every answer comes from certification_state / certification_check, the one rule. The
machines are checked by kind: the check depends on a machine only through the trainings that
unlock it (its lab, its category, the trainings naming it), so machines sharing a category
and the same trainings named directly get the same answer, computed once. The page costs the
same number of queries for 5 machines or 500 of the same kinds."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from fabdesk.equipment.models import Machine
from fabdesk.equipment.selectors import machine_list

from .certification_check import CheckResult, Refusal, certification_check, certification_state
from .models import Certification, Training
from .selectors import sessions_upcoming, training_list

EXPIRING_SOON_DAYS = 30  # when the training sets no reminder


@dataclass
class PassportEntry:
    training: Training
    certification: Certification
    refusal: Refusal | None
    expiring_soon: bool = False
    history: list[Certification] = field(default_factory=list)  # older rows, newest first


@dataclass
class MachineAnswer:
    machine: Machine
    result: CheckResult


@dataclass
class Unlock:
    training: Training
    machines: list[Machine]
    sessions: list = field(default_factory=list)


@dataclass
class Passport:
    member: object
    valid: list[PassportEntry] = field(default_factory=list)
    expiring: list[PassportEntry] = field(default_factory=list)
    invalid: list[PassportEntry] = field(default_factory=list)
    allowed: list[MachineAnswer] = field(default_factory=list)
    refused: list[MachineAnswer] = field(default_factory=list)
    unlocks: list[Unlock] = field(default_factory=list)

    @property
    def held_training_ids(self) -> set[int]:
        return {entry.training.pk for entry in self.valid + self.expiring}


def expiring_soon(certification: Certification, training: Training, at: dt.datetime) -> bool:
    """Valid now, and ending within the training's reminder window (else 30 days)."""
    if certification.expires_at is None:
        return False
    days = training.expiry_reminder_days or EXPIRING_SOON_DAYS
    return certification.expires_at - at <= dt.timedelta(days=days)


def certification_entries(member, at: dt.datetime) -> list[PassportEntry]:
    """One entry per training the member was ever certified for: the certification that
    counts at `at`, why it does not (None when it does), and the older rows."""
    rows = (
        Certification.objects.filter(member=member)
        .select_related("training__lab", "granted_by", "revoked_by", "session")
        .prefetch_related(
            Prefetch("training__prerequisites", queryset=Training.objects.select_related("lab"))
        )
        .order_by("training__position", "training__title", "-granted_at", "-id")
    )
    by_training: dict[int, list[Certification]] = defaultdict(list)
    for row in rows:
        by_training[row.training_id].append(row)
    entries = []
    for history in by_training.values():
        training = history[0].training
        cert, refusal = certification_state(member=member, training=training, at=at)
        if cert is None:  # only granted in the future: nothing to show yet
            continue
        entry = PassportEntry(
            training=training,
            certification=cert,
            refusal=refusal,
            history=[row for row in history if row.pk != cert.pk],
        )
        entry.expiring_soon = refusal is None and expiring_soon(cert, training, at)
        entries.append(entry)
    return entries


def _machine_answers(member, at: dt.datetime) -> list[MachineAnswer]:
    machines = list(machine_list(lab=member.lab))
    named: dict[int, set[int]] = defaultdict(set)
    links = Training.machines.through.objects.filter(machine__in=[m.pk for m in machines])
    for machine_id, training_id in links.values_list("machine_id", "training_id"):
        named[machine_id].add(training_id)
    answers, by_kind = [], {}
    for machine in machines:
        kind = (machine.category_id, frozenset(named[machine.pk]))
        if kind not in by_kind:
            by_kind[kind] = certification_check(member=member, machine=machine, at=at)
        answers.append(MachineAnswer(machine=machine, result=by_kind[kind]))
    return answers


def _unlocks(member, refused: list[MachineAnswer], held: set[int], at) -> list[Unlock]:
    machines_by_training: dict[int, list[Machine]] = defaultdict(list)
    for answer in refused:
        for training in answer.result.trainings:
            if training.pk not in held:
                machines_by_training[training.pk].append(answer.machine)
    trainings = list(training_list(lab=member.lab).filter(pk__in=machines_by_training))
    sessions = sessions_upcoming(trainings=trainings, now=at)
    return [
        Unlock(training=t, machines=machines_by_training[t.pk], sessions=sessions.get(t.pk, []))
        for t in trainings
    ]


def member_passport(*, member, at: dt.datetime | None = None) -> Passport:
    at = at or timezone.now()
    passport = Passport(member=member)
    for entry in certification_entries(member, at):
        if entry.refusal is not None:
            passport.invalid.append(entry)
        elif entry.expiring_soon:
            passport.expiring.append(entry)
        else:
            passport.valid.append(entry)
    for answer in _machine_answers(member, at):
        (passport.allowed if answer.result.allowed else passport.refused).append(answer)
    passport.unlocks = _unlocks(member, passport.refused, passport.held_training_ids, at)
    return passport
