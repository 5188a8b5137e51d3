"""Time one worker delivering a burst of notifications over real SMTP, then the next morning's digests.

`make bench-notify` runs this in a database of its own (portal_bench). It writes pending outbox
rows for `--users` bench users about a few logged activities, with a mix of preferences (most
e-mail at once, some daily digest, some portal only), then runs the outbox sweep, the worker's own
code, in `--processes` forked processes at once (a Celery worker's default pool on this 2-core
machine is two), against an SMTP server (aiosmtpd, a development requirement) listening in a
separate process. Everything it made is deleted at the end.
"""

import multiprocessing
import random
import time
from datetime import date, timedelta

from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings
from django.utils import timezone

from protocol.activities.models import Activity, Status
from protocol.activities.notifications import ACTIVITY_CONFIRMED, ACTIVITY_LOGGED, ACTIVITY_RETURNED
from protocol.areas import Area
from protocol.celery import app as celery_app
from protocol.notifications import outbox
from protocol.notifications.models import Channel, Digest, NotificationPreference, OutboxMessage, OutboxStatus
from protocol.notifications.services import digests_build
from protocol.parties.models import Language, Party, User
from protocol.parties.names import name_search_key
from protocol.parties.roles import Role

PREFIX = "bench_notify_"
SEED = 20_26
KINDS = [ACTIVITY_LOGGED, ACTIVITY_CONFIRMED, ACTIVITY_RETURNED]
BATCH = 500  # rows per sweep, as the beat task takes them


def _serve_smtp(ready, stop, counts) -> None:
    """The SMTP server's process: report the port, count messages until told to stop."""
    import logging

    from bench.smtp_sink import smtp_sink

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every command otherwise
    with smtp_sink(keep_messages=False) as sink:
        ready.send(sink.port)
        stop.wait()
        counts.send(sink.count)


