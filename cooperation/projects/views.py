"""Placeholder: a helper is writing this module."""

from django.http import Http404


def project_list(request, *args, **kwargs):
    raise Http404


def project_create(request, *args, **kwargs):
    raise Http404


def project_detail(request, *args, **kwargs):
    raise Http404


def project_edit(request, *args, **kwargs):
    raise Http404


def project_publish(request, *args, **kwargs):
    raise Http404


def project_advance(request, *args, **kwargs):
    raise Http404


def indicator_report(request, *args, **kwargs):
    raise Http404
