"""Pipeline tests of enrichment's steps start from the same clean caches as enrichment's own tests."""

import pytest

from enrichment.tests.conftest import _fresh_caches  # noqa: F401  (autouse fixture)


@pytest.fixture
def org(customer):
    return customer.organization
