"""Point the portal's Celery app at another broker for one test, and back."""

from contextlib import contextmanager

import kombu.pools

from protocol.celery import app as celery_app

# Nothing listens on port 1: a connection is refused at once, like a Redis that is down.
CLOSED_PORT_BROKER_URL = "redis://127.0.0.1:1/0"


def forget_broker_connections() -> None:
    """Drop the pooled broker connections and producers, so the next publish connects to the
    broker the configuration names now.

    Celery keeps a connection pool (`app.pool`) and a producer pool (`app.amqp.producer_pool`),
    each built for the broker URL in effect when first used, and kombu keeps both in global
    pool groups keyed by that URL. Changing `broker_url` alone would keep publishing to the old
    broker. This is what a forked worker does (`Celery._after_fork` and kombu's after-fork
    cleanup), without the fork.
    """
    kombu.pools.reset()  # closes every pooled connection and empties kombu's pool groups
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@contextmanager
def broker(url: str):
    """Publish tasks to `url` instead of running them eagerly, for the duration of the block."""
    conf = celery_app.conf
    saved = {"task_always_eager": conf.task_always_eager, "broker_url": conf.broker_url}
    forget_broker_connections()
    conf.task_always_eager = False
    conf.broker_url = url
    try:
        yield celery_app
    finally:
        forget_broker_connections()
        conf.update(saved)
