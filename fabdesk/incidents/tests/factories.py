"""Tickets built through the service, so each carries its first step like a real report."""

from fabdesk.incidents.services import incident_report


def report(reporter, machine, *, description="The laser does not fire.", unusable=False):
    return incident_report(
        reporter=reporter, machine=machine, description=description, unusable=unusable
    )
