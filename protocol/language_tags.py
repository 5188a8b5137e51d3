"""{% load language %}: the template side of protocol.language."""

from django import template

from . import language

register = template.Library()


@register.filter
def with_party(name: str, party) -> str:
    """{{ event.user.full_name|with_party:event.party }}, for a party recorded on the event rather than the person's."""
    return language.name_with_party(name, party)


@register.filter
def aside(text) -> str:
    """{{ word|aside }}: "(default)", full-width in Chinese."""
    return language.aside(text)


@register.simple_tag
def time_zone_name() -> str:
    return language.time_zone_name()
