import pytest

from leadsite.core.services import organization_create


@pytest.fixture
def organization(db):
    return organization_create(name="Acme Leads")
