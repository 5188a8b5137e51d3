"""Template side of the area registry: `{% panel p %}` renders a dashboard panel with its own context, and
the navbar lists the registered areas."""

from django import template
from django.urls import reverse
from django.utils.timesince import timesince
from django.utils.translation import gettext_lazy as _

from . import registry
from .audit.permissions import can_read_trail

register = template.Library()


@register.simple_tag(takes_context=True)
def panel(context, panel: registry.Panel) -> str:
    with context.push(panel.context):
        return context.template.engine.get_template(panel.template).render(context)


def area_navigation(request) -> dict:
    """The navbar's entries of the registered apps (context processor), then the pages only some roles have."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    entries = [(reverse(app.nav[0]), app.nav[1]) for app in registry.registered() if app.nav]
    # The trail is not an area; a portal admin would otherwise reach it only by typing its address.
    if can_read_trail(request.user):
        entries.append((reverse("audit:trail"), _("Audit trail")))
    return {"area_navigation": [(url, label, request.path.startswith(url)) for url, label in entries]}


@register.filter
def age(since) -> str:
    """How long something has waited, in its largest unit ("3 days", "3 天"): Django's timesince, one part."""
    return timesince(since, depth=1)
