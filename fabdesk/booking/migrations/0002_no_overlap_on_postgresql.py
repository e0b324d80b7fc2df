"""No two active bookings of one machine overlap, enforced by PostgreSQL itself (ADR 0009).

An exclusion constraint over (machine =, tstzrange(start, blocked_until) &&) for bookings not
cancelled, with btree_gist for the equality on the machine. It exists only on PostgreSQL: on
SQLite these operations do nothing and the service's IMMEDIATE write transaction serialises
the check and the insert. The constraint is kept out of the model state on purpose, so that
SQLite's table rebuilds never try to create it."""

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import migrations
from django.db.models import Func, Q

CONSTRAINT_NAME = "booking_no_overlap"


class TsTzRange(Func):
    function = "TSTZRANGE"


def no_overlap() -> ExclusionConstraint:
    return ExclusionConstraint(
        name=CONSTRAINT_NAME,
        expressions=[
            ("machine", RangeOperators.EQUAL),
            (TsTzRange("start", "blocked_until"), RangeOperators.OVERLAPS),
        ],
        condition=~Q(status="cancelled"),
    )


def add_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # btree_gist gives GiST indexes the equality on the machine id (a trusted extension
        # since PostgreSQL 13). Left in place on the way back: other tables may use it.
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        schema_editor.add_constraint(apps.get_model("booking", "Booking"), no_overlap())


def remove_constraint(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_constraint(apps.get_model("booking", "Booking"), no_overlap())


class Migration(migrations.Migration):
    dependencies = [("booking", "0001_bookings_and_rules")]

    operations = [migrations.RunPython(add_constraint, remove_constraint)]
