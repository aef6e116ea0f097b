"""What a domain's DNS records reveal about the software it uses.

Each rule is (record kind, lower-case substring, technology). MX hosts show the mail suite,
SPF includes show who may send mail for the domain, TXT verification tokens show SaaS accounts.
"""

MX_RULES: tuple[tuple[str, str], ...] = (
    ("aspmx.l.google.com", "Google Workspace"),
    ("googlemail.com", "Google Workspace"),
    ("mail.protection.outlook.com", "Microsoft 365"),
    ("pphosted.com", "Proofpoint"),
    ("mimecast.com", "Mimecast"),
    ("zoho.com", "Zoho Mail"),
    ("zoho.eu", "Zoho Mail"),
    ("messagingengine.com", "Fastmail"),
    ("amazonaws.com", "Amazon SES"),
    ("barracudanetworks.com", "Barracuda"),
)

SPF_RULES: tuple[tuple[str, str], ...] = (
    ("_spf.google.com", "Google Workspace"),
    ("spf.protection.outlook.com", "Microsoft 365"),
    ("_spf.salesforce.com", "Salesforce"),
    ("mktomail.com", "Marketo"),
    ("hubspotemail.net", "HubSpot"),
    ("mail.zendesk.com", "Zendesk"),
    ("sendgrid.net", "SendGrid"),
    ("mailgun.org", "Mailgun"),
    ("servers.mcsv.net", "Mailchimp"),
    ("spf.mandrillapp.com", "Mandrill"),
    ("amazonses.com", "Amazon SES"),
    ("_spf.atlassian.net", "Atlassian"),
    ("freshdesk.com", "Freshdesk"),
    ("helpscoutemail.com", "Help Scout"),
    ("intercom.io", "Intercom"),
    ("zoho.com", "Zoho Mail"),
    ("stripe.com", "Stripe"),
)

TXT_RULES: tuple[tuple[str, str], ...] = (
    ("google-site-verification=", "Google Search Console"),
    ("ms=ms", "Microsoft 365"),
    ("atlassian-domain-verification=", "Atlassian"),
    ("facebook-domain-verification=", "Meta Business"),
    ("docusign=", "DocuSign"),
    ("adobe-idp-site-verification=", "Adobe"),
    ("zoom_verify_", "Zoom"),
    ("stripe-verification=", "Stripe"),
    ("hubspot-developer-verification=", "HubSpot"),
    ("hubspot-domain-verification=", "HubSpot"),
    ("apple-domain-verification=", "Apple Business"),
    ("slack-domain-verification=", "Slack"),
    ("dropbox-domain-verification=", "Dropbox"),
    ("zendeskverification=", "Zendesk"),
    ("salesforce-domain-verification=", "Salesforce"),
    ("pardot", "Pardot"),
    ("miro-verification=", "Miro"),
    ("notion-domain-verification=", "Notion"),
    ("openai-domain-verification=", "OpenAI"),
    ("onetrust-domain-verification=", "OneTrust"),
)


def technologies_detect(*, mx_hosts: list[str], txt_records: list[str]) -> list[str]:
    found: list[str] = []
    for host in mx_hosts:
        host = host.lower()
        found += [tech for needle, tech in MX_RULES if needle in host]
    for record in txt_records:
        text = record.lower()
        rules = SPF_RULES if text.startswith("v=spf1") else TXT_RULES
        found += [tech for needle, tech in rules if needle in text]
    return list(dict.fromkeys(found))
