"""The demo lab's in-app messages: the demo member finds news from the team."""

from django.urls import reverse

from fabdesk.core.demo import DemoRun, register_demo_step

from .models import Notification
from .services import notification_open, notify

MESSAGES = [  # title, message, read already
    (
        "Bienvenue au Fab Lab de démo !",
        "Bonjour, et bienvenue parmi nous. Passez à l'accueil pour votre visite de sécurité : "
        "c'est elle qui ouvre l'accès aux formations et aux machines.",
        True,
    ),
    (
        "Atelier : initiation à la découpe laser",
        "Un atelier d'initiation à la découpe laser a lieu samedi de 14 h à 17 h. "
        "Six places, inscription à l'accueil. Apportez vos idées de porte-clés !",
        False,
    ),
]


def demo_messages(run: DemoRun) -> None:
    member = run.people.get("member")
    if (
        member is None
        or Notification.objects.filter(recipient=member, kind="notifications.message").exists()
    ):
        return
    for title, message, read in MESSAGES:
        entry = notify(
            recipient=member,
            kind="notifications.message",
            context={"title": title, "message": message},
            url=reverse("core:home"),
        )
        if entry is not None and read:
            notification_open(user=member, notification_id=entry.pk)


register_demo_step(30, demo_messages)
