"""Write the searchable name (pinyin, initials) of every user, e.g. after users were imported in bulk."""

from django.core.management.base import BaseCommand

from protocol.parties import services


class Command(BaseCommand):
    help = "Rewrite every user's searchable name (pinyin and initials) for the people picker."

    def handle(self, *args, **options):
        changed = services.users_index_names()
        self.stdout.write(self.style.SUCCESS(f"{changed} users' searchable names rewritten."))
