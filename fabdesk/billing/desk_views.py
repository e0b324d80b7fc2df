"""The desk (staff): open a cart for a member or a walk-in customer, fill it with the
member's pending charges, catalogue items and free lines, take the payments and issue the
invoice, or abandon the cart. Views parse input, call one desk service, render."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fabdesk.core.decorators import staff_required
from fabdesk.core.errors import DomainError, NotFound
from fabdesk.core.forms import form_error
from fabdesk.members.models import User
from fabdesk.members.selectors import member_list

from . import desk_services as desk
from .charge_models import Charge
from .choices import CartStatus
from .desk_forms import AddItemForm, CheckoutForm, FreeLineForm, WalkInForm, payment_rows
from .desk_selectors import (
    cart_charges,
    cart_for_staff,
    charges_to_add,
    open_carts,
    wallet_of,
)
from .selectors import accounting_settings_get

SEARCH_LIMIT = 20


@staff_required
def desk_home(request):
    search = request.GET.get("q", "").strip()[:100]
    found = member_list(lab=request.lab, search=search)[:SEARCH_LIMIT] if search else []
    context = {
        "search": search,
        "found": found,
        "carts": open_carts(lab=request.lab),
        "walk_in": WalkInForm(),
    }
    return render(request, "billing/desk/home.html", context)


@staff_required
@require_POST
def desk_open(request):
    """A cart for the member chosen (`member`), or for the walk-in customer of the form."""
    member_id = request.POST.get("member", "")
    form = WalkInForm(None if member_id else request.POST)
    try:
        if member_id:
            member = User.objects.filter(lab=request.lab, pk=_int(member_id)).first()
            if member is None:
                raise NotFound(_("This member does not exist."), code="member_not_found")
            cart = desk.cart_open(actor=request.user, lab=request.lab, member=member)
        elif form.is_valid():
            cart = desk.cart_open(actor=request.user, lab=request.lab, **form.cleaned_data)
        else:
            cart = None
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("billing:desk")
    if cart is None:
        context = {"search": "", "found": [], "carts": open_carts(lab=request.lab), "walk_in": form}
        return render(request, "billing/desk/home.html", context, status=422)
    return redirect("billing:desk_cart", cart.pk)


def _int(value) -> int:
    return int(value) if str(value).isdigit() and len(str(value)) < 12 else 0


def _cart_page(request, cart, *, status=200, **forms):
    member = cart.member if cart.member_id else None
    charges = list(cart_charges(cart))
    settings = accounting_settings_get(lab=request.lab)
    context = {
        "cart": cart,
        "charges": charges,
        "totals": desk.cart_totals(charges),
        "to_add": charges_to_add(cart),
        "wallet": wallet_of(lab=request.lab, member=member) if member else None,
        "item_form": forms.get("item_form") or AddItemForm(lab=request.lab),
        "line_form": forms.get("line_form")
        or FreeLineForm(prices_include_tax=settings.prices_include_tax),
        "payments": forms.get("payments") or payment_rows(None, member=member),
        "checkout": forms.get("checkout") or CheckoutForm(),
        "checkout_error": forms.get("checkout_error", ""),
    }
    return render(request, "billing/desk/cart.html", context, status=status)


@staff_required
def cart_detail(request, cart_id: int):
    cart = cart_for_staff(lab=request.lab, cart_id=cart_id)
    if cart.status == CartStatus.CHECKED_OUT and cart.invoice_id:
        return redirect("billing:invoice_detail", cart.invoice_id)
    return _cart_page(request, cart)


def _done(request, cart, message: str):
    messages.success(request, message)
    return redirect("billing:desk_cart", cart.pk)


def _refused(request, cart, exc: DomainError):
    messages.error(request, str(exc.message))
    return redirect("billing:desk_cart", cart.pk)


@staff_required
@require_POST
def cart_add_charge(request, cart_id: int):
    cart = cart_for_staff(lab=request.lab, cart_id=cart_id)
    charge = Charge.objects.filter(lab=request.lab, pk=_int(request.POST.get("charge"))).first()
    try:
        if charge is None:
            raise NotFound(_("This charge does not exist."), code="charge_not_found")
        desk.cart_add_charge(actor=request.user, cart=cart, charge=charge)
    except DomainError as exc:
        return _refused(request, cart, exc)
    return _done(request, cart, _("Added: %(charge)s.") % {"charge": charge.description})


@staff_required
@require_POST
def cart_add_item(request, cart_id: int):
    cart = cart_for_staff(lab=request.lab, cart_id=cart_id)
    form = AddItemForm(request.POST, lab=request.lab)
    if form.is_valid():
        try:
            charge = desk.cart_add_item(actor=request.user, cart=cart, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            return _done(request, cart, _("Added: %(charge)s.") % {"charge": charge.description})
    return _cart_page(request, cart, status=422, item_form=form)


@staff_required
@require_POST
def cart_add_line(request, cart_id: int):
    cart = cart_for_staff(lab=request.lab, cart_id=cart_id)
    settings = accounting_settings_get(lab=request.lab)
    form = FreeLineForm(request.POST, prices_include_tax=settings.prices_include_tax)
    if form.is_valid():
        try:
            charge = desk.cart_add_line(actor=request.user, cart=cart, **form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            return _done(request, cart, _("Added: %(charge)s.") % {"charge": charge.description})
    return _cart_page(request, cart, status=422, line_form=form)


@staff_required
@require_POST
def cart_remove(request, cart_id: int, charge_id: int):
    cart = cart_for_staff(lab=request.lab, cart_id=cart_id)
    charge = Charge.objects.filter(lab=request.lab, pk=charge_id).first()
    try:
        if charge is None:
            raise NotFound(_("This charge is not in the cart."), code="charge_not_found")
        desk.cart_remove(actor=request.user, cart=cart, charge=charge)
    except DomainError as exc:
        return _refused(request, cart, exc)
    return _done(request, cart, _("Removed: %(charge)s.") % {"charge": charge.description})


@staff_required
@require_POST
def cart_abandon(request, cart_id: int):
    cart = cart_for_staff(lab=request.lab, cart_id=cart_id)
    try:
        desk.cart_abandon(actor=request.user, cart=cart)
    except DomainError as exc:
        return _refused(request, cart, exc)
    messages.success(request, _("The cart is abandoned; its charges wait to be paid again."))
    return redirect("billing:desk")


@staff_required
@require_POST
def cart_checkout(request, cart_id: int):
    cart = cart_for_staff(lab=request.lab, cart_id=cart_id)
    member = cart.member if cart.member_id else None
    payments = payment_rows(request.POST, member=member)
    checkout = CheckoutForm(request.POST)
    if payments.is_valid() and checkout.is_valid():
        taken = [p for p in (form.payment() for form in payments.forms) if p is not None]
        try:
            invoice = desk.cart_checkout(
                actor=request.user,
                cart=cart,
                payments=taken,
                allow_unpaid=checkout.cleaned_data["pay_later"],
            )
        except DomainError as exc:
            return _cart_page(request, cart, status=422, payments=payments, checkout=checkout,
                              checkout_error=str(exc.message))  # fmt: skip
        messages.success(request, _("Invoice %(number)s is issued.") % {"number": invoice.number})
        return redirect("billing:invoice_detail", invoice.pk)
    return _cart_page(request, cart, status=422, payments=payments, checkout=checkout)
