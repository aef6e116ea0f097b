import io

import pytest
from rest_framework.test import APIClient

from billing.services.credits import credits_grant
from leadsite.core.services import api_token_create, customer_create


class Customer:
    def __init__(self, email: str, credits: int, capture_on_commit=None):
        self.capture_on_commit = capture_on_commit
        self.user = customer_create(email=email, password="pw-123456789")
        self.organization = self.user.membership.organization
        if credits:
            credits_grant(organization_id=self.organization.pk, amount=credits, reference=f"test:{email}", kind="grant")
        _, self.key = api_token_create(user=self.user)
        self.client = APIClient()
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {self.key}")

    def upload(self, content: bytes | str, name: str = "leads.csv"):
        data = content.encode() if isinstance(content, str) else content
        handle = io.BytesIO(data)
        handle.name = name
        return self.client.post("/api/upload", {"file": handle}, format="multipart")

    def post_and_commit(self, path: str, data=None):
        """POST, then run what the view queued with transaction.on_commit (Celery is eager in tests)."""
        with self.capture_on_commit(execute=True):
            return self.client.post(path, data or {}, format="json")


@pytest.fixture
def make_customer(db, django_capture_on_commit_callbacks):
    counter = {"n": 0}

    def make(credits: int = 10_000) -> Customer:
        counter["n"] += 1
        return Customer(f"customer{counter['n']}@example.org", credits, django_capture_on_commit_callbacks)

    return make


@pytest.fixture
def customer(make_customer):
    return make_customer()


SAMPLE_CSV = (
    "First Name,Last Name,Email,Phone,Job Title,Company,Website,Country\n"
    "Sarah,Miller,sarah.miller@techflow.com,+1 415 555 0199,VP Sales,TechFlow Systems Inc,techflow.com,US\n"
    "John,Smith,john.smith@techcorp.com,(212) 555-0123,Vice President of Engineering,TechCorp,https://www.techcorp.com,USA\n"
    "Sarah,Miller,sarah.miller@techflow.com,+1 415 555 0199,VP Sales,TechFlow Systems,techflow.com,US\n"
    '=HYPERLINK("http://evil"),Hacker,not-an-email,,CEO,Evil Corp,evil.example,US\n'
)


@pytest.fixture
def sample_csv() -> str:
    return SAMPLE_CSV
