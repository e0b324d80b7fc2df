"""Members: the custom user model (account + member profile) and the lab's member groups."""

from django.conf import settings
from django.contrib.auth.base_user import BaseUserManager
from django.contrib.auth.models import AbstractBaseUser, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class MemberGroup(models.Model):
    """A price category of the lab: adult, reduced/student, company, association..."""

    lab = models.ForeignKey("core.Lab", on_delete=models.CASCADE, related_name="member_groups")
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("code"), max_length=60)
    description = models.TextField(_("description"), blank=True)
    is_default = models.BooleanField(
        _("default group"), default=False, help_text=_("Given to members who sign up.")
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["lab", "position", "name"]
        verbose_name = _("member group")
        verbose_name_plural = _("member groups")
        constraints = [
            models.UniqueConstraint(fields=["lab", "slug"], name="membergroup_unique_slug_per_lab"),
            models.UniqueConstraint(
                fields=["lab"],
                condition=models.Q(is_default=True),
                name="membergroup_one_default_per_lab",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("An email address is required.")
        if "lab" not in extra and "lab_id" not in extra:
            from fabdesk.core.selectors import lab_default

            extra["lab"] = lab_default()
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.update(is_staff=True, is_superuser=True, status=User.Status.ACTIVE)
        user = self._create_user(email, password, **extra)
        from .roles import Role, role_set

        role_set(user=user, role=Role.ADMIN)
        return user

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account: member, staff or admin (roles are Django groups, see roles.py).

    `is_staff` is Django's flag for the admin site only; Fabdesk's own staff rights come from
    the role (members.roles)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending validation")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    email = models.EmailField(_("email address"), unique=True)
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    lab = models.ForeignKey(
        "core.Lab",
        verbose_name=_("lab"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    member_group = models.ForeignKey(
        MemberGroup,
        verbose_name=_("member group"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    status_reason = models.CharField(_("reason for the status"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    address_line1 = models.CharField(_("address"), max_length=200, blank=True)
    address_line2 = models.CharField(_("address (continued)"), max_length=200, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    terms_accepted_at = models.DateTimeField(_("terms accepted on"), null=True, blank=True)
    newsletter_consent_at = models.DateTimeField(
        _("newsletter consent given on"), null=True, blank=True
    )
    notes = models.TextField(_("staff notes"), blank=True)
    trusted = models.BooleanField(
        _("trusted member"),
        default=False,
        help_text=_(
            "A trusted member may book outside opening hours the machines and spaces whose "
            "booking rule allows it."
        ),
    )
    is_staff = models.BooleanField(_("admin site access"), default=False)
    is_active = models.BooleanField(_("can log in"), default=True)
    date_joined = models.DateTimeField(_("joined on"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        verbose_name = _("member")
        verbose_name_plural = _("members")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_case_insensitive",
                violation_error_message=_("A member with this email address already exists."),
            ),
        ]
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    def get_full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("members:detail", args=[self.pk])

    def get_short_name(self) -> str:
        return self.first_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    @property
    def is_suspended(self) -> bool:
        return self.status == self.Status.SUSPENDED

    @property
    def postal_address(self) -> str:
        city = f"{self.postal_code} {self.city}".strip()
        lines = [self.address_line1, self.address_line2, city, self.country]
        return "\n".join(line for line in lines if line)