def _sweep_until_done() -> None:
    while outbox.sweep(limit=BATCH):
        pass
    connection.close()


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--notifications", type=int, default=10_000)
        parser.add_argument("--users", type=int, default=500)
        parser.add_argument(
            "--processes",
            type=int,
            default=2,
            help="sweeping processes; a Celery worker's default pool is one per CPU (2 here)",
        )
        parser.add_argument("--yes", action="store_true", help="run in a database not named *bench*")

    def handle(self, *args, notifications: int, users: int, processes: int, yes: bool, **options):
        if "bench" not in connection.settings_dict["NAME"] and not yes:
            raise CommandError("Run this in a database named *bench* (make bench-notify does), or pass --yes.")
        self._cleanup()
        rng = random.Random(SEED)
        people = self._seed_users(users, rng)
        targets = self._seed_activities(people)
        expected_now, expected_digests = self._seed_outbox(notifications, people, targets, rng)

        # Forked before any thread starts; the child only runs the SMTP server, never Django.
        context = multiprocessing.get_context("fork")
        port_in, port_out = context.Pipe(duplex=False)
        counts_in, counts_out = context.Pipe(duplex=False)
        stop = context.Event()
        server = context.Process(target=_serve_smtp, args=(port_out, stop, counts_out), daemon=True)
        server.start()
        if not port_in.poll(30):
            raise CommandError("The SMTP server did not start.")
        port = port_in.recv()
        smtp = {"EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1"}
        # As with a broker and no worker yet: what the digests publish waits for the sweep, which
        # is the worker here. (Without REDIS_URL tasks would otherwise run inside the build.)
        eager = celery_app.conf.task_always_eager
        celery_app.conf.task_always_eager = False
        try:
            with override_settings(**smtp, EMAIL_PORT=port, EMAIL_USE_TLS=False, EMAIL_USE_SSL=False):
                deliver_seconds = self._sweep_all(processes)
                tomorrow = timezone.now() + timedelta(days=1)
                started = time.perf_counter()
                built = digests_build(now=tomorrow)
                build_seconds = time.perf_counter() - started
                digest_deliver_seconds = self._sweep_all(processes)
        finally:
            celery_app.conf.task_always_eager = eager
            stop.set()
            emails = counts_in.recv() if counts_in.poll(30) else -1
            server.join(timeout=10)

        sent = OutboxMessage.objects.filter(recipient__username__startswith=PREFIX, status=OutboxStatus.SENT)
        failed = OutboxMessage.objects.filter(recipient__username__startswith=PREFIX, status=OutboxStatus.FAILED)
        self.stdout.write(
            f"{notifications} notifications for {users} users: {expected_now} e-mailed at once, "
            f"{expected_digests} users with a digest waiting"
        )
        self.stdout.write(
            f"delivery (in-app + SMTP), {processes} process(es): {deliver_seconds:.1f} s "
            f"({notifications / deliver_seconds:.0f} notifications/s)"
        )
        self.stdout.write(
            f"next morning's digests: {built} built in {build_seconds:.1f} s, "
            f"delivered in {digest_deliver_seconds:.1f} s"
        )
        self.stdout.write(
            f"total {deliver_seconds + build_seconds + digest_deliver_seconds:.1f} s; SMTP server accepted {emails} "
            f"(expected {expected_now + expected_digests}); rows sent {sent.count()}, failed {failed.count()}"
        )
        ok = emails == expected_now + expected_digests and not failed.exists()
        self._cleanup()
        if not ok:
            raise CommandError("The SMTP server did not receive exactly the expected e-mails.")

    def _sweep_all(self, processes: int) -> float:
        """Sweep until nothing is due, in `processes` forked processes sweeping at once, as the
        pool processes of a worker do (each row is claimed by one of them only)."""
        started = time.perf_counter()
        connection.close()  # each child opens its own
        context = multiprocessing.get_context("fork")
        sweepers = [context.Process(target=_sweep_until_done) for _ in range(processes)]
        for sweeper in sweepers:
            sweeper.start()
        for sweeper in sweepers:
            sweeper.join()
        if any(sweeper.exitcode for sweeper in sweepers):
            raise CommandError("A sweeping process failed.")
        return time.perf_counter() - started

    def _seed_users(self, count: int, rng: random.Random) -> list[User]:
        parties = list(Party.objects.order_by("code"))
        if len(parties) < 2:
            raise CommandError("The parties are missing: run migrate first.")
        users = User.objects.bulk_create(
            User(
                username=f"{PREFIX}{n:04d}",
                full_name=f"Bench User {n}",
                name_search=name_search_key(f"Bench User {n}"),
                email=f"{PREFIX}{n:04d}@example.org",
                party=parties[n % 2],
                preferred_language=rng.choice([Language.CHINESE, Language.ENGLISH]),
            )
            for n in range(count)
        )
        coordinators = Group.objects.get(name=Role.COORDINATOR)
        coordinators.user_set.add(*users)
        # Most keep the defaults; a fifth take everything by digest, a tenth keep it in the portal.
        choices = []
        for user in users:
            roll = rng.random()
            channel = Channel.DIGEST if roll < 0.2 else Channel.PORTAL if roll < 0.3 else None
            if channel:
                choices += [NotificationPreference(user=user, kind=kind.key, channel=channel) for kind in KINDS]
        NotificationPreference.objects.bulk_create(choices)
        return users

    def _seed_activities(self, people: list[User]) -> list[Activity]:
        return Activity.objects.bulk_create(
            Activity(
                area=area,
                kind="joint_analysis",
                title=f"{PREFIX}activity {n} 专利分析",
                start_date=date(2026, 1, 1),
                lead_party_id=people[n % 2].party_id,
                party_id=people[n % 2].party_id,
                author=people[n % 2],
                status=Status.LOGGED,
            )
            for n, area in enumerate(Area.values * 4)
        )

    def _seed_outbox(self, count: int, people: list[User], targets: list[Activity], rng: random.Random):
        """Pending rows as services leave them; returns (e-mails due at once, users with a digest)."""
        activity_type = ContentType.objects.get_for_model(Activity)
        channels = {
            (user_id, kind): channel
            for user_id, kind, channel in NotificationPreference.objects.filter(user__in=people).values_list(
                "user_id", "kind", "channel"
            )
        }
        rows, at_once, digest_users = [], 0, set()
        for n in range(count):
            recipient = people[n % len(people)]
            kind = rng.choice(KINDS)
            target = rng.choice(targets)
            channel = channels.get((recipient.pk, kind.key), kind.default_for([Role.COORDINATOR]))
            at_once += channel == Channel.IMMEDIATE
            if channel == Channel.DIGEST:
                digest_users.add(recipient.pk)
            rows.append(
                OutboxMessage(
                    kind=kind.key,
                    recipient=recipient,
                    target_type=activity_type,
                    target_id=target.pk,
                    params={"title": target.title, "actor": "Bench", "comment": "—"},
                    area=target.area,
                )
            )
        OutboxMessage.objects.bulk_create(rows, batch_size=2_000)
        return at_once, len(digest_users)

    def _cleanup(self) -> None:
        bench_users = User.objects.filter(username__startswith=PREFIX)
        OutboxMessage.objects.filter(recipient__in=bench_users).delete()
        Digest.objects.filter(recipient__in=bench_users).delete()
        Activity.objects.filter(title__startswith=PREFIX).delete()
        bench_users.delete()
