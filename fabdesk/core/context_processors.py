from django.conf import settings

from .selectors import labs_are_several


def user_is_authenticated(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


def fabdesk(request):
    lab = getattr(request, "lab", None)
    return {
        "lab": lab,
        "several_labs": labs_are_several()
        if lab is not None and user_is_authenticated(request)
        else False,
        "SITE_URL": settings.SITE_URL,
    }
