"""Header synonyms in seven languages and CRM API names; company-level columns never fill the person's fields;
several email / phone columns give the row its alternates."""

import io
from pathlib import Path

import pytest

from pipeline.ingest import iter_rows, map_header, sniff_upload
from pipeline.ingest.headers import columns_map

FIXTURES = Path(__file__).parent / "fixtures"

LANGUAGE_HEADERS = {
    "nl": {"Voornaam": "first_name", "Achternaam": "last_name", "Email adres": "email", "Telefoonnummer": "phone",
           "Mobiel nummer": "phone", "Bedrijfsnaam": "company_name", "Functie": "title", "Plaats": "city",
           "Aantal medewerkers": "employee_count", "Postcode": "postcode", "Naam": "full_name"},
    "de": {"Vorname": "first_name", "Nachname": "last_name", "E-Mail-Adresse": "email", "Telefonnummer": "phone",
           "Handy": "phone", "Unternehmen": "company_name", "Firmenname": "company_name", "Position": "title",
           "Berufsbezeichnung": "title", "Ort": "city", "PLZ": "postcode", "Straße": "street", "Branche": "industry",
           "Anzahl Mitarbeiter": "employee_count", "Profil-URL": "linkedin"},
    "fr": {"Prénom": "first_name", "Nom": "last_name", "Courriel": "email", "Adresse e-mail": "email",
           "Téléphone": "phone", "Portable": "phone", "Société": "company_name", "Entreprise": "company_name",
           "Poste": "title", "Fonction": "title", "Ville": "city", "Code postal": "postcode", "Pays": "country",
           "Site web": "website", "Secteur d'activité": "industry"},
    "es": {"Nombre": "first_name", "Apellidos": "last_name", "Correo electrónico": "email", "Teléfono": "phone",
           "Móvil": "phone", "Empresa": "company_name", "Cargo": "title", "Puesto": "title", "Ciudad": "city",
           "País": "country", "Código postal": "postcode", "Sitio web": "website", "Número de empleados":
           "employee_count"},
    "it": {"Nome": "first_name", "Cognome": "last_name", "Indirizzo email": "email", "Cellulare": "phone",
           "Azienda": "company_name", "Ragione sociale": "company_name", "Ruolo": "title", "Qualifica": "title",
           "Città": "city", "CAP": "postcode", "Settore": "industry", "Numero dipendenti": "employee_count"},
    "pt": {"Sobrenome": "last_name", "Telefone": "phone", "Telemóvel": "phone", "Celular": "phone",
           "Nome da empresa": "company_name", "Função": "title", "Cidade": "city", "CEP": "postcode",
           "Endereço": "street", "Número de funcionários": "employee_count"},
    "salesforce": {"FirstName": "first_name", "LastName": "last_name", "MobilePhone": "phone",
                   "MailingPostalCode": "postcode", "MailingCity": "city", "Current_Employer__c": "company_name",
                   "Designation__c": "title", "LinkedIn_Profile__c": "linkedin", "Account.Name": "company_name",
                   "NumberOfEmployees": "employee_count"},
    "hubspot": {"firstname": "first_name", "lastname": "last_name", "jobtitle": "title", "mobilephone": "phone",
                "hs_linkedinid": "linkedin", "numberofemployees": "employee_count", "zip": "postcode",
                "company": "company_name"},
    "snake_and_camel": {"first_name": "first_name", "emailAddress": "email", "job_title": "title",
                        "companyName": "company_name", "phone_number": "phone", "linkedinUrl": "linkedin"},
}


@pytest.mark.parametrize(
    ("header", "field"), [(h, f) for table in LANGUAGE_HEADERS.values() for h, f in table.items()]
)
def test_header_maps_to_its_field(header, field):
    assert map_header(header) == field


@pytest.mark.parametrize(
    "header",
    ["Company Phone", "Corporate Phone", "Company_Phone__c", "Switchboard", "HQ Phone", "Company Address",
     "Company City", "AccountId", "Apollo Account Id", "Account ID", "Telefon Zentrale", "Hoofdnummer"],
)
def test_company_level_columns_never_fill_the_person(header):
    assert map_header(header) == ""


def test_dutch_crm_export_maps_every_column_and_reads_placeholders_as_empty():
    data = (FIXTURES / "dutch_crm.csv").read_bytes()
    info = sniff_upload(io.BytesIO(data), filename="export.csv")

    rows = list(iter_rows(io.BytesIO(data), info=info))

    assert info.delimiter == ";"
    assert all(info.mapping.values())
    assert rows[0].values["email"] == "sanne.devries@vandijk-installatietechniek.nl"
    assert rows[0].values["phone"] == "020 555 0134"
    assert rows[0].alternates == {"phone": {"column": "Telefoonnummer",
                                            "others": [{"column": "Mobiel nummer", "value": "06 12345678"}]}}
    assert rows[1].values["phone"] == "06 23456789" and rows[1].alternates is None
    assert "phone" not in rows[4].values  # NULL in both phone columns
    assert rows[5].alternates is None  # "-" in the second phone column is no value


def test_salesforce_contact_export_with_api_names():
    data = (FIXTURES / "salesforce_contacts.csv").read_bytes()
    info = sniff_upload(io.BytesIO(data), filename="contacts.csv")

    rows = list(iter_rows(io.BytesIO(data), info=info))

    assert info.mapping["Current_Employer__c"] == "company_name"
    assert info.mapping["Designation__c"] == "title"
    assert info.mapping["Company_Phone__c"] == ""
    assert rows[0].values["company_name"] == "Bluefin Energy"
    assert rows[0].values["title"] == "Chief Financial Officer"  # "Title" is empty, Designation__c is read
    assert rows[0].extra["Company_Phone__c"] == "+1 713 555 0100"
    assert rows[2].values["phone"] == "+39 347 555 1234"  # Phone is "null": MobilePhone is the phone


def test_several_email_and_phone_columns_in_json_give_alternates():
    data = b'[{"email": "bad", "email2": "ann@lee.io", "phone": "+44 20 7946 0000", "mobile": "+44 7700 900123"}]'
    info = sniff_upload(io.BytesIO(data), filename="leads.json")

    (row,) = iter_rows(io.BytesIO(data), info=info)

    assert row.values["email"] == "bad"
    assert row.alternates["email"] == {"column": "email", "others": [{"column": "email2", "value": "ann@lee.io"}]}
    assert row.alternates["phone"]["others"] == [{"column": "mobile", "value": "+44 7700 900123"}]


def test_columns_map_keeps_several_columns_on_one_field_for_alternates():
    mapping = columns_map(["Email", "Email 2", "Phone 1", "Phone 2", "Work Direct Phone", "Mobile Phone"])

    assert mapping == {"Email": "email", "Email 2": "email", "Phone 1": "phone", "Phone 2": "phone",
                       "Work Direct Phone": "phone", "Mobile Phone": "phone"}


def test_salesforce_record_metadata_is_not_lead_data():
    assert map_header("attributes.url") == ""
    assert map_header("Account.attributes.type") == ""
    assert map_header("Account.Name") == "company_name"
