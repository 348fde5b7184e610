"""Load demonstration data. Idempotent: running it twice leaves the same data."""

import pghistory
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalogue import demo as catalogue_demo
from innovation import demo as innovation_demo
from innovation.shared import permissions
from meetings import demo as meetings_demo

DEMO_PASSWORD = "samskab-demo"  # noqa: S105 - documented demo password, DEBUG only

# username, first name, last name, role group (None: superuser)
DEMO_USERS = [
    ("medlem", "Mette", "Udvalgsen", permissions.COMMITTEE_MEMBER),
    ("medarbejder", "Mads", "Medarbejder", permissions.STAFF),
    ("sekretariat", "Sofie", "Sekretær", permissions.SECRETARIAT),
    ("admin", "Anders", "Administrator", None),
]


class Command(BaseCommand):
    help = "Create demo users (one per role) and demo content. Refuses unless DEBUG or --force."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even when DEBUG is off (never in production)."
        )

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "load_demo creates users with known passwords: it runs only with DEBUG on, "
                "or with --force."
            )
        with transaction.atomic():
            self.load_users()
            innovation_demo.before_meetings()
            # The history names the demo's secretariat as the one who built the meetings; the
            # catalogue names each idea's submitter and curator (catalogue.demo).
            secretariat = get_user_model().objects.get(username="sekretariat")
            with pghistory.context(user=secretariat.pk, command="load_demo"):
                meetings_demo.load()
            catalogue_demo.load()
            with pghistory.context(user=secretariat.pk, command="load_demo"):
                innovation_demo.load()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        for username, *_rest, group in DEMO_USERS:
            role = group or "superuser"
            self.stdout.write(f"  {username:<12} / {DEMO_PASSWORD}   ({role})")

    def load_users(self):
        User = get_user_model()
        for username, first_name, last_name, group_name in DEMO_USERS:
            user, _created = User.objects.update_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "email": f"{username}@example.org",
                    "is_staff": group_name in (None, permissions.SECRETARIAT),
                    "is_superuser": group_name is None,
                },
            )
            if not user.check_password(DEMO_PASSWORD):
                user.set_password(DEMO_PASSWORD)
                user.save(update_fields=["password"])
            if group_name:
                user.groups.set([Group.objects.get(name=group_name)])
