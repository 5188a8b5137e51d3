from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from protocol.lists import list_page

from . import display, selectors
from .exports import TRAIL
from .filters import EntryFilter
from .permissions import can_read_trail


@login_required
def trail(request):
    """The portal admins' search of the trail, newest first; anyone else finds nothing here."""
    if not can_read_trail(request.user):
        raise Http404
    filterset = EntryFilter(request.GET or None, queryset=selectors.trail_for(request.user))
    # No count: the trail grows by thousands a day and a filter rarely leaves few enough rows to make one useful.
    context = list_page(request, filterset, export=TRAIL, count=False)
    if download := context["page"].download:
        return download
    for entry in context["page"].object_list:
        entry.change_lines = display.changes_of(entry)
        entry.detail_lines = display.details_of(entry)
        entry.object_type = display.object_type_name(entry)
    return render(request, "audit/trail.html", context)
