"""What a view does with a form that keeps its upload (forms.KeepsUploadMixin): keep the file before the
form is shown again, and spend it once the form went through."""

from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html
from django.utils.translation import gettext as _

from protocol.parties.models import User

from . import services
from .forms import KEPT_FIELD, KeepsUploadMixin


def keep_for_reshow(form: KeepsUploadMixin, *, user: User) -> None:
    """Before a bound form is rendered again: keep its file (unless the file itself was refused) and say so."""
    if not form.is_bound:
        return
    _release_replaced(form)
    name = form.upload_field
    if form.has_error(name):
        # A refused file is not kept: the field says why, and another must be chosen.
        if form.kept is not None:
            services.upload_release(staged=form.kept)
            form.kept = None
        return
    upload = form.files.get(form.add_prefix(name))
    if form.kept is None and upload:
        form.kept = services.upload_stage(user=user, upload=upload)
    if form.kept is None:
        return
    form.data = form.data.copy()
    form.data[form.add_prefix(KEPT_FIELD)] = form.kept.token
    # Escaped here: crispy renders help texts as HTML, and the name is the uploader's. (On the bound
    # field, which validation has already made and which keeps its own copy.)
    form[name].help_text = format_html(
        _("Kept: {name}, {size} — choose another file to replace it."),
        name=form.kept.original_name,
        size=filesizeformat(form.kept.size),
    )


def kept_spent(form: KeepsUploadMixin) -> None:
    """The form went through: its kept file, if it used one, is no longer needed."""
    _release_replaced(form)
    if form.kept is not None:
        services.upload_release(staged=form.kept)
        form.kept = None


def _release_replaced(form: KeepsUploadMixin) -> None:
    if form.replaced is not None:
        services.upload_release(staged=form.replaced)
        form.replaced = None
