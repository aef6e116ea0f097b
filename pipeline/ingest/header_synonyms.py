"""Header names per language and per CRM, as data: lead field → the names exports use for it.

Keys are compared after `headers.header_key` (case, spaces, punctuation, accents and camelCase removed;
Salesforce's `__c` and HubSpot's `hs_` dropped), so each name is written once in its natural spelling.
A name listed in two languages for different fields keeps the first table's meaning (English first).
Add a language by adding a table to SYNONYMS_BY_LANGUAGE.
"""

from __future__ import annotations

# Salesforce, HubSpot, Apollo, ZoomInfo, LinkedIn Sales Navigator, Lusha, Pipedrive and plain spreadsheets.
ENGLISH: dict[str, tuple[str, ...]] = {
    "first_name": (
        "first name", "fname", "first", "given name", "forename", "firstname", "first_name", "prenom", "vorname",
        "nombre",
    ),
    "last_name": (
        "last name", "lname", "surname", "family name", "last", "lastname", "nom", "nachname", "apellido",
        "apellidos",
    ),
    "full_name": (
        "full name", "name", "contact", "contact name", "person name", "lead name", "person", "display name",
        "prospect name", "prospect", "lead", "contact person", "full_name",
    ),
    "email": (
        "email", "e-mail", "email address", "e-mail address", "work email", "business email", "mail", "email 1",
        "primary email", "corporate email", "office email", "email id", "emails", "professional email",
        "direct email", "verified email", "e-mail-adresse", "correo", "correo electronico", "courriel",
    ),
    "phone": (
        "phone", "phone number", "mobile", "mobile phone", "mobile number", "cell", "cell phone", "cellphone",
        "direct dial", "direct phone", "direct phone number", "direct line", "telephone", "tel", "work phone",
        "work direct phone", "business phone", "first phone", "phone 1", "primary phone",
        "office phone", "mobile phone number", "phone numbers", "telephone number", "mobile direct dial", "dial",
        "direct", "contact phone", "telefon", "telefonnummer", "handy", "telefono", "telephone portable",
    ),
    "title": (
        "title", "job title", "position", "role", "job role", "designation", "job position", "occupation",
        "current title", "current position", "job", "job function title", "title normalized", "job title normalized",
        "normalized title", "current job title", "position title",
    ),
    "company_name": (
        "company", "account", "organization", "organisation", "company name", "employer", "account name",
        "organization name", "organisation name", "business name", "current company", "company legal name", "firm",
        "org", "org name", "current employer", "business", "enterprise", "client", "customer", "company display name",
        "brand", "account.name", "company.name", "firma", "unternehmen", "empresa", "societe", "entreprise",
    ),
    "website": (
        "website", "domain", "url", "company domain", "company website", "web site", "homepage", "home page", "web",
        "site", "company url", "website url", "account website", "account domain", "company web site", "web address",
        "domain name", "company website url", "organization domain", "organization website", "root domain",
        "company homepage", "www",
    ),
    "country": (
        "country", "country code", "country name", "nation", "country region", "country/region", "country iso",
        "iso country", "company country", "mailing country", "billing country", "person country", "hq country",
        "land", "pais",
    ),
    "linkedin": (
        "linkedin", "linkedin url", "linkedin profile", "linkedin profile url", "person linkedin url", "profile url",
        "li url", "linkedin link", "linkedin contact profile url", "contact linkedin url", "linkedin public url",
        "linkedin handle", "public profile url", "linkedin profile link", "social linkedin",
    ),
    "industry": (
        "industry", "sector", "vertical", "company industry", "account industry", "primary industry", "industries",
        "industry type", "naics description", "sic description",
    ),
    "employee_count": (
        "employees", "company size", "headcount", "number of employees", "employee count", "num employees",
        "# employees", "size", "staff count", "company headcount", "employees count", "nb employees",
        "estimated num employees", "company employees", "no. of employees", "no of employees", "employee range",
        "employees range", "company size range", "employee size", "team size", "head count", "staff", "employees total",
        "total employees",
    ),
    "street": (
        "street", "address", "street address", "address line 1", "address 1", "address1", "mailing street",
        "billing street", "strasse", "company street", "company address", "company street address", "street line 1",
        "street 1", "postal address", "mailing address", "billing address", "hq address",
    ),
    "city": (
        "city", "town", "mailing city", "billing city", "company city", "locality", "person city", "hq city",
        "city name", "ville", "stadt", "ciudad", "suburb",
    ),
    "state": (
        "state", "region", "province", "state province", "state/province", "state/region", "mailing state/province",
        "mailing state", "billing state", "billing state/province", "company state", "person state", "state code",
        "county", "hq state", "state or province", "prefecture", "bundesland",
    ),
    "postcode": (
        "zip", "postcode", "postal code", "zip code", "zipcode", "post code", "zip/postal code", "mailing zip",
        "mailing zip/postal code", "billing zip/postal code", "billing zip", "company zip code", "company postal code",
        "person zip code", "plz", "cp", "pin code", "postal", "hq postal code",
    ),
    "signals": (
        "signals", "signal", "intent", "intent signals", "buying signals", "intent topics", "trigger", "triggers",
        "events", "trigger events", "buying intent", "news", "account signals",
    ),
    "technologies": (
        "technologies", "tech stack", "technology", "tech", "technographics", "installed technologies", "tools",
        "technology stack", "stack", "software used", "account technologies",
    ),
}

