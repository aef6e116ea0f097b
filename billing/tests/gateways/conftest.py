import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def localstripe_url():
    """A local Stripe API server (localstripe) on a free port, for the whole session."""
    port = _free_port()
    exe = Path(sys.executable).with_name("localstripe")
    proc = subprocess.Popen([str(exe), "--port", str(port), "--from-scratch"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    else:
        proc.kill()
        pytest.fail("localstripe did not start")
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def stripe_settings(settings, localstripe_url):
    settings.PAYMENT_GATEWAY = "stripe"
    settings.STRIPE_SECRET_KEY = "sk_test_localstripe"
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_secret"
    return settings


@pytest.fixture
def stripe_api(stripe_settings):
    from billing.gateways.stripe.client import stripe_client

    client = stripe_client()
    for plan_id, amount, name in [("price_starter_monthly", 9900, "Starter"),
                                  ("price_professional_monthly", 49900, "Professional"),
                                  ("price_enterprise_monthly", 149900, "Enterprise")]:
        try:
            client.v1.plans.retrieve(plan_id)
        except Exception:
            client.v1.plans.create(params={"id": plan_id, "amount": amount, "currency": "usd", "interval": "month",
                                           "product": {"name": name}})
    return client
