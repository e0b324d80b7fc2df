"""The desk's checkout: staff open a cart for a member or a walk-in customer, put the
member's pending charges in it, add items from the catalogue and free lines, then issue the
invoice with the payments taken (invoice_services.invoice_issue, one transaction) or
abandon the cart. Pricing, charges, invoices and payments are billing's core services;
this module only moves charges in and out of carts."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fabdesk.core.errors import Conflict, Forbidden, Invalid, NotFound
from fabdesk.core.services import audit_record
from fabdesk.members.permissions import is_staff

from .charge_models import Cart, Charge
from .charge_services import charge_cancel, charge_create
from .choices import CartStatus, ChargeStatus, ItemType
from .invoice_models import Invoice
from .invoice_services import invoice_issue
from .invoice_write import vat_breakdown
from .payment_services import PaymentIn
from .price_models import Item

ZERO = Decimal(0)


def _staff_only(actor) -> None:
    if not is_staff(actor):
        raise Forbidden()


def _open_cart(cart: Cart) -> Cart:
    """The cart, locked, refused unless it is still open."""
    carts = Cart.objects.select_for_update(of=("self",)).select_related("lab", "member")
    cart = carts.get(pk=cart.pk)
    if cart.status != CartStatus.OPEN:
        raise Conflict(_("This cart is already closed."), code="cart_closed")
    return cart


@transaction.atomic
def cart_open(
    *,
    actor,
    lab,
    member=None,
    customer_name: str = "",
    customer_address: str = "",
    customer_email: str = "",
    customer_company_id: str = "",
) -> Cart:
    """A cart for a member (their open cart if they already have one) or a walk-in customer
    (a name is required)."""
    _staff_only(actor)
    if member is not None:
        if member.lab_id != lab.pk:
            raise NotFound(_("This member does not exist."), code="member_not_found")
        found = Cart.objects.filter(lab=lab, member=member, status=CartStatus.OPEN).first()
        if found is not None:
            return found
    elif not customer_name.strip():
        raise Invalid(
            _("Give the customer's name."), code="customer_missing", field="customer_name"
        )
    cart = Cart.objects.create(
        lab=lab,
        member=member,
        customer_name="" if member else customer_name.strip()[:200],
        customer_address="" if member else customer_address.strip(),
        customer_email="" if member else customer_email.strip(),
        customer_company_id="" if member else customer_company_id.strip()[:40],
        opened_by=actor,
    )
    audit_record(actor=actor, target=cart, action="billing.cart_opened")
    return cart


def _customer(cart: Cart) -> dict:
    if cart.member_id:
        return {"member": cart.member}
    return {
        "customer_name": cart.customer_name,
        "customer_address": cart.customer_address,
        "customer_email": cart.customer_email,
    }


def _into_cart(charge: Charge | None, cart: Cart) -> Charge:
    if charge is None:
        raise Invalid(_("There is nothing to charge for this."), code="nothing_to_charge")
    if charge.status == ChargeStatus.COVERED:
        return charge  # nothing to pay: covered by a plan or a pack
    charge.cart = cart
    charge.status = ChargeStatus.IN_CART
    charge.save(update_fields=["cart", "status"])
    return charge


@transaction.atomic
def cart_add_charge(*, actor, cart: Cart, charge: Charge) -> Charge:
    """Put one of the member's pending charges in their cart."""
    _staff_only(actor)
    cart = _open_cart(cart)
    charge = Charge.objects.select_for_update(of=("self",)).get(pk=charge.pk)
    if charge.lab_id != cart.lab_id or not cart.member_id or charge.member_id != cart.member_id:
        raise NotFound(_("This charge is not this customer's."), code="charge_not_found")
    if charge.status != ChargeStatus.PENDING:
        raise Conflict(
            _("%(charge)s is not waiting to be paid.") % {"charge": charge.description},
            code="charge_not_pending",
        )
    return _into_cart(charge, cart)