GERMAN: dict[str, tuple[str, ...]] = {
    "first_name": ("vorname", "rufname"),
    "last_name": ("nachname", "familienname", "zuname"),
    "full_name": ("vollständiger name", "kontaktname", "ansprechpartner", "kontakt", "name des kontakts"),
    "email": ("e-mail", "e-mail-adresse", "email-adresse", "mail-adresse", "e-mail geschäftlich", "emailadresse"),
    "phone": ("telefon", "telefonnummer", "tel", "telefon geschäftlich", "mobil", "mobilnummer", "mobiltelefon",
              "handy", "handynummer", "durchwahl", "rufnummer"),
    "title": ("position", "berufsbezeichnung", "jobtitel", "funktion", "stellenbezeichnung", "tätigkeit", "rolle"),
    "company_name": ("firma", "unternehmen", "firmenname", "unternehmensname", "arbeitgeber", "organisation",
                     "gesellschaft"),
    "website": ("webseite", "internetseite", "homepage", "internetadresse", "domain"),
    "country": ("land", "staat"),
    "linkedin": ("linkedin-profil", "profil-url", "profil url", "linkedin profil"),
    "industry": ("branche", "wirtschaftszweig"),
    "employee_count": ("mitarbeiter", "mitarbeiteranzahl", "anzahl mitarbeiter", "mitarbeiterzahl", "beschäftigte",
                       "unternehmensgröße"),
    "street": ("straße", "strasse", "adresse", "anschrift", "straße und hausnummer", "strasse und hausnummer"),
    "city": ("ort", "stadt", "wohnort"),
    "state": ("bundesland", "region", "kanton"),
    "postcode": ("plz", "postleitzahl"),
}

FRENCH: dict[str, tuple[str, ...]] = {
    "first_name": ("prénom",),
    "last_name": ("nom", "nom de famille"),
    "full_name": ("nom complet", "nom et prénom", "prénom et nom", "contact"),
    "email": ("courriel", "e-mail", "adresse e-mail", "adresse email", "adresse électronique", "adresse mail", "mail"),
    "phone": ("téléphone", "numéro de téléphone", "tél", "portable", "téléphone portable", "téléphone mobile",
              "numéro de portable", "ligne directe", "téléphone professionnel"),
    "title": ("poste", "fonction", "titre", "intitulé du poste", "titre du poste", "métier"),
    "company_name": ("entreprise", "société", "nom de l'entreprise", "nom de la société", "raison sociale",
                     "organisation", "employeur"),
    "website": ("site web", "site internet", "site"),
    "country": ("pays",),
    "linkedin": ("profil linkedin", "url linkedin"),
    "industry": ("secteur", "secteur d'activité", "industrie"),
    "employee_count": ("effectif", "effectifs", "nombre d'employés", "nombre de salariés", "taille de l'entreprise"),
    "street": ("adresse", "rue", "adresse postale"),
    "city": ("ville", "commune"),
    "state": ("région", "département", "province"),
    "postcode": ("code postal", "cp"),
}

SPANISH: dict[str, tuple[str, ...]] = {
    "first_name": ("nombre", "nombre de pila"),
    "last_name": ("apellido", "apellidos", "primer apellido"),
    "full_name": ("nombre completo", "nombre y apellidos", "contacto"),
    "email": ("correo", "correo electrónico", "email", "e-mail", "dirección de correo", "dirección de email"),
    "phone": ("teléfono", "número de teléfono", "móvil", "celular", "teléfono móvil", "teléfono fijo",
              "teléfono directo"),
    "title": ("cargo", "puesto", "título", "puesto de trabajo", "rol", "función"),
    "company_name": ("empresa", "compañía", "nombre de la empresa", "organización", "razón social"),
    "website": ("sitio web", "página web", "web"),
    "country": ("país",),
    "linkedin": ("perfil de linkedin", "url de linkedin"),
    "industry": ("sector", "industria"),
    "employee_count": ("empleados", "número de empleados", "tamaño de la empresa", "plantilla"),
    "street": ("dirección", "calle", "domicilio"),
    "city": ("ciudad", "localidad", "municipio"),
    "state": ("provincia", "estado", "región", "comunidad autónoma"),
    "postcode": ("código postal", "cp"),
}

