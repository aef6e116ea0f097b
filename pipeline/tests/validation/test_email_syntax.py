import random

import pytest

from pipeline.validation.email_syntax import _plain_address, email_library_check, email_syntax_check


@pytest.mark.parametrize(
    ("raw", "normalized", "ascii_email", "domain"),
    [
        ("John.Smith@Example.COM", "John.Smith@example.com", "John.Smith@example.com", "example.com"),
        ("  sarah@techflow.com  ", "sarah@techflow.com", "sarah@techflow.com", "techflow.com"),
        ("mailto:Bob@Gmail.com", "Bob@gmail.com", "Bob@gmail.com", "gmail.com"),
        ("<bob@gmail.com>", "bob@gmail.com", "bob@gmail.com", "gmail.com"),
        ("first+tag@sub.example.org", "first+tag@sub.example.org", "first+tag@sub.example.org", "sub.example.org"),
        ("user@münchen.de", "user@münchen.de", "user@xn--mnchen-3ya.de", "xn--mnchen-3ya.de"),
        ("user@XN--MNCHEN-3YA.DE", "user@münchen.de", "user@xn--mnchen-3ya.de", "xn--mnchen-3ya.de"),
        ("δοκιμή@παράδειγμα.δοκιμή", "δοκιμή@παράδειγμα.δοκιμή", None, "xn--hxajbheg2az3al.xn--jxalpdlp"),
        ("Postmaster@Example.com", "postmaster@example.com", "postmaster@example.com", "example.com"),
        ("a" * 64 + "@example.com", "a" * 64 + "@example.com", "a" * 64 + "@example.com", "example.com"),
    ],
)
def test_valid_addresses_are_normalised(raw, normalized, ascii_email, domain):
    result = email_syntax_check(raw)
    assert result.ok, result.error
    assert (result.normalized, result.ascii_email, result.domain) == (normalized, ascii_email, domain)


@pytest.mark.parametrize(
    ("raw", "message_part"),
    [
        ("not-an-email", "must have an @-sign"),
        ("a@b", "should have a period"),
        ("a..b@example.com", "two periods in a row"),
        (".a@example.com", "cannot start with a period"),
        ("a@-example.com", "hyphen immediately after the @-sign"),
        ("a@example..com", "period"),
        ("a b@example.com", "invalid character"),
        ("a@@example.com", "invalid characters"),
        ("a" * 65 + "@example.com", "too long before the @-sign"),
        ("a@" + "b" * 64 + ".com", "so many characters"),
        ("a@" + ".".join(["abcdefghij"] * 25) + ".com", "too long"),
        ("a@localhost", "should have a period"),
        ("a@printer.local", "special-use or reserved name"),
        ("a@[127.0.0.1]", "bracketed IP address"),
        ("John <john@example.com>", "display name"),
        ("", "must have an @-sign"),
    ],
)
def test_invalid_addresses_say_why(raw, message_part):
    result = email_syntax_check(raw)
    assert not result.ok
    assert message_part in result.error


def test_domain_memo_keeps_rejecting_a_bad_domain():
    first = email_syntax_check("a@exa_mple.com")
    second = email_syntax_check("b@exa_mple.com")
    assert not first.ok and not second.ok
    assert first.error == second.error


def _differential_corpus():
    rng = random.Random(3)
    locals_ = ["john", "John.Smith", "a", "x" * 64, "x" * 65, "first+tag", "o'neil", "a_b-c", "info", "POSTMASTER",
               "Abuse", "a..b", ".a", "a.", "a b", '"quoted"', "ünï", "a(b)", "a@b", "", "#!$%&'*+/=?^_`{|}~-"]
    domains = ["example.com", "Example.COM", "sub.domain.co.uk", "münchen.de", "XN--MNCHEN-3YA.DE", "a.b", "localhost",
               "printer.local", "x.test", "-bad.com", "bad-.com", "ex_ample.com", "123.456", "example.123",
               "[127.0.0.1]", "b" * 64 + ".com", ".".join(["abcdefghij"] * 24) + ".com", "example..com", "example.com.",
               "", "ex ample.com", "xn--zz.com"]
    for local in locals_:
        for domain in domains:
            yield f"{local}@{domain}"
    for _ in range(2000):
        local = "".join(rng.choice("abcXYZ019.-_+'") for _ in range(rng.randint(1, 70)))
        labels = ["".join(rng.choice("abcxyz019-") for _ in range(rng.randint(1, 66)))
                  for _ in range(rng.randint(1, 3))]
        yield f"{local}@{'.'.join(labels)}.{rng.choice(['com', 'de', 'x1', 'co.uk', 'xn--p1ai'])}"
    alphabet = "abcXYZ019.-_+@\"() <>[]ü"
    for _ in range(3000):
        yield "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))


def test_plain_address_fast_path_agrees_with_the_library():
    taken = 0
    for value in _differential_corpus():
        fast = _plain_address(value)
        if fast is not None:
            taken += 1
            assert fast == email_library_check(value), value
    assert taken > 500  # the fast path is exercised, not skipped
