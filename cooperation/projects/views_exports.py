"""Placeholder: a helper is writing this module."""

from django.http import Http404


def applications_xlsx(request, *args, **kwargs):
    raise Http404


def contributions_csv(request, *args, **kwargs):
    raise Http404


def contributions_xlsx(request, *args, **kwargs):
    raise Http404
