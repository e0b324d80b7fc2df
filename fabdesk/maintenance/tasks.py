"""Background tasks of preventive maintenance."""

from django_tasks import task

from .services import maintenance_check_all


@task()
def maintenance_check_task() -> dict[str, int]:
    """The hourly check for every lab (see `fabdesk maintenance-check`). Returns, per lab,
    how many plans were newly reported overdue."""
    return {slug: len(result.notified) for slug, result in maintenance_check_all().items()}
