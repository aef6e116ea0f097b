"""Role mailboxes (info@, sales@, support@…): a team's address, not a person's.

Validation flags them (`role` in the email evidence); dedup never takes a shared role mailbox for one person."""

from __future__ import annotations

ROLE_LOCAL_PARTS = frozenset(
    """
    abuse accounting accounts admin administrator all billing bookings booking careers ceo compliance contact
    contactus customercare customerservice customersupport dev developers enquiries enquiry everyone feedback
    finance founders hello help helpdesk hostmaster hr info information inquiries inquiry investors it jobs legal
    mail marketing media news newsletter noc noreply no-reply donotreply do-not-reply office operations ops orders
    partners payments postmaster press privacy purchasing recruiting recruitment reception sales security service
    services shop staff støtte support team tech webmaster welcome
    """.split()
)


def local_is_role(local_part: str) -> bool:
    local = local_part.lower().split("+", 1)[0]
    return local in ROLE_LOCAL_PARTS or local.replace(".", "").replace("_", "") in ROLE_LOCAL_PARTS
