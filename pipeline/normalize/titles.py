"""Job titles → a canonical title, a seniority level and a department.

"vp sales", "Vice President, Sales", "VP - Sales" and "Sales VP" all become "VP of Sales";
"Sr. Software Eng." becomes "Senior Software Engineer". Seniority and department come from keyword
tables (see SENIORITY_LEVELS / DEPARTMENTS and docs/ingest-normalize.md); results are cached per title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from leadsite.core.text.folding import CACHE_SIZE, clean_text, fold

SENIORITY_LEVELS = ("owner", "c_level", "vp", "director", "head", "manager", "senior", "entry", "intern", "unknown")
DEPARTMENTS = ("sales", "marketing", "engineering", "it", "finance", "hr", "operations", "product", "legal", "support",
               "executive", "other", "unknown")

ABBREVIATIONS = {
    "sr": "senior", "snr": "senior", "sen": "senior", "jr": "junior", "jnr": "junior", "mgr": "manager",
    "mngr": "manager", "mgmt": "management", "eng": "engineer", "engr": "engineer", "engg": "engineering",
    "dir": "director", "exec": "executive", "execs": "executives", "mktg": "marketing", "mkt": "marketing",
    "mkting": "marketing", "acct": "account", "accts": "accounts", "asst": "assistant", "ass't": "assistant",
    "assoc": "associate", "admin": "administrator", "ops": "operations", "pres": "president", "gm": "general manager",
    "intl": "international", "int'l": "international", "natl": "national", "biz": "business",
    "bizdev": "business development",
    "svc": "services", "svcs": "services", "coord": "coordinator", "rep": "representative", "reps": "representatives",
    "spec": "specialist", "sw": "software", "hw": "hardware", "sys": "systems", "sysadmin": "system administrator",
    "dept": "department", "div": "division", "cust": "customer", "tech": "technical", "techn": "technical",
    "prin": "principal", "dev": "developer", "devs": "developers", "ctrl": "control", "fin": "finance",
    "hd": "head", "vice-president": "vp", "v.p": "vp", "co-founder": "cofounder", "co founder": "cofounder",
    "md": "managing director", "bd": "business development", "pm": "product manager", "proj": "project",
    "prog": "program", "res": "research", "sci": "scientist", "analyt": "analytics", "comms": "communications",
    "comm": "communications", "reg": "regional", "ent": "enterprise", "govt": "government", "hr": "hr",
}
# Multi-word forms collapsed to one token before anything else (order matters: longest first).
PHRASES = (
    ("senior executive vice president", "sevp"), ("senior vice president", "svp"),
    ("executive vice president", "evp"), ("assistant vice president", "avp"), ("associate vice president", "avp"),
    ("group vice president", "gvp"), ("vice president", "vp"), ("vice pres", "vp"), ("vice-president", "vp"),
    ("chief executive officer", "ceo"), ("chief operating officer", "coo"), ("chief operations officer", "coo"),
    ("chief financial officer", "cfo"), ("chief finance officer", "cfo"), ("chief technology officer", "cto"),
    ("chief technical officer", "cto"), ("chief marketing officer", "cmo"), ("chief information officer", "cio"),
    ("chief revenue officer", "cro"), ("chief product officer", "cpo"), ("chief human resources officer", "chro"),
    ("chief information security officer", "ciso"), ("chief security officer", "cso"),
    ("chief data officer", "cdo"), ("chief legal officer", "clo"), ("chief customer officer", "cco"),
    ("chief commercial officer", "cco"), ("chief people officer", "chief people officer"),
    ("co founder", "cofounder"), ("co-founder", "cofounder"), ("founding partner", "founding partner"),
)
RANKS_OF = {"vp": "VP", "svp": "SVP", "evp": "EVP", "avp": "AVP", "gvp": "GVP", "sevp": "SEVP", "director": "Director",
            "head": "Head"}
RANK_MODIFIERS = frozenset({"senior", "associate", "assistant", "deputy", "group", "regional", "global", "national",
                            "international", "area", "district", "divisional", "corporate", "executive", "interim",
                            "acting", "country", "worldwide", "managing"})
# Words that name a function; "Sales Director" is reordered to "Director of Sales" only when all words are here.
FUNCTION_WORDS = frozenset(
    "sales marketing engineering finance financial operations product products hr people it technology security "
    "growth partnerships partner alliances business development customer success support legal design data analytics "
    "research procurement purchasing communications brand content digital demand generation revenue strategy "
    "talent recruiting infrastructure platform software accounting risk compliance quality services service "
    "innovation ecommerce e-commerce channel channels enterprise accounts account commercial supply chain logistics "
    "manufacturing education training learning development r&d field inside emea apac americas latam na europe "
    "global regional north south east west central".split()
)
CASING = {
    "vp": "VP", "svp": "SVP", "evp": "EVP", "avp": "AVP", "gvp": "GVP", "sevp": "SEVP", "ceo": "CEO", "coo": "COO",
    "cfo": "CFO", "cto": "CTO", "cmo": "CMO", "cio": "CIO", "cro": "CRO", "cpo": "CPO", "chro": "CHRO",
    "ciso": "CISO", "cso": "CSO", "cdo": "CDO", "clo": "CLO", "cco": "CCO", "cxo": "CXO", "cao": "CAO", "it": "IT",
    "hr": "HR", "hrbp": "HRBP", "qa": "QA", "ux": "UX", "ui": "UI", "pr": "PR", "ai": "AI", "ml": "ML", "bi": "BI",
    "crm": "CRM", "erp": "ERP", "seo": "SEO", "sem": "SEM", "ppc": "PPC", "saas": "SaaS", "b2b": "B2B", "b2c": "B2C",
    "emea": "EMEA", "apac": "APAC", "latam": "LATAM", "amer": "AMER", "na": "NA", "us": "US", "uk": "UK", "eu": "EU",
    "dach": "DACH", "gtm": "GTM", "r&d": "R&D", "fp&a": "FP&A", "l&d": "L&D", "m&a": "M&A", "p&l": "P&L", "cx": "CX",
    "pmo": "PMO", "hris": "HRIS", "sdr": "SDR", "bdr": "BDR", "ae": "AE", "csm": "CSM", "sre": "SRE", "ios": "iOS",
    "devops": "DevOps", "devsecops": "DevSecOps", "revops": "RevOps", "salesops": "SalesOps", "mlops": "MLOps",
    "dba": "DBA", "aws": "AWS", "gcp": "GCP", "api": "API", "sql": "SQL", "dei": "DEI", "esg": "ESG", "cpa": "CPA",
    "phd": "PhD", "mba": "MBA", "cofounder": "Co-Founder", "iot": "IoT", "ecommerce": "eCommerce",
    "e-commerce": "E-Commerce", "gm": "GM", "md": "MD", "smb": "SMB", "mid-market": "Mid-Market", "abm": "ABM",
    "ehs": "EHS", "hse": "HSE", "sap": "SAP", "ar": "AR", "ap": "AP", "tv": "TV", "3d": "3D", "ic": "IC",
}
SMALL_WORDS = frozenset({"of", "and", "for", "the", "to", "in", "at", "on", "with", "a", "an"})
_KEEP_JOINED = frozenset({"r&d", "fp&a", "l&d", "m&a", "p&l", "at&t", "b&w", "e-commerce", "co-founder", "mid-market",
                          "full-stack", "front-end", "back-end", "go-to-market", "c-level", "c-suite", "x-ray",
                          "in-house", "end-to-end", "non-profit", "e-learning", "ai/ml", "pre-sales", "co-owner",
                          "full-time", "part-time", "self-employed", "t-shirt", "e-mail", "b2b-sales"})
_SEPARATORS = {",": ", ", "&": " & ", "/": " & ", "+": " & ", "and": " & ", "|": ", ", ";": ", ", "-": " - ",
               ":": ": ", "–": " - ", "—": " - "}
_SPLIT = re.compile(r"([,&/+|;:()–—]|(?<=\s)-(?=\s)|^-|-$)")
_AT_COMPANY = re.compile(r"\s(?:at|@)\s.*$")

_C_LEVEL = frozenset({"ceo", "coo", "cfo", "cto", "cmo", "cio", "cro", "cpo", "chro", "ciso", "cso", "cdo", "clo",
                      "cco", "cxo", "cao", "cbo", "cino", "cko", "cgo", "chief", "president", "chairman", "chairwoman",
                      "chairperson"})
_VP = frozenset({"vp", "svp", "evp", "avp", "gvp", "sevp", "vice"})
_INTERN = frozenset({"intern", "internship", "trainee", "apprentice", "werkstudent", "stagiaire", "praktikant",
                     "placement", "fellowship"})
_OWNER = frozenset({"founder", "cofounder", "owner", "proprietor", "co-owner", "founding"})
_SENIOR = frozenset({"senior", "principal", "staff", "lead", "expert", "distinguished", "fellow", "architect"})
_ENTRY = frozenset(
    {
        "junior", "associate", "assistant", "coordinator", "representative", "graduate", "entry", "engineer",
        "developer", "analyst", "designer", "specialist", "consultant", "accountant", "recruiter", "executive",
        "sdr", "bdr", "ae", "administrator", "agent", "clerk", "technician", "programmer", "scientist",
        "researcher", "writer", "editor", "bookkeeper", "advisor", "adviser", "officer", "paralegal", "attorney",
        "lawyer", "counsel", "nurse", "teacher", "receptionist", "cashier", "operator", "associates", "generalist",
        "strategist", "planner", "buyer", "marketer", "tester",
    }
)
_MANAGER = frozenset({"manager", "supervisor", "foreman", "superintendent"})
_DIRECTOR = frozenset({"director"})
_HEAD = frozenset({"head"})

# Titles in German, French, Spanish, Dutch, Italian and Portuguese (accent-folded): word → seniority.
FOREIGN_SENIORITY = {
    "owner": ("inhaber", "inhaberin", "grunder", "grunderin", "mitgrunder", "mitgrunderin", "eigenaar", "eigenaresse",
              "oprichter", "medeoprichter", "mede-oprichter", "fondateur", "fondatrice", "cofondateur",
              "cofondatrice", "proprietaire", "fundador", "fundadora", "cofundador", "cofundadora", "propietario",
              "propietaria", "titolare", "fondatore", "proprietario", "proprietaria", "dono", "dona", "socio",
              "socia", "socio-fundador", "dga", "firmeninhaber"),
    "c_level": ("geschaftsfuhrer", "geschaftsfuhrerin", "vorstand", "vorstandsvorsitzender", "vorstandsvorsitzende",
                "pdg", "presidente", "president-directeur", "amministratore", "gerente-geral", "ceo"),
    "director": ("directeur", "directrice", "directora", "direttore", "direttrice", "diretor", "diretora",
                 "direktor", "direktorin", "prokurist", "prokuristin", "bereichsleiter", "bereichsleiterin"),
    "head": ("leiter", "leiterin", "hoofd", "responsable", "responsabile", "jefe", "jefa", "chef", "capo",
             "abteilungsleiter", "abteilungsleiterin"),
    "manager": ("teamleiter", "teamleiterin", "teamleider", "gerente", "encargado", "encargada", "projectleider",
                "projektleiter", "projektleiterin", "coordinatore", "gestor", "gestora"),
    "entry": ("referent", "referentin", "sachbearbeiter", "sachbearbeiterin", "mitarbeiter", "mitarbeiterin",
              "medewerker", "medewerkster", "assistent", "assistentin", "assistente", "asistente", "adviseur",
              "berater", "beraterin", "conseiller", "conseillere", "consultor", "consultora", "consulente",
              "vendedor", "vendedora", "verkoper", "verkaufer", "verkauferin", "ontwikkelaar", "entwickler",
              "entwicklerin", "developpeur", "developpeuse", "desarrollador", "desarrolladora", "sviluppatore",
              "desenvolvedor", "desenvolvedora", "ingenieur", "ingenieurin", "ingeniero", "ingeniera", "ingegnere",
              "engenheiro", "engenheira", "analista", "analist", "contable", "boekhouder", "buchhalter",
              "buchhalterin", "comptable", "contabile", "contador", "contadora", "commercial", "commerciale",
              "tecnico", "technicus", "techniker", "impiegato", "impiegata", "empleado", "empleada", "funcionario",
              "recruteur", "reclutador", "selezionatore", "recrutador", "personalreferent", "personalreferentin"),
    "intern": ("stagiair", "becario", "becaria", "estagiario", "estagiaria", "tirocinante", "stagista",
               "auszubildender", "auszubildende", "azubi", "alternant", "alternante"),
}
_SENIORITY_WORD = {word: level for level, words in FOREIGN_SENIORITY.items() for word in words}
# Phrases (accent-folded, on the joined tokens) that are C-level in those languages.
FOREIGN_C_LEVEL_PHRASES = ("directeur general", "directrice generale", "director general", "directora general",
                           "direttore generale", "diretor geral", "diretora geral", "diretor executivo",
                           "algemeen directeur", "amministratore delegato", "consejero delegado", "directeur-generaal",
                           "managing partner", "general partner", "managing director")
# Compound words (German, Dutch): a known function stem followed by a known role: "Vertriebsleiter",
# "Personalreferentin", "Verkoopmanager", "Softwareentwickler".
COMPOUND_ROLES = {
    "leiter": "head", "leiterin": "head", "manager": "manager", "managerin": "manager", "directeur": "director",
    "direktor": "director", "entwickler": "entry", "entwicklerin": "entry", "ontwikkelaar": "entry",
    "referent": "entry", "referentin": "entry", "berater": "entry", "beraterin": "entry", "adviseur": "entry",
    "medewerker": "entry", "mitarbeiter": "entry", "mitarbeiterin": "entry", "assistent": "entry",
    "assistentin": "entry", "leider": "manager", "ingenieur": "entry", "spezialist": "entry",
    "spezialistin": "entry", "specialist": "entry", "fuhrer": "c_level", "fuhrerin": "c_level",
}
COMPOUND_FUNCTIONS = {
    "vertriebs": "sales", "vertrieb": "sales", "verkaufs": "sales", "verkoop": "sales", "sales": "sales",
    "marketing": "marketing", "personal": "hr", "personeels": "hr", "hr": "hr", "einkaufs": "operations",
    "einkauf": "operations", "inkoop": "operations", "finanz": "finance", "financieel": "finance",
    "buchhaltungs": "finance", "software": "engineering", "web": "engineering", "system": "it", "it": "it",
    "produkt": "product", "product": "product", "logistik": "operations", "logistiek": "operations",
    "projekt": "operations", "project": "operations", "kunden": "support", "klanten": "support",
    "technik": "engineering", "techniek": "engineering", "rechts": "legal", "team": "", "abteilungs": "",
    "bereichs": "", "geschafts": "executive", "betriebs": "operations", "innendienst": "sales",
    "aussendienst": "sales", "account": "sales", "office": "operations", "recruiting": "hr", "qualitats": "operations",
}
_COMPOUND_ROLES_BY_LENGTH = sorted(COMPOUND_ROLES, key=len, reverse=True)


def _compound(token: str) -> tuple[str, str] | None:
    """("head", "sales") for "vertriebsleiter": a function stem glued to a role; None for anything else."""
    if len(token) < 9 or not token.isalpha():
        return None
    for role in _COMPOUND_ROLES_BY_LENGTH:
        if token.endswith(role) and len(token) > len(role) + 1:
            stem = token[: -len(role)]
            if stem in COMPOUND_FUNCTIONS:
                return COMPOUND_ROLES[role], COMPOUND_FUNCTIONS[stem]
            return None
    return None


def _expand_compounds(tokens: list[str]) -> list[str]:
    """Tokens with each German / Dutch compound role split into its function word and role word."""
    out: list[str] = []
    for token in tokens:
        found = _compound(token) if token not in _SENIORITY_WORD else None
        if found:
            for role in _COMPOUND_ROLES_BY_LENGTH:
                if token.endswith(role):
                    stem = token[: -len(role)]
                    out.extend([f"@{found[1]}" if found[1] else stem, role])
                    break
        else:
            out.append(token)
    return out

DEPARTMENT_PHRASES = {
    "sales": ("sales", "account executive", "ae", "sdr", "bdr", "business development", "account manager",
              "account management", "cro", "revenue", "inside sales", "territory", "channel", "partnerships",
              "alliances", "commercial", "sales engineer", "presales", "pre-sales", "key account", "deal desk",
              "solutions engineer", "solutions consultant", "solution engineer", "solutions architect", "selling",
              "accounts", "enterprise accounts", "business developer", "salesperson", "salesman"),
    "marketing": ("marketing", "cmo", "brand", "growth", "demand generation", "demand gen", "content", "seo", "sem",
                  "ppc", "communications", "pr", "public relations", "social media", "digital marketing", "events",
                  "copywriter", "advertising", "campaign", "campaigns", "community", "product marketing",
                  "market research", "marketer", "abm", "graphic designer", "creative", "media"),
    "engineering": ("engineer", "engineering", "developer", "software", "programmer", "devops", "sre", "qa",
                    "quality assurance", "architect", "data scientist", "data science", "data engineer",
                    "machine learning", "ml", "ai", "frontend", "front-end", "backend", "back-end", "full-stack",
                    "fullstack", "full stack", "mobile", "ios", "android", "firmware", "hardware", "technical", "r&d",
                    "cto", "technology", "research", "scientist", "data", "analytics", "platform", "cloud",
                    "web developer", "tester", "test"),
    "it": ("it", "information technology", "cio", "ciso", "system administrator", "systems administrator", "sysadmin",
           "network", "infrastructure", "help desk", "helpdesk", "security", "cybersecurity", "cyber security",
           "information security", "database administrator", "dba", "service desk", "desktop support",
           "it support", "systems", "cso"),
    "finance": ("finance", "financial", "cfo", "accounting", "accountant", "controller", "comptroller", "treasury",
                "treasurer", "audit", "auditor", "tax", "fp&a", "bookkeeper", "bookkeeping", "investor relations",
                "billing", "accounts payable", "accounts receivable", "credit", "actuary", "actuarial"),
    "hr": ("hr", "human resources", "people", "talent", "recruiter", "recruiting", "recruitment", "chro", "l&d",
           "learning and development", "learning & development", "compensation", "benefits", "payroll", "hrbp",
           "culture", "workplace", "employee experience", "talent acquisition", "hris", "chief people officer",
           "people operations"),
    "operations": ("operations", "coo", "supply chain", "logistics", "procurement", "purchasing", "facilities",
                   "office manager", "administration", "project manager", "program manager", "pmo", "manufacturing",
                   "production", "warehouse", "fulfillment", "fulfilment", "revops", "revenue operations",
                   "business operations", "quality", "sourcing", "buyer", "planner", "planning", "project",
                   "program", "programme", "office", "dispatch", "fleet", "inventory", "plant", "strategy"),
    "product": ("product", "cpo", "product manager", "product owner", "ux", "ui", "design", "designer",
                "user research", "user experience", "product design", "product management"),
    "legal": ("legal", "counsel", "general counsel", "lawyer", "attorney", "clo", "compliance", "paralegal", "privacy",
              "contracts", "regulatory", "data protection", "solicitor", "barrister", "notary", "litigation"),
    "support": ("support", "customer success", "customer service", "client services", "customer experience", "cx",
                "customer care", "technical support", "onboarding", "implementation", "csm", "customer support",
                "client success", "service", "services", "helpline"),
    "executive": ("ceo", "president", "founder", "cofounder", "owner", "managing director", "general manager",
                  "chairman", "chairwoman", "chairperson", "chair", "board", "chief of staff", "managing partner",
                  "partner", "entrepreneur", "proprietor", "executive director", "cxo", "founding partner",
                  "board member", "chief"),
}

# Function words of titles in German, French, Spanish, Dutch, Italian and Portuguese (accent-folded); "@sales" is
# the function of a German / Dutch compound ("Vertriebsleiter") after `_expand_compounds`.
FOREIGN_DEPARTMENT_PHRASES = {
    "sales": ("vertrieb", "verkauf", "verkoop", "ventes", "vente", "commercial", "commerciale", "ventas", "vendite",
              "vendas", "comercial", "vendedor", "verkoper", "verkaufer", "@sales"),
    "marketing": ("mercadotecnia", "comunicacion", "communicatie", "kommunikation", "@marketing"),
    "engineering": ("entwickler", "entwicklung", "ontwikkelaar", "ontwikkeling", "developpeur", "desarrollador",
                    "sviluppatore", "desenvolvedor", "ingenieur", "ingeniero", "ingegnere", "engenheiro",
                    "@engineering"),
    "it": ("informatik", "informatique", "informatica", "ict", "@it"),
    "finance": ("finanzen", "finanz", "buchhaltung", "buchhalter", "controlling", "financieel", "financiele",
                "financien", "boekhouding", "boekhouder", "finances", "comptabilite", "comptable", "finanzas",
                "contabilidad", "contable", "finanza", "contabilita", "contabile", "financas", "financeiro",
                "financeira", "contador", "tesorero", "@finance"),
    "hr": ("human resource", "personalwesen", "ressources humaines", "recursos humanos", "risorse umane",
           "personeelszaken", "rrhh", "rh", "recruteur", "reclutador", "selezionatore", "recrutador",
           "personalreferent", "personalreferentin", "@hr"),
    "operations": ("logistik", "logistiek", "logistique", "logistica", "einkauf", "inkoop", "achats", "compras",
                   "acquisti", "operaciones", "produktion", "productie", "produccion", "produzione", "producao",
                   "@operations"),
    "legal": ("rechtsanwalt", "rechtsanwaltin", "jurist", "juristin", "juriste", "advocaat", "avocat", "abogado",
              "avvocato", "advogado", "juridisch", "juridique", "juridico", "legale", "@legal"),
    "product": ("produkt", "produit", "producto", "prodotto", "produto", "@product"),
    "support": ("kundenservice", "kundendienst", "klantenservice", "service client", "atencion al cliente",
                "assistenza clienti", "atendimento", "@support"),
    "executive": ("@executive", "geschaftsfuhrer", "geschaftsfuhrerin", "inhaber", "inhaberin", "eigenaar",
                  "directeur general", "pdg", "vorstand", "gerente general", "director general",
                  "amministratore delegato", "fondateur", "fundador", "oprichter", "grunder", "titolare", "socio",
                  "direttore generale", "diretor geral", "algemeen directeur"),
}


@dataclass(frozen=True, slots=True)
class TitleInfo:
    title_normalized: str
    seniority: str
    department: str


def _build_phrase_index() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for department, phrases in [*DEPARTMENT_PHRASES.items(), *FOREIGN_DEPARTMENT_PHRASES.items()]:
        for phrase in phrases:
            words = tuple(phrase.split())
            index.setdefault(words[0], []).append((words, department))
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))
    return index


_DEPARTMENT_INDEX = _build_phrase_index()


def _tokenize(title: str) -> list[str]:
    text = fold(title)
    text = _AT_COMPANY.sub("", text) or text
    for phrase, token in PHRASES:
        if phrase in text:
            text = re.sub(rf"\b{re.escape(phrase)}\b", token, text)
    tokens: list[str] = []
    for raw in text.split():
        if raw in _KEEP_JOINED:
            tokens.append(raw)
            continue
        for piece in _SPLIT.split(raw):
            piece = piece.strip()
            if not piece or piece in "()":
                continue
            if piece not in _SEPARATORS:
                piece = piece.strip(".")
                if not piece:
                    continue
                if "-" in piece and piece not in _KEEP_JOINED and piece not in ABBREVIATIONS:
                    # "Office Manager-Operations", "Software-ontwikkelaar": a hyphen separates title parts
                    parts = [p for p in piece.split("-") if p]
                    for index, part in enumerate(parts):
                        if index:
                            tokens.append("-")
                        tokens.extend(ABBREVIATIONS.get(part, part).split())
                    continue
                piece = ABBREVIATIONS.get(piece, piece)
            tokens.extend(piece.split())
    return tokens


def _case_word(word: str, position: int) -> str:
    if word in CASING:
        return CASING[word]
    if position > 0 and word in SMALL_WORDS:
        return word
    return "-".join(part[:1].upper() + part[1:] for part in word.split("-"))


def _render(tokens: list[str]) -> str:
    out = ""
    for position, token in enumerate(tokens):
        if token in _SEPARATORS:
            out = out.rstrip() + _SEPARATORS[token]
        else:
            out += ("" if not out or out.endswith(" ") else " ") + _case_word(token, position)
    return out.strip(" ,&-:")


def _is_separator(token: str) -> bool:
    return token in (",", "-", ":", "–", "—")


def _rank_of(tokens: list[str]) -> list[str] | None:
    """'vp , sales' / 'vp - sales' / 'vp sales' / 'sales vp' → ['vp', 'of', 'sales']; None if not that shape."""
    index = 0
    while index < len(tokens) and tokens[index] in RANK_MODIFIERS:
        index += 1
    if index < len(tokens) and tokens[index] in RANKS_OF:
        rank = tokens[: index + 1]
        rest = tokens[index + 1 :]
        if rank[-1] == "director" and rank[:-1] and rank[-2] in ("managing", "executive"):
            return None
        while rest and (_is_separator(rest[0]) or rest[0] in ("of", "for", "in")):
            rest = rest[1:]
        if rest and not any(t in RANKS_OF or t in _C_LEVEL or t in _MANAGER for t in rest):
            return [*rank, "of", *rest]
        return None
    if len(tokens) >= 2 and tokens[-1] in RANKS_OF:
        body = tokens[:-1]
        mods = []
        while body and body[0] in RANK_MODIFIERS:
            mods.append(body.pop(0))
        if body and all(t in FUNCTION_WORDS or t == "&" for t in body) and body[0] != "&":
            return [*mods, tokens[-1], "of", *body]
    return None


def _manager_comma(tokens: list[str]) -> list[str] | None:
    """'senior manager , product marketing' → 'senior product marketing manager'."""
    for index, token in enumerate(tokens):
        if token in _MANAGER and index + 2 < len(tokens) and _is_separator(tokens[index + 1]):
            head, rest = tokens[:index], tokens[index + 2 :]
            plain = 0 < len(rest) <= 3 and not any(t in _SEPARATORS for t in rest)
            if plain and all(t in RANK_MODIFIERS for t in head):
                return [*head, *rest, token]
            return None
    return None


def _normalize_tokens(tokens: list[str]) -> list[str]:
    whole = _rank_of(tokens) or _manager_comma(tokens)
    if whole:
        return whole
    # Several roles: "CEO & Founder", "VP Sales / Marketing" — normalise each part on its own.
    out: list[str] = []
    part: list[str] = []
    for token in [*tokens, "&"]:
        if token in ("&", "/", "+", "and", "|", ";", ","):
            if part:
                out.extend(_rank_of(part) or part)
            out.append(token)
            part = []
        else:
            part.append(token)
    return out[:-1]


# "Product Owner", "Process Owner": a role that owns a thing, not the owner of the business.
_OWNED_THINGS = frozenset({"product", "process", "service", "data", "budget", "account", "risk", "control", "system",
                           "systems", "application", "platform", "content", "technical", "project", "program",
                           "release", "feature", "solution", "business process", "relationship", "brand"})
# Words before "partner" that make it a function's partner ("HR Business Partner", "Talent Acquisition Partner"),
# not a partner of the firm; a partner of the firm is "Partner", "Senior / Managing / Equity / Founding Partner".
_PARTNER_OF = frozenset({"channel", "success", "account", "accounts", "marketing", "sales", "program", "programs",
                         "relations", "ecosystem", "alliances", "development", "enablement", "operations"})
_FIRM_PARTNER_MODIFIERS = frozenset({"senior", "managing", "equity", "founding", "general", "name", "named",
                                     "salaried", "junior", "executive", "global", "national", "regional", "office"})


def _part_owner(part: list[str]) -> bool:
    """Whether one title part ("Founder & Owner" is two parts) names the owner or a partner of the firm."""
    for index, token in enumerate(part):
        before = part[index - 1] if index else ""
        if token in ("owner", "co-owner") and before not in _OWNED_THINGS:
            return True
        if token == "partner" and all(t in _FIRM_PARTNER_MODIFIERS for t in part[:index]) and not any(
            t in _MANAGER or t in _ENTRY or t in _VP or t in _DIRECTOR or t in _HEAD or t in _PARTNER_OF
            for t in part[index + 1 :]
        ):
            return True
        if token in _OWNER and token not in ("owner", "co-owner"):
            return True
    return False


def _parts(tokens: list[str]) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    for token in tokens:
        if token in ("&", "/", "+", "and", "|", ";", ",", "-", ":", "–", "—", "y", "et", "und", "en", "e"):
            parts.append([])
        else:
            parts[-1].append(token)
    return [p for p in parts if p]


def _seniority(tokens: list[str]) -> str:
    words = set(tokens)
    text = " ".join(tokens)
    foreign = {_SENIORITY_WORD[t] for t in tokens if t in _SENIORITY_WORD}
    if "executive assistant" in text or ("assistant" in words and "to" in words) or "assistant to" in text:
        return "entry"
    if words & _INTERN or "intern" in foreign:
        return "intern"
    if "owner" in foreign or any(_part_owner(part) for part in _parts(tokens)):
        return "owner"
    if "chief of staff" in text:
        return "director"
    if words & _C_LEVEL or "c_level" in foreign or any(p in text for p in FOREIGN_C_LEVEL_PHRASES):
        return "c_level"
    if words & _VP:
        return "vp"
    if words & _DIRECTOR or "director" in foreign or "general manager" in text:
        return "director"
    if words & _HEAD or "head" in foreign:
        return "head"
    if words & _MANAGER or "manager" in foreign or "team lead" in text or "team leader" in text:
        return "manager"
    if words & _SENIOR:
        return "senior"
    if words & _ENTRY or "entry" in foreign:
        return "entry"
    return "unknown"


def _department(tokens: list[str]) -> str:
    executive = False
    for index, token in enumerate(tokens):
        for words, department in _DEPARTMENT_INDEX.get(token, ()):
            if tuple(tokens[index : index + len(words)]) == words:
                if department != "executive":
                    return department
                executive = True
                break
    return "executive" if executive else "other"


@lru_cache(maxsize=CACHE_SIZE)
def title_info(title: str) -> TitleInfo:
    text = clean_text(title)
    if not text:
        return TitleInfo("", "unknown", "unknown")
    tokens = _tokenize(text)
    if not tokens:
        return TitleInfo(text, "unknown", "unknown")
    normalized = _normalize_tokens(tokens)
    rendered = _render(normalized) or text
    analysed = _expand_compounds(tokens)
    seniority, department = _seniority(analysed), _department(analysed)
    if department == "executive" and seniority not in ("owner", "c_level") and {"owner", "partner"} & set(analysed):
        department = "other"  # "Process Owner", "Alliance Partner": not the firm's owner or partner
    return TitleInfo(rendered, seniority, department)
