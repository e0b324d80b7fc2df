"""The demo lab's in-app messages: the demo member and the fab manager find news waiting."""

from django.urls import reverse

from fabdesk.core.demo import DemoRun, register_demo_step

from .models import Notification
from .services import notification_open, notify

MESSAGES = {  # person (run.people key): [(title, message, link, read already)]
    "member": [
        (
            "Bienvenue au Fab Lab de démo !",
            "Bonjour, et bienvenue parmi nous. Passez à l'accueil pour votre visite de "
            "sécurité : c'est elle qui ouvre l'accès aux formations et aux machines.",
            "core:home",
            True,
        ),
        (
            "Atelier : initiation à la découpe laser",
            "Un atelier d'initiation à la découpe laser a lieu samedi de 14 h à 17 h. "
            "Six places, inscription à l'accueil. Apportez vos idées de porte-clés !",
            "core:home",
            False,
        ),
    ],
    "fab_manager": [
        (
            "Des adhésions attendent votre validation",
            "Plusieurs personnes se sont inscrites cette semaine et attendent que l'équipe "
            "valide leur adhésion.",
            "members:list",
            False,
        ),
    ],
}


def demo_messages(run: DemoRun) -> None:
    for key, messages in MESSAGES.items():
        person = run.people.get(key)
        if (
            person is None
            or Notification.objects.filter(recipient=person, kind="notifications.message").exists()
        ):
            continue
        for title, message, link, read in messages:
            entry = notify(
                recipient=person,
                kind="notifications.message",
                context={"title": title, "message": message},
                url=reverse(link),
            )
            if entry is not None and read:
                notification_open(user=person, notification_id=entry.pk)


register_demo_step(30, demo_messages)
