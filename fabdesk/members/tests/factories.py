import factory

from fabdesk.core.tests.factories import LabFactory
from fabdesk.members.models import MemberGroup, User
from fabdesk.members.roles import Role, role_set

PASSWORD = "correct horse battery staple"


class MemberGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberGroup

    lab = factory.SubFactory(LabFactory)
    name = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")


class UserFactory(factory.django.DjangoModelFactory):
    """A verified, active member who can log in with PASSWORD."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@example.test")
    first_name = factory.Faker("first_name", locale="fr_FR")
    last_name = factory.Faker("last_name", locale="fr_FR")
    lab = factory.SubFactory(LabFactory)
    status = User.Status.ACTIVE
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def with_role(obj, create, extracted, **kwargs):
        if create:
            role_set(user=obj, role=extracted or Role.MEMBER)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=obj, email=obj.email, defaults={"primary": True, "verified": True}
            )
