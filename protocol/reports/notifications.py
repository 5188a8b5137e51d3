from django.utils.translation import gettext_lazy as _

from protocol.notifications.kinds import NotificationKind, register
from protocol.notifications.models import Channel

from .selectors import reports_visible_to

REPORT_AWAITS_APPROVAL = register(
    NotificationKind(
        key="reports.awaiting_approval",
        subject=_("The implementation report %(year)s (version %(version)s) awaits your party's approval"),
        body=_("%(actor)s generated it. Read it, then approve it for your party or request changes."),
        visible_to=reports_visible_to,
        label=_("Annual reports to approve"),
        task=True,
    )
)
REPORT_CHANGES_REQUESTED = register(
    NotificationKind(
        key="reports.changes_requested",
        subject=_("Changes requested to the implementation report %(year)s (version %(version)s)"),
        body=_("%(actor)s: %(comment)s"),
        visible_to=reports_visible_to,
        label=_("Changes requested to an annual report"),
    )
)
REPORT_LOCKED = register(
    NotificationKind(
        key="reports.locked",
        subject=_("The implementation report %(year)s (version %(version)s) is approved by both parties"),
        body=_("It is locked as the year's record."),
        visible_to=reports_visible_to,
        label=_("Annual reports approved by both parties"),
        default=Channel.DIGEST,
    )
)
