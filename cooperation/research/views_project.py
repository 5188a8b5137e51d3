"""PLACEHOLDER until its helper writes it: every view answers 404."""

from django.http import Http404


def _placeholder(*args, **kwargs):
    raise Http404


project_detail = _placeholder
project_propose = _placeholder
plan_version = _placeholder
plan_approve = _placeholder
plan_request_changes = _placeholder
project_start = _placeholder
project_complete = _placeholder
project_end = _placeholder
report_create = _placeholder
milestone_done = _placeholder
deliverable_submit = _placeholder
deliverable_review = _placeholder
deliverable_accept = _placeholder
deliverable_fixes = _placeholder
