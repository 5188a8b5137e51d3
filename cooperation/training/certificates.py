"""A certificate as a PDF, in Chinese and English, with a QR code of its public verification address.

The QR code is an inline SVG drawn by segno from the absolute verification URL (SITE_URL, the portal's
address the notifications use, never the Host header of whoever downloads it), so the PDF fetches nothing."""

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import override

from protocol.pdf import html_to_pdf

from .models import Certificate


def verification_url(certificate: Certificate) -> str:
    return f"{settings.SITE_URL}{certificate.get_verification_url()}"


def qr_code(url: str) -> segno.QRCode:
    # Medium error correction: still read from a printed page that is folded or smudged.
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str) -> str:
    return qr_code(url).svg_inline(scale=4, border=2, dark="#000", light="#fff", omitsize=False)


def certificate_pdf(certificate: Certificate) -> bytes:
    enrolment = certificate.enrolment
    session = enrolment.session
    course = session.course
    url = verification_url(certificate)
    with override("zh-hans"):
        title_zh = course.titles.first
    with override("en"):
        title_en = course.titles.first
    context = {
        "title_zh": title_zh,
        "title_en": title_en,
        "certificate": certificate,
        "holder": enrolment.user,
        "course": course,
        "session": session,
        "session_date": timezone.localdate(session.starts_at),
        "party": course.organising_party,
        "url": url,
        # segno's own SVG markup, from a URL made of our host and a code of URL-safe characters only.
        "qr": mark_safe(qr_svg(url)),
    }
    return html_to_pdf(render_to_string("training/certificate_pdf.html", context))
