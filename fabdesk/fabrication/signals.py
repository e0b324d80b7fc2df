"""Signals the print queue sends (billing charges with them, ADR 0015; the job rules know
nothing of charges beyond the approved price).

Sent inside the service's transaction, after the change is saved: a receiver that raises
rolls the whole change back.
- print_job_approved(sender=PrintJob, job=, actor=): staff approved the job at
  `job.approved_price`.
- print_job_cancelled(sender=PrintJob, job=, actor=, by_lab=): the job will not be printed:
  withdrawn by its requester, or rejected by the staff (`by_lab` True)."""

from django.dispatch import Signal

print_job_approved = Signal()
print_job_cancelled = Signal()
