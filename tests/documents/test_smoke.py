from django.urls import reverse

from cooperation.documents.models import ProcessingStatus


def test_a_shared_pdf_is_processed_found_and_downloaded(client, sipo_official, cas_shared):
    version = cas_shared.current_version
    version.refresh_from_db()
    assert version.extraction_status == ProcessingStatus.DONE
    assert version.thumbnail_status == ProcessingStatus.DONE
    client.force_login(sipo_official)
    response = client.get(reverse("documents:list"), {"q": "专利信息"})
    assert [d.pk for d in response.context["page"].object_list] == [cas_shared.pk]
    assert "<mark>" in response.text
    download = client.get(version.get_download_url())
    assert download.status_code == 200
    assert "filename*=utf-8''%E5%90%88%E4%BD%9C%E5%8D%8F%E8%AE%AE.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    detail = client.get(cas_shared.get_absolute_url())
    assert detail.status_code == 200


def test_internal_is_404_for_the_other_party(client, sipo_official, cas_internal):
    client.force_login(sipo_official)
    assert client.get(cas_internal.get_absolute_url()).status_code == 404
    assert client.get(cas_internal.current_version.get_download_url()).status_code == 404
