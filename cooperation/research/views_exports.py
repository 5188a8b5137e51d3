"""PLACEHOLDER until its helper writes it: every view answers 404."""

from django.http import Http404


def _placeholder(*args, **kwargs):
    raise Http404


summary_pdf = _placeholder
milestones_csv = _placeholder
milestones_xlsx = _placeholder
