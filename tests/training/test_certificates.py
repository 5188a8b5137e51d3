"""A certificate's PDF: the holder's name, the code and the Chinese course title in the text, and a QR code of the
absolute verification address, drawn into the page (nothing fetched)."""

import io
import re
from datetime import timedelta

import pytest
import segno
import time_machine
from django.urls import reverse
from pypdf import PdfReader

from cooperation.training import certificates, services
from cooperation.training.models import Attendance, Certificate


@pytest.fixture
def certificate(session, cas_official, cas_coordinator, sipo_official, settings):
    settings.SITE_URL = "https://portal.example.org"
    enrolment = services.enrolment_create(session=session, user=cas_official)
    with time_machine.travel(session.ends_at + timedelta(hours=1)):
        services.attendance_mark(session=session, by=sipo_official, marks={enrolment.pk: Attendance.PRESENT})
        version = services.attendance_version(session, cas_official.party_id).sha256
        services.attendance_countersign(session=session, by=cas_coordinator, version=version)
    return Certificate.objects.select_related("enrolment__user", "enrolment__session__course").get()


def text_of(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_names_the_holder_the_course_in_both_languages_and_the_code(client, certificate, cas_official):
    client.force_login(cas_official)
    response = client.get(reverse("training:certificate_pdf", args=[certificate.enrolment_id]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="certificate-')
    assert len(PdfReader(io.BytesIO(response.content)).pages) == 1
    text = re.sub(r"\s+", "", text_of(response.content))
    assert "LiMing" in text
    assert "专利审查实务" in text and "Patentexaminationpractice" in text
    assert certificate.code in text
    assert "结业证书" in text or "Certificateofcompletion" in text


def test_the_qr_code_encodes_the_absolute_verification_url(certificate):
    url = certificates.verification_url(certificate)
    assert url == f"https://portal.example.org/training/verify/{certificate.code}/"
    drawn = certificates.qr_code(url)
    assert drawn.matrix == segno.make(url, error="m", micro=False).matrix
    # What the PDF carries is that very matrix.
    assert certificates.qr_svg(url) == drawn.svg_inline(scale=4, border=2, dark="#000", light="#fff")


def test_the_pdf_draws_the_qr_of_its_own_url(certificate, monkeypatch):
    drawn = []
    real = certificates.qr_svg
    monkeypatch.setattr(certificates, "qr_svg", lambda url: drawn.append(url) or real(url))
    pdf = certificates.certificate_pdf(certificate)
    assert drawn == [f"https://portal.example.org/training/verify/{certificate.code}/"]
    assert pdf.startswith(b"%PDF")
