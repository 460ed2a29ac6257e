from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

from khabar.ingest.demo import seed_demo
from khabar.news import roles
from khabar.news.models import Category

# username, first and last name, role group; the desk editor acts in every category.
DEMO_STAFF = (
    ("editor", "مریم", "سردبیری", roles.CHIEF_EDITOR),
    ("desk", "علی", "دبیری", roles.EDITOR),
    ("reporter", "سارا", "خبرنگاری", roles.REPORTER),
)


class Command(BaseCommand):
    help = (
        "Load demo content (the seed article and generated articles) and print the newsroom logins."
    )

    def handle(self, *args: object, **options: object) -> None:
        created = seed_demo(log=self.stdout.write)
        self.stdout.write(f"{created} demo articles created.")
        password = getattr(settings, "KHABAR_DEMO_PASSWORD", "") or secrets.token_urlsafe(9)
        User = get_user_model()
        lines = []
        for username, first, last, role in DEMO_STAFF:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"first_name": first, "last_name": last}
            )
            user.is_staff = True
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            if role == roles.EDITOR:
                for category in Category.objects.all():
                    category.editors.add(user)
            lines.append(f"  {role:<10} user: {username:<9} password: {password}")
        self.stdout.write(
            self.style.SUCCESS(
                "\nNewsroom: http://127.0.0.1:8000/admin/\n"
                f"Editor login: user: editor  password: {password}\n" + "\n".join(lines) + "\n"
            )
        )
