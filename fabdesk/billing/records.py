"""Records that are never changed once written (issued invoices and their lines, payments,
wallet movements, closed periods): saving one again or deleting one raises. Only the fields
a model lists in MUTABLE_FIELDS may be saved again, with `save(update_fields=[...])` (an
invoice's payment status, its rendered PDF). Deletions through a queryset are refused too
(the pre_delete signal below). What bypasses the ORM (raw SQL, QuerySet.update) is what
`fabdesk verify-invoices` catches (ADR 0013)."""

from django.db import models
from django.db.models.signals import pre_delete
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _

from fabdesk.core.errors import Conflict


class RecordIsFinal(Conflict):
    default_code = "record_is_final"
    default_message = _(
        "An issued record is never changed or deleted; correct it with a credit note."
    )


class FinalRecord(models.Model):
    MUTABLE_FIELDS: frozenset[str] = frozenset()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            update_fields = kwargs.get("update_fields")
            if not update_fields or not set(update_fields) <= self.MUTABLE_FIELDS:
                raise RecordIsFinal()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RecordIsFinal()


@receiver(pre_delete)
def _refuse_deleting_final_records(sender, instance, **kwargs) -> None:
    if isinstance(instance, FinalRecord):
        raise RecordIsFinal()
