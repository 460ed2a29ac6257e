from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from khabar.ingest.demo import seed_demo


class Command(BaseCommand):
    help = "Load demo content (the seed article and generated articles) and print an editor login."

    def handle(self, *args: object, **options: object) -> None:
        created = seed_demo(log=self.stdout.write)
        self.stdout.write(f"{created} demo articles created.")
        User = get_user_model()
        user, _ = User.objects.get_or_create(
            username="editor", defaults={"first_name": "دبیر", "last_name": "سرویس"}
        )
        password = getattr(settings, "KHABAR_DEMO_PASSWORD", "") or secrets.token_urlsafe(9)
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            self.style.SUCCESS(
                f"\nEditor login: http://127.0.0.1:8000/admin/  user: editor  password: {password}\n"
            )
        )
