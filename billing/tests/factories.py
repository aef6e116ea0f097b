import itertools

from leadsite.core.services import api_token_create, customer_create

_seq = itertools.count(1)


def customer(*, is_staff: bool = False, prefix: str = "buyer"):
    """A user with its own organisation."""
    n = next(_seq)
    return customer_create(email=f"{prefix}{n}@example{n}.com", password="pass-word-123", is_staff=is_staff,
                           organization_name=f"{prefix.title()} Org {n}")


def token_for(user) -> str:
    return api_token_create(user=user)[1]
