"""Placeholder: a helper is writing this module."""

from django.http import Http404


def call_list(request, *args, **kwargs):
    raise Http404


def call_create(request, *args, **kwargs):
    raise Http404


def call_detail(request, *args, **kwargs):
    raise Http404


def call_edit(request, *args, **kwargs):
    raise Http404


def application_create(request, *args, **kwargs):
    raise Http404


def application_list(request, *args, **kwargs):
    raise Http404


def review_list(request, *args, **kwargs):
    raise Http404


def decide_list(request, *args, **kwargs):
    raise Http404


def application_detail(request, *args, **kwargs):
    raise Http404


def application_edit(request, *args, **kwargs):
    raise Http404


def application_withdraw(request, *args, **kwargs):
    raise Http404


def review(request, *args, **kwargs):
    raise Http404


def decide(request, *args, **kwargs):
    raise Http404
