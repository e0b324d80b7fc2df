"""Billing's tables, one file per subject (settings_models, price_models, plan_models,
pack_models, wallet_models, charge_models, invoice_models, period_models), all imported
here so Django finds them. See /docs/adr/0013 for invoices."""

from .charge_models import Cart, Charge, ChargeLine
from .invoice_models import Invoice, InvoiceLine, Payment
from .pack_models import Pack, PackPrice, PackPurchase, PackUsage
from .period_models import ClosedPeriod
from .plan_models import Plan, PlanPrice, PlanUsage, Subscription
from .price_models import Item, ItemPrice, MachinePrice, SpacePrice
from .settings_models import AccountingSettings, InvoiceCounter
from .wallet_models import Wallet, WalletMovement

__all__ = [
    "AccountingSettings",
    "Cart",
    "Charge",
    "ChargeLine",
    "ClosedPeriod",
    "Invoice",
    "InvoiceCounter",
    "InvoiceLine",
    "Item",
    "ItemPrice",
    "MachinePrice",
    "Pack",
    "PackPrice",
    "PackPurchase",
    "PackUsage",
    "Payment",
    "Plan",
    "PlanPrice",
    "PlanUsage",
    "SpacePrice",
    "Subscription",
    "Wallet",
    "WalletMovement",
]
