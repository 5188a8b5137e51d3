"""Permission tables: what every persona gets for one request, and what each is expected to get."""

from django.db import transaction

PERSONAS = ["cas_official", "sipo_official", "cas_docadmin", "sipo_docadmin", "cas_coordinator", "sipo_coordinator",
            "outsider"]  # fmt: skip


def table(default: int = 403, **statuses) -> dict[str, int]:
    """Every persona's expected status: those named, `default` for the other staff, 404 for the outsider."""
    return {name: statuses.get(name, 404 if name == "outsider" else default) for name in PERSONAS}


def answers(client, personas, method: str, path: str, data: dict | None = None) -> dict[str, int]:
    """Each persona's status for one request, each made on the same record: what a POST changed is rolled back."""
    seen = {}
    for name in PERSONAS:
        client.force_login(personas[name])
        with transaction.atomic():
            seen[name] = getattr(client, method)(path, data or {}).status_code
            transaction.set_rollback(True)
    return seen
