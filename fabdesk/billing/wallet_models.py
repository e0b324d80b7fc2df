"""The wallet: a member's prepaid balance at the lab, topped up at the desk, spent on
anything, credited by refunds. The balance never goes below zero (a constraint, and the
services lock the wallet row before they move money); every movement is a row that is
never changed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import PaymentMethod, WalletMovementKind
from .price_models import MONEY
from .records import FinalRecord


class Wallet(models.Model):
    lab = models.ForeignKey("core.Lab", on_delete=models.PROTECT, related_name="+")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.PROTECT,
        related_name="wallets",
    )
    balance = models.DecimalField(_("balance"), default=0, **MONEY)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("wallet")
        verbose_name_plural = _("wallets")
        constraints = [
            models.UniqueConstraint(fields=["lab", "member"], name="wallet_one_per_member"),
            models.CheckConstraint(condition=Q(balance__gte=0), name="wallet_never_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.balance}"


class WalletMovement(FinalRecord):
    """A signed amount: positive in (top-up, refund), negative out (spend, paid back)."""

    Kind = WalletMovementKind

    wallet = models.ForeignKey(Wallet, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("kind"), max_length=20, choices=WalletMovementKind.choices)
    amount = models.DecimalField(_("amount"), **MONEY)
    balance_after = models.DecimalField(_("balance after"), **MONEY)
    method = models.CharField(
        _("paid by"),
        max_length=20,
        choices=PaymentMethod.choices,
        blank=True,
        help_text=_("How the money came in or went out, for top-ups and paying back."),
    )
    provider = models.CharField(_("payment provider"), max_length=40, blank=True)
    provider_reference = models.CharField(_("provider reference"), max_length=120, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    payment = models.ForeignKey(
        "billing.Payment",
        verbose_name=_("payment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="wallet_movements",
    )
    invoice = models.ForeignKey(
        "billing.Invoice",
        verbose_name=_("invoice or credit note"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="wallet_movements",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("wallet movement")
        verbose_name_plural = _("wallet movements")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="walletmovement_not_zero"),
            models.CheckConstraint(
                condition=Q(balance_after__gte=0), name="walletmovement_balance_not_negative"
            ),
            models.CheckConstraint(
                condition=(Q(kind__in=["top_up", "refund"]) & Q(amount__gt=0))
                | (Q(kind__in=["spend", "withdrawal"]) & Q(amount__lt=0)),
                name="walletmovement_sign_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount}"
