"""The price shown before confirming, on the other apps' confirmation pages (ADR 0015):

    {% load billing_prices %}
    {% booking_price form=slot_form resource=resource %}        (a booking form, live)
    {% booking_price form=form resource=booking.resource booking=booking %}   (moving it)
    {% enrolment_price session=session %}
    {% registration_price form=form event=event %}              (live)
    {% print_price amount=quote.total %}

A live price follows the form: htmx asks /billing/price-preview/… again with the form's
fields on each change. Nothing is shown when the thing is free or the form incomplete."""

from urllib.parse import urlencode

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from fabdesk.equipment.models import Machine

from ..integrations.preview_input import form_values
from ..integrations.previews import (
    Shown,
    booking_shown,
    enrolment_shown,
    print_shown,
    registration_shown,
)

register = template.Library()

TEMPLATE = "billing/integrations/price_preview.html"


def _render(context, shown: Shown, *, live_url: str = "", prefix: str = "") -> str:
    """Rendered without the request: the page's context processors are not run again."""
    return render_to_string(TEMPLATE, {
        "shown": shown, "live_url": live_url, "box_id": f"price-preview-{prefix or 'form'}",
        "user": context["request"].user,
    })  # fmt: skip


def _live_url(kind: str, prefix: str, **ids) -> str:
    query = urlencode({**{k: v for k, v in ids.items() if v is not None}, "prefix": prefix})
    return f"{reverse('billing:price_preview', args=[kind])}?{query}"


@register.simple_tag(takes_context=True)
def booking_price(context, form, resource, booking=None) -> str:
    user = context["request"].user
    if form is None or not user.is_authenticated:
        return ""
    shown = booking_shown(user=user, resource=resource, values=form_values(form),
                          booking=booking)  # fmt: skip
    if booking is not None:
        url = _live_url("move", form.prefix or "", booking=booking.pk)
    else:
        key = "machine" if isinstance(resource, Machine) else "space"
        url = _live_url("booking", form.prefix or "", **{key: resource.pk})
    return _render(context, shown, live_url=url, prefix=form.prefix or "")


@register.simple_tag(takes_context=True)
def enrolment_price(context, session) -> str:
    user = context["request"].user
    if not user.is_authenticated:
        return ""
    return _render(context, enrolment_shown(user=user, session=session), prefix="enrolment")


@register.simple_tag(takes_context=True)
def registration_price(context, form, event) -> str:
    if form is None:
        return ""
    user = context["request"].user
    shown = registration_shown(user=user, event=event, values=form_values(form))
    url = _live_url("registration", form.prefix or "", event=event.pk)
    return _render(context, shown, live_url=url, prefix=form.prefix or "registration")


@register.simple_tag(takes_context=True)
def print_price(context, amount, lab=None) -> str:
    request = context["request"]
    lab = lab or request.lab
    return _render(context, print_shown(user=request.user, lab=lab, amount=amount), prefix="print")
