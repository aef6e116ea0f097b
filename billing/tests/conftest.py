import pytest
from rest_framework.test import APIClient

from .factories import customer, token_for


@pytest.fixture
def user(db):
    return customer()


@pytest.fixture
def org(user):
    return user.membership.organization


@pytest.fixture
def api(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(user)}")
    return client


@pytest.fixture
def other_api(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token_for(customer(prefix='other'))}")
    return client
