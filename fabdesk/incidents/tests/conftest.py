import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from fabdesk.equipment.tests.factories import MachineFactory
from fabdesk.members.roles import Role
from fabdesk.members.tests.factories import UserFactory


@pytest.fixture
def machine(lab):
    return MachineFactory(lab=lab, name="Trotec Speedy 300")


@pytest.fixture
def other_lab_staff(db):
    return UserFactory(email="staff@other-lab.test", with_role=Role.STAFF)


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
