"""Placeholder: a helper is writing this module."""

from django.http import Http404


def contribution_list(request, *args, **kwargs):
    raise Http404


def contribution_create(request, *args, **kwargs):
    raise Http404


def contribution_edit(request, *args, **kwargs):
    raise Http404


def contribution_confirm(request, *args, **kwargs):
    raise Http404


def to_confirm_list(request, *args, **kwargs):
    raise Http404


def figures(request, *args, **kwargs):
    raise Http404
