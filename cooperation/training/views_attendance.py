"""PLACEHOLDER until its helper writes it: every view answers 404."""

from django.http import Http404


def _placeholder(*args, **kwargs):
    raise Http404


attendance = _placeholder
attendance_import = _placeholder
countersign = _placeholder
feedback_summary = _placeholder
feedback = _placeholder
certificate_pdf = _placeholder
certificate_revoke = _placeholder
figures = _placeholder
verify_form = _placeholder
verify = _placeholder
