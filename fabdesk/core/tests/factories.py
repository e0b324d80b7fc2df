import factory

from fabdesk.core.models import Lab


class LabFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lab
        django_get_or_create = ("slug",)

    name = "Fab Lab Test"
    slug = factory.Sequence(lambda n: f"lab-{n}")
    legal_name = "Association Fab Lab Test"
    city = "Lyon"
    postal_code = "69001"
    address_line1 = "1 rue des Makers"
    email = "contact@fablab.test"
