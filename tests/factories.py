"""Factories own the data; personas (tests/personas.py) are built from them."""

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from protocol.activities.models import Activity, Kind, Status, StatusChange
from protocol.areas import Area
from protocol.parties.models import Language, Party, User
from protocol.parties.names import name_search_key
from protocol.search import refresh_search_vector, segment

PASSWORD = "correct-horse-battery"


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Party
        django_get_or_create = ("code",)

    code = "CAS"
    name_zh = factory.LazyAttribute(lambda p: {"CAS": "中国科学院", "SIPO": "国家知识产权局"}.get(p.code, p.code))
    name_en = factory.LazyAttribute(
        lambda p: {
            "CAS": "Chinese Academy of Sciences",
            "SIPO": "China National Intellectual Property Administration (CNIPA)",
        }.get(p.code, p.code)
    )
    short_name_zh = factory.LazyAttribute(lambda p: {"CAS": "中科院", "SIPO": "国知局"}.get(p.code, ""))
    short_name_en = factory.LazyAttribute(lambda p: {"CAS": "CAS", "SIPO": "CNIPA"}.get(p.code, ""))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name")
    # As the services write it where a name is set (there is no save() hook to do it).
    name_search = factory.LazyAttribute(lambda u: name_search_key(u.full_name))
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    party = factory.SubFactory(PartyFactory)
    preferred_language = Language.ENGLISH
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.set([Group.objects.get_or_create(name=role)[0] for role in extracted])
        if create:
            self.save()


class ActivityFactory(factory.django.DjangoModelFactory):
    """A logged activity with a participant from each party, unless told otherwise."""

    class Meta:
        model = Activity
        skip_postgeneration_save = True

    area = Area.RESEARCH
    kind = Kind.JOINT_ANALYSIS
    title = factory.Sequence(lambda n: f"Joint analysis no. {n}")
    description = "Strategic analysis of patent trends."
    # This year (in Beijing, as the pages count years) and never in the future: 1 March, or today before then.
    start_date = factory.LazyFunction(lambda: min(timezone.localdate(), timezone.localdate().replace(month=3, day=1)))
    author = factory.SubFactory(UserFactory)
    party = factory.LazyAttribute(lambda a: a.author.party)
    lead_party = factory.LazyAttribute(lambda a: a.author.party)
    status = Status.LOGGED

    @factory.post_generation
    def participants(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            other_code = "SIPO" if self.party.code == "CAS" else "CAS"
            extracted = [self.author, UserFactory(party=PartyFactory(code=other_code))]
        self.participants.set(extracted)

    @factory.post_generation
    def search_columns(self, create, extracted, **kwargs):
        # What the ledger's service writes, so that its search finds factory rows too.
        if not create:
            return
        parts = [self.title, self.title_other, self.description, self.location, self.outcomes]
        self.search_text = segment(" ".join(parts))
        Activity.objects.filter(pk=self.pk).update(search_text=self.search_text)
        refresh_search_vector(Activity.objects.filter(pk=self.pk))

    @factory.post_generation
    def history(self, create, extracted, **kwargs):
        if create:
            change = StatusChange.objects.create(activity=self, status=self.status, by=self.author)
            # As the ledger's services keep it: since when the other party's confirmation waits.
            if self.status != Status.DRAFT:
                self.logged_at = change.at
                Activity.objects.filter(pk=self.pk).update(logged_at=change.at)


def activity_form_data(*, lead_party, participants, **overrides) -> dict:
    """What the ledger's form posts to log a joint training session (without its one-time token)."""
    return {
        "area": "training",
        "kind": "training_session",
        "title": "专利检索实务培训",
        "description": "For examiners and researchers.",
        "start_date": "2026-05-10",
        "end_date": "2026-05-11",
        "location": "Beijing",
        "lead_party": lead_party.pk,
        "participants": [person.pk for person in participants],
        "external_participants": "",
        "outcomes": "",
        "action": "log",
    } | overrides
