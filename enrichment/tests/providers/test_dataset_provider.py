import io

import pytest

from enrichment.models import CompanyDataset, CompanyRecord
from enrichment.providers.base import CompanyQuery
from enrichment.providers.dataset.index import demo_company_rows
from enrichment.providers.dataset.provider import CompanyDatasetProvider
from enrichment.services.datasets import company_dataset_import
from leadsite.core.exceptions import ApplicationError

CSV = b"""Domain,Name,Industry,Size,Signals,Technologies
https://www.techflow.com/,TechFlow Systems Inc.,Software,51-200,Series B;Hiring,AWS;Salesforce
,Globex Corporation,Manufacturing,10000+,,SAP
,,nothing,,,
"""


def test_import_then_lookup_by_domain_and_name(org):
    dataset = company_dataset_import(organization_id=org.id, fh=io.BytesIO(CSV), filename="companies.csv")
    assert (dataset.rows, dataset.rows_rejected, dataset.version) == (2, 1, 1)
    provider = CompanyDatasetProvider.for_organization(org.id)
    techflow = provider.company_lookup(CompanyQuery(domain="techflow.com")).profile
    assert techflow.name == "TechFlow Systems Inc."
    assert techflow.employee_count == 125
    assert techflow.signals == ["Series B", "Hiring"]
    assert techflow.technologies == ["AWS", "Salesforce"]
    assert techflow.confidence == 1.0
    globex = provider.company_lookup(CompanyQuery(name="GLOBEX corp")).profile
    assert (globex.industry, globex.employee_count, globex.confidence) == ("Manufacturing", 10000, 0.9)
    assert provider.company_lookup(CompanyQuery(domain="unknown.com")).profile is None
    # a known domain is looked up by domain alone: another domain with a known name is not that company
    assert provider.company_lookup(CompanyQuery(domain="globex.io", name="Globex Corp")).profile is None


def test_reimport_replaces_and_bumps_version(org):
    company_dataset_import(organization_id=org.id, fh=io.BytesIO(CSV), filename="a.csv")
    company_dataset_import(organization_id=org.id, fh=io.BytesIO(b"domain,name\nnew.io,New Co\n"), filename="b.csv")
    assert CompanyDataset.objects.get(organization=org).version == 2
    assert list(CompanyRecord.objects.filter(organization=org).values_list("domain", flat=True)) == ["new.io"]
    provider = CompanyDatasetProvider.for_organization(org.id)
    assert provider.company_lookup(CompanyQuery(domain="techflow.com")).profile is None


def test_csv_without_domain_or_name_column_is_refused(org):
    with pytest.raises(ApplicationError) as err:
        company_dataset_import(organization_id=org.id, fh=io.BytesIO(b"a,b\n1,2\n"), filename="x.csv")
    assert err.value.code == "dataset_invalid"


def test_organisation_without_dataset_gets_the_demo_dataset(org, settings):
    row = demo_company_rows()[0]
    provider = CompanyDatasetProvider.for_organization(org.id)
    assert provider.company_lookup(CompanyQuery(domain=row["domain"])).profile.name == row["name"]
    assert len(demo_company_rows()) >= 300
    settings.ENRICHMENT_DEMO_DATASET = False
    assert CompanyDatasetProvider.for_organization(org.id).is_configured() is False


def test_datasets_are_per_organisation(make_customer):
    a, b = make_customer().organization, make_customer().organization
    company_dataset_import(organization_id=a.id, fh=io.BytesIO(CSV), filename="a.csv")
    company_dataset_import(organization_id=b.id, fh=io.BytesIO(b"domain,name\nother.io,Other\n"), filename="b.csv")
    assert (
        CompanyDatasetProvider.for_organization(b.id).company_lookup(CompanyQuery(domain="techflow.com")).profile
        is None
    )
