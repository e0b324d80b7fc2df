import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings


@pytest.mark.django_db
@override_settings(FABDESK_MAX_UPLOAD_BYTES=1024)
def test_oversized_upload_gets_413_page_and_changes_nothing(staff_client, lab):
    big = SimpleUploadedFile("logo.png", b"x" * 5000, content_type="image/png")
    response = staff_client.post("/lab/settings/", {"name": "Renamed", "logo": big})
    assert response.status_code == 413
    assert "the limit is 1.0\xa0KB" in response.content.decode()
    lab.refresh_from_db()
    assert lab.name == "Fab Lab Test"


@pytest.mark.django_db
@override_settings(FABDESK_MAX_UPLOAD_BYTES=2 * 1024 * 1024)
def test_oversized_api_body_gets_json_413(client):
    response = client.post(
        "/api/v1/members",
        data=b"{" + b" " * (3 * 1024 * 1024) + b"}",
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert "the limit is 2.0\xa0MB" in response.json()["detail"]


@pytest.mark.django_db
@override_settings(FABDESK_MAX_UPLOAD_BYTES=1024, FABDESK_MAX_MODEL_UPLOAD_BYTES=4096)
def test_model_upload_paths_have_their_own_larger_limit(client):
    # 2 KB is over the general limit but under the 3D-model limit: it reaches the view.
    assert client.post("/members/", data={"x": "y" * 2048}).status_code == 413
    answer = client.post("/api/v1/quotes", data={"x": "y" * 2048})
    assert answer.status_code != 413
    too_big = client.post("/api/v1/quotes", data={"x": "y" * 5000})
    assert too_big.status_code == 413
    assert "the limit is 4.0\xa0KB" in too_big.json()["detail"]
