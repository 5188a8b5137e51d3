"""What every resource of the API shows the same way: a party, a person, and the reader's allowed actions."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from protocol.forms import TEXT_LIMIT
from protocol.parties.models import Party, User


class PartySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the request's language.")

    class Meta:
        model = Party
        fields = ["id", "code", "name"]
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    party = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = ["id", "full_name", "party"]
        read_only_fields = fields


class LinkedDocumentSerializer(serializers.Serializer):
    """A library document a record links, named only to who may see it (the area's prefetch decides)."""

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)


def text_field(**kwargs) -> serializers.CharField:
    """A free text, limited as the pages' forms limit it (protocol.forms.TEXT_LIMIT)."""
    kwargs.setdefault("max_length", TEXT_LIMIT)
    return serializers.CharField(allow_blank=True, required=False, default="", **kwargs)


@extend_schema_field({"type": "object", "additionalProperties": {"type": "boolean"}})
class ActionsField(serializers.Field):
    """What the reader may do to the record now, by action name: the app's own predicates, as the page asks."""

    def __init__(self, predicates: dict, **kwargs):
        self.predicates = predicates
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, record):
        user = self.context["request"].user
        return {name: bool(predicate(user, record)) for name, predicate in self.predicates.items()}
