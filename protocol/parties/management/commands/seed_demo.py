import os

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from protocol import registry
from protocol.parties import services
from protocol.parties.models import Language, Party, User
from protocol.parties.roles import Role

DEFAULT_DEMO_PASSWORD = "demo-pass-2026"

# username, full name, party, roles, language
PERSONAS = [
    ("cas_official", "李明", "CAS", [Role.OFFICIAL], Language.CHINESE),
    ("sipo_official", "王芳", "SIPO", [Role.OFFICIAL], Language.CHINESE),
    ("cas_docadmin", "张伟", "CAS", [Role.DOCUMENT_ADMIN], Language.CHINESE),
    ("sipo_docadmin", "刘洋", "SIPO", [Role.DOCUMENT_ADMIN], Language.CHINESE),
    ("cas_coordinator", "陈静", "CAS", [Role.COORDINATOR, Role.OFFICIAL], Language.CHINESE),
    ("sipo_coordinator", "Zhao Lei", "SIPO", [Role.COORDINATOR, Role.OFFICIAL], Language.ENGLISH),
]


class Command(BaseCommand):
    help = "Load demo parties, personas and activities. Safe to run twice: existing rows are left alone."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with debug off (never on production).")

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError("Refusing to load demo data with DJANGO_DEBUG off; pass --force if you mean it.")
        password = os.environ.get("DEMO_PASSWORD", DEFAULT_DEMO_PASSWORD)
        with transaction.atomic():
            users = [self._persona(password, *persona) for persona in PERSONAS]
            self._admin(password)
            personas = {user.username: user for user in users}
            # Each registered app loads its own demo data: the ledger first, then the areas.
            made = {app.label: app.demo(personas=personas) for app in registry.registered() if app.demo}
        summary = ", ".join(f"{count} new in {label}" for label, count in made.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({summary})."))
        self.stdout.write(f"Demo sign-ins (password: {password}):")
        for username, full_name, party, roles, _language in PERSONAS:
            self.stdout.write(f"  {username:<18} {party:<5} {', '.join(roles):<28} {full_name}")
        self.stdout.write(f"  {'admin':<18} portal admin (/admin/)")

    def _persona(self, password, username, full_name, party_code, roles, language) -> User:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "full_name": full_name,
                "party": Party.objects.get(code=party_code),
                "email": f"{username}@example.org",
                "preferred_language": language,
            },
        )
        if created:
            services.user_index_name(user=user)
            user.set_password(password)
            user.save(update_fields=["password"])
            user.groups.set([Group.objects.get_or_create(name=role)[0] for role in roles])
        return user

    def _admin(self, password) -> None:
        if not User.objects.filter(username="admin").exists():
            User.objects.create_superuser(
                username="admin", email="admin@example.org", password=password, full_name="Portal admin"
            )
