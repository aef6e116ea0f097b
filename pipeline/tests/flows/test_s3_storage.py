"""Uploads and results on S3 through django-storages, against moto's S3 server (a real HTTP endpoint)."""

import csv
import io
import socket

import boto3
import pytest
from moto.server import ThreadedMotoServer

pytestmark = pytest.mark.django_db

BUCKET = "leadsite-uploads"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def s3(settings, monkeypatch):
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    for name, value in {"AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
                        "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    # The options settings/base.py builds for STORAGE_BACKEND=s3.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": BUCKET, "endpoint_url": endpoint, "default_acl": None, "file_overwrite": False},
        },
    }
    yield client
    server.stop()


def test_an_upload_is_stored_in_s3_processed_from_it_and_downloaded(s3, customer, sample_csv, settings):
    uploaded = customer.upload(sample_csv, name="leads.csv")
    assert uploaded.status_code == 201, uploaded.json()
    key = uploaded.json()["file_path"]
    stored = s3.get_object(Bucket=BUCKET, Key=key)["Body"].read()
    assert stored == sample_csv.encode()
    assert not (settings.MEDIA_ROOT).exists() or not any(settings.MEDIA_ROOT.rglob("*.csv"))

    again = customer.upload(sample_csv, name="leads.csv")
    assert again.json()["file_path"] != key  # never overwritten

    started = customer.post_and_commit("/api/process", {"file_path": key})
    assert started.status_code == 202, started.json()
    batch = customer.client.get(f"/api/batches/{started.json()['batch_id']}").json()
    assert batch["status"] == "completed", batch
    download = customer.client.get(f"/api/download/{batch['batch_id']}")
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert len(rows) == batch["leads_qualified"] > 0
