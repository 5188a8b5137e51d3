"""Short names in both languages, and the office's English name since 2018 (CNIPA; SIPO when the protocol was signed)."""

from django.db import migrations

NAMES = {
    "CAS": {
        "short_name_zh": "中科院",
        "short_name_en": "CAS",
    },
    "SIPO": {
        "short_name_zh": "国知局",
        "short_name_en": "CNIPA",
    },
}

# Only the values the first migration wrote are replaced: a portal admin's edit stays.
RENAMED = {
    "SIPO": {
        "name_en": ("State Intellectual Property Office", "China National Intellectual Property Administration (CNIPA)"),
        "description_en": (
            "The body under the State Council in charge of patent work and of coordinating foreign-related IP affairs.",
            "The body under the State Council in charge of patent work and of coordinating foreign-related IP "
            "affairs; named the State Intellectual Property Office (SIPO) until 2018, when the protocol was signed.",
        ),
    },
}

PROTOCOL_TITLE_EN = (
    "Working cooperation protocol between CAS and SIPO",
    "Working cooperation protocol between CAS and SIPO (now CNIPA)",
)


def fill(apps, schema_editor):
    Party = apps.get_model("parties", "Party")
    Protocol = apps.get_model("parties", "Protocol")
    for party in Party.objects.filter(code__in=NAMES):
        for field, value in NAMES[party.code].items():
            if not getattr(party, field):
                setattr(party, field, value)
        for field, (old, new) in RENAMED.get(party.code, {}).items():
            if getattr(party, field) == old:
                setattr(party, field, new)
        party.save()
    old, new = PROTOCOL_TITLE_EN
    Protocol.objects.filter(title_en=old).update(title_en=new)


def unfill(apps, schema_editor):
    Party = apps.get_model("parties", "Party")
    Protocol = apps.get_model("parties", "Protocol")
    for party in Party.objects.filter(code__in=RENAMED):
        for field, (old, new) in RENAMED[party.code].items():
            if getattr(party, field) == new:
                setattr(party, field, old)
        party.save()
    old, new = PROTOCOL_TITLE_EN
    Protocol.objects.filter(title_en=new).update(title_en=old)


class Migration(migrations.Migration):
    dependencies = [("parties", "0004_party_short_names")]

    operations = [migrations.RunPython(fill, unfill)]
