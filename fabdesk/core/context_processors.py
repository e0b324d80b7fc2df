from django.conf import settings

from .selectors import labs_are_several


def fabdesk(request):
    lab = getattr(request, "lab", None)
    return {
        "lab": lab,
        "several_labs": labs_are_several() if request.user.is_authenticated else False,
        "SITE_URL": settings.SITE_URL,
    }
