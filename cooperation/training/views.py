"""PLACEHOLDER until its helper writes it: every view answers 404."""

from django.http import Http404


def _placeholder(*args, **kwargs):
    raise Http404


session_list = _placeholder
course_list = _placeholder
course_create = _placeholder
course_detail = _placeholder
course_edit = _placeholder
session_create = _placeholder
session_detail = _placeholder
session_edit = _placeholder
session_cancel = _placeholder
enrol = _placeholder
nominate = _placeholder
enrolment_cancel = _placeholder
enrolment_decide = _placeholder
