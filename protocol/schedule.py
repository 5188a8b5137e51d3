"""Each app installs its own beat schedule rows from its migrations, through this one helper.

The schedule lives in the database so portal admins can change it (admin → Periodic tasks); only missing
entries are created, so a migration run again never undoes an admin's change."""

PORTAL_TZ = "Asia/Shanghai"


def install_periodic_tasks(
    apps, *, every: list[tuple[str, str, int]] = (), daily: list[tuple[str, str, str, str]] = ()
):
    """every: (name, task, minutes); daily: (name, task, minute, hour) in Beijing time."""
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    for name, task, minutes in every:
        if not PeriodicTask.objects.filter(name=name).exists():
            interval, _ = IntervalSchedule.objects.get_or_create(every=minutes, period="minutes")
            PeriodicTask.objects.create(name=name, task=task, interval=interval)
    for name, task, minute, hour in daily:
        if not PeriodicTask.objects.filter(name=name).exists():
            crontab, _ = CrontabSchedule.objects.get_or_create(
                minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*", timezone=PORTAL_TZ
            )
            PeriodicTask.objects.create(name=name, task=task, crontab=crontab)