@transaction.atomic
def cart_add_item(*, actor, cart: Cart, item: Item, quantity: Decimal) -> Charge:
    """Sell `quantity` of a catalogue item (sheets, grams, units) at its current price."""
    _staff_only(actor)
    cart = _open_cart(cart)
    if item.lab_id != cart.lab_id or not item.is_active:
        raise NotFound(_("This item is not on sale."), code="item_not_found", field="item")
    charge = charge_create(
        actor=actor,
        lab=cart.lab,
        item_type=item.item_type,
        target=item,
        quantity=quantity,
        **_customer(cart),
    )
    return _into_cart(charge, cart)


@transaction.atomic
def cart_add_line(
    *,
    actor,
    cart: Cart,
    description: str,
    unit_price: Decimal,
    quantity: Decimal = Decimal(1),
    vat_rate: Decimal | None = None,
    item_type: str = ItemType.OTHER,
) -> Charge:
    """A free line typed by staff: its description, unit price (as the lab's price lists
    are: VAT included or not) and VAT rate (None: the lab's default)."""
    _staff_only(actor)
    cart = _open_cart(cart)
    if not description.strip():
        raise Invalid(_("Describe what is sold."), code="description_missing", field="description")
    charge = charge_create(
        actor=actor,
        lab=cart.lab,
        item_type=item_type,
        description=description.strip(),
        unit_price=Decimal(unit_price),
        vat_rate=vat_rate,
        quantity=quantity,
        **_customer(cart),
    )
    return _into_cart(charge, cart)


def _made_at_the_desk(charge: Charge, cart: Cart) -> bool:
    """Items and free lines added in this cart (not priced from a booking, a training…)."""
    return charge.source_id is None and charge.created_at >= cart.opened_at


def _take_out(*, actor, cart: Cart, charge: Charge) -> None:
    if _made_at_the_desk(charge, cart):
        charge_cancel(actor=actor, charge=charge, reason=_("Removed from the cart"))
    else:
        Charge.objects.filter(pk=charge.pk).update(cart=None, status=ChargeStatus.PENDING)


@transaction.atomic
def cart_remove(*, actor, cart: Cart, charge: Charge) -> None:
    """Take a charge out of the cart: a pending charge waits to be paid again; an item or a
    free line added here is cancelled."""
    _staff_only(actor)
    cart = _open_cart(cart)
    charge = Charge.objects.select_for_update(of=("self",)).filter(pk=charge.pk, cart=cart).first()
    if charge is None:
        raise NotFound(_("This charge is not in the cart."), code="charge_not_found")
    _take_out(actor=actor, cart=cart, charge=charge)


@transaction.atomic
def cart_abandon(*, actor, cart: Cart) -> Cart:
    """Close the cart without invoicing: its pending charges wait to be paid again, the
    items and free lines added in it are cancelled."""
    _staff_only(actor)
    cart = _open_cart(cart)
    for charge in Charge.objects.select_for_update(of=("self",)).filter(cart=cart):
        _take_out(actor=actor, cart=cart, charge=charge)
    cart.status = CartStatus.ABANDONED
    cart.closed_at = timezone.now()
    cart.save(update_fields=["status", "closed_at"])
    audit_record(actor=actor, target=cart, action="billing.cart_abandoned")
    return cart


def cart_checkout(
    *, actor, cart: Cart, payments: Sequence[PaymentIn] = (), allow_unpaid: bool = False
) -> Invoice:
    """Issue the cart's invoice with the payments taken (their sum must be the total,
    unless `allow_unpaid`: paid later); its PDF is rendered once the invoice is saved."""
    _staff_only(actor)
    return invoice_issue(
        actor=actor, lab=cart.lab, cart=cart, payments=payments, allow_unpaid=allow_unpaid
    )


@dataclass(frozen=True)
class CartTotals:
    excl_tax: Decimal
    vat: Decimal
    incl_tax: Decimal
    per_rate: list[dict]


def cart_totals(charges: Sequence[Charge]) -> CartTotals:
    """What the invoice of these charges will say (their lines prefetched)."""
    lines = [line for charge in charges for line in charge.lines.all()]
    return CartTotals(
        excl_tax=sum((line.amount_excl_tax for line in lines), ZERO),
        vat=sum((line.vat_amount for line in lines), ZERO),
        incl_tax=sum((line.amount_incl_tax for line in lines), ZERO),
        per_rate=vat_breakdown(lines),
    )