DUTCH: dict[str, tuple[str, ...]] = {
    "first_name": ("voornaam", "roepnaam"),
    "last_name": ("achternaam", "familienaam"),
    "full_name": ("naam", "volledige naam", "contactpersoon", "naam contactpersoon"),
    "email": ("email adres", "e-mailadres", "emailadres", "e-mail", "mailadres", "zakelijk e-mailadres"),
    "phone": ("telefoonnummer", "telefoon", "tel", "mobiel nummer", "mobiel", "mobiele nummer", "06 nummer",
              "mobiel telefoonnummer", "direct nummer", "telefoonnummer zakelijk"),
    "title": ("functie", "functietitel", "functie titel", "rol", "functieomschrijving"),
    "company_name": ("bedrijfsnaam", "bedrijf", "organisatie", "organisatienaam", "werkgever", "onderneming"),
    "website": ("website", "webadres", "internetadres", "site"),
    "country": ("land",),
    "linkedin": ("linkedin profiel", "linkedin-profiel"),
    "industry": ("branche", "sector", "bedrijfstak"),
    "employee_count": ("aantal medewerkers", "aantal werknemers", "medewerkers", "werknemers", "bedrijfsgrootte"),
    "street": ("adres", "straat", "straatnaam", "bezoekadres", "postadres"),
    "city": ("plaats", "woonplaats", "stad", "vestigingsplaats"),
    "state": ("provincie",),
    "postcode": ("postcode",),
}

ITALIAN: dict[str, tuple[str, ...]] = {
    "first_name": ("nome",),
    "last_name": ("cognome",),
    "full_name": ("nome completo", "nome e cognome", "nominativo", "referente", "contatto"),
    "email": ("email", "e-mail", "indirizzo email", "indirizzo e-mail", "posta elettronica", "pec"),
    "phone": ("telefono", "numero di telefono", "cellulare", "tel", "telefono cellulare", "numero cellulare"),
    "title": ("ruolo", "qualifica", "posizione", "mansione", "carica", "titolo"),
    "company_name": ("azienda", "società", "ragione sociale", "nome azienda", "impresa", "ditta"),
    "website": ("sito web", "sito", "sito internet"),
    "country": ("paese", "nazione", "stato"),
    "linkedin": ("profilo linkedin",),
    "industry": ("settore", "settore di attività", "industria"),
    "employee_count": ("dipendenti", "numero dipendenti", "numero di dipendenti", "addetti"),
    "street": ("indirizzo", "via"),
    "city": ("città", "comune", "località"),
    "state": ("provincia", "regione"),
    "postcode": ("cap", "codice postale"),
}

PORTUGUESE: dict[str, tuple[str, ...]] = {
    "first_name": ("nome", "primeiro nome"),
    "last_name": ("sobrenome", "apelido", "último nome"),
    "full_name": ("nome completo", "contato", "contacto"),
    "email": ("e-mail", "email", "endereço de e-mail", "endereço de email", "correio eletrônico",
              "correio electrónico"),
    "phone": ("telefone", "número de telefone", "celular", "telemóvel", "telefone celular", "whatsapp"),
    "title": ("cargo", "função", "posição", "título"),
    "company_name": ("empresa", "nome da empresa", "companhia", "organização", "razão social"),
    "website": ("site", "sítio web", "página web"),
    "country": ("país",),
    "linkedin": ("perfil do linkedin", "perfil linkedin"),
    "industry": ("setor", "sector", "segmento", "ramo"),
    "employee_count": ("funcionários", "número de funcionários", "colaboradores", "tamanho da empresa"),
    "street": ("endereço", "morada", "rua", "logradouro"),
    "city": ("cidade", "município", "localidade"),
    "state": ("estado", "distrito", "uf"),
    "postcode": ("cep", "código postal"),
}

# CRM field API names that no language table reaches (the `__c` / `hs_` forms of the above already match).
CRM_API_NAMES: dict[str, tuple[str, ...]] = {
    "title": ("jobtitle", "job_title__c", "designation__c"),
    "company_name": ("current_employer__c", "company__c", "associatedcompanyname"),
    "phone": ("mobilephone", "hs_whatsapp_phone_number"),
    "linkedin": ("linkedin_url", "linkedinbio", "hs_linkedinid", "linkedin_profile__c"),
    "employee_count": ("numberofemployees", "num_employees", "numemployees"),
    "website": ("hs_website", "domain__c"),
    "postcode": ("zip", "mailingpostalcode", "postalcode"),
}

SYNONYMS_BY_LANGUAGE: dict[str, dict[str, tuple[str, ...]]] = {
    "en": ENGLISH, "de": GERMAN, "fr": FRENCH, "es": SPANISH, "nl": DUTCH, "it": ITALIAN, "pt": PORTUGUESE,
    "crm": CRM_API_NAMES,
}

# Columns about the company that must never fill the person's contact fields (kept in `extra`).
COMPANY_LEVEL: tuple[str, ...] = (
    "company phone", "corporate phone", "company phone number", "switchboard", "main phone", "hq phone",
    "headquarters phone", "account phone", "organization phone", "company telephone", "firmentelefon",
    "telefon zentrale", "zentrale", "téléphone standard", "centralita", "centralino", "hoofdnummer",
    "algemeen telefoonnummer", "general email", "info email", "company address",
    "company street", "company street address", "company city", "company state", "company zip code",
    "company postal code", "hq address", "hq city", "hq state", "hq postal code", "account id", "company id",
    "organization id", "account number",
)
