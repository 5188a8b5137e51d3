from django import forms

from protocol.parties.models import User

from . import selectors

KEPT_FIELD = "kept_upload"


class KeepsUploadMixin:
    """A form with a file field whose chosen file survives the form being shown again.

    The view keeps the file with protocol.uploads.kept.keep_for_reshow before it renders a bound form,
    which puts the token into a hidden field; on the next submit with no new file chosen, the kept one
    is the upload. A new file replaces it.
    """

    upload_field = "file"

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[KEPT_FIELD] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.kept = None
        # A kept file that a newly chosen one replaces: removed by protocol.uploads.kept, not used.
        self.replaced = None
        name = self.add_prefix(self.upload_field)
        if self.is_bound:
            staged = selectors.staged_for(user, self.data.get(self.add_prefix(KEPT_FIELD)))
            if self.files.get(name):
                self.replaced = staged
            elif staged is not None:
                self.kept = staged
                self.files = self.files.copy()
                self.files[name] = selectors.as_upload(staged)
