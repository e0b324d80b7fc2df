"""The agenda's feeds for anyone: iCalendar (`agenda.ics`), RSS (`agenda.rss`), and the
page that gives their addresses and the `<iframe>` snippet of the embeddable agenda."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from .feeds import AgendaFeed, agenda_ics
from .links import absolute
from .models import EventType

agenda_rss = AgendaFeed()


def agenda_ical(request):
    response = HttpResponse(
        agenda_ics(lab=request.lab), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    response["Cache-Control"] = "public, max-age=300"
    return response


def feeds_page(request):
    """The feeds' addresses to subscribe to, and the snippet for the lab's own website."""
    embed = absolute(reverse("events:embed"))
    context = {
        "ics_url": absolute(reverse("events:agenda_ics")),
        "webcal_url": absolute(reverse("events:agenda_ics"))
        .replace("https://", "webcal://", 1)
        .replace("http://", "webcal://", 1),
        "rss_url": absolute(reverse("events:agenda_rss")),
        "snippet": f'<iframe src="{embed}" title="{request.lab.name}" width="100%" height="600" '
        'style="border:0" loading="lazy"></iframe>',
        "types": EventType.objects.filter(lab=request.lab, is_active=True),
    }
    return render(request, "events/feeds/page.html", context)
