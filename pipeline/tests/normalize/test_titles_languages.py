"""Seniority and department from titles in seven languages; 'Partner' and 'Owner' only when they mean it;
hyphens separate title parts."""

import pytest

from pipeline.normalize.titles import title_info


@pytest.mark.parametrize(
    ("title", "seniority", "department"),
    [
        # a function's partner, a thing's owner: not the owner of the firm
        ("HR Business Partner", "unknown", "hr"),
        ("Talent Acquisition Partner", "unknown", "hr"),
        ("Finance Business Partner", "unknown", "finance"),
        ("Product Owner", "unknown", "product"),
        ("Process Owner", "unknown", "other"),
        ("Partner Account Manager", "manager", "sales"),
        ("Channel Partner Manager", "manager", "sales"),
        # owners and partners of the firm
        ("Founder & Owner", "owner", "executive"),
        ("Owner & Principal Dentist", "owner", "executive"),
        ("Partner", "owner", "executive"),
        ("Managing Partner", "owner", "executive"),
        ("Equity Partner", "owner", "executive"),
        ("Partner, Tax", "owner", "finance"),
        # hyphens, slashes and & separate parts
        ("Office Manager-Operations", "manager", "operations"),
        ("Sales Manager/Team Lead", "manager", "sales"),
        ("Front-End Developer", "entry", "engineering"),
        ("Human Resource Manager", "manager", "hr"),
        ("Human Resources", "unknown", "hr"),
        # German
        ("Geschäftsführerin", "c_level", "executive"),
        ("Leiter Vertrieb", "head", "sales"),
        ("Vertriebsleiter", "head", "sales"),
        ("Personalreferentin", "entry", "hr"),
        ("Softwareentwickler", "entry", "engineering"),
        ("Inhaber", "owner", "executive"),
        # Dutch
        ("Eigenaar", "owner", "executive"),
        ("Hoofd Marketing", "head", "marketing"),
        ("Verkoopmanager", "manager", "sales"),
        ("Financieel directeur", "director", "finance"),
        ("Software-ontwikkelaar", "entry", "engineering"),
        # French
        ("Directeur Général", "c_level", "executive"),
        ("Responsable Marketing", "head", "marketing"),
        ("Fondateur", "owner", "executive"),
        # Spanish
        ("Jefe de Ventas", "head", "sales"),
        ("Gerente Comercial", "manager", "sales"),
        ("Director General", "c_level", "executive"),
        # Italian
        ("Direttore Generale", "c_level", "executive"),
        ("Amministratore Delegato", "c_level", "executive"),
        ("Responsabile Acquisti", "head", "operations"),
        # Portuguese
        ("Diretor Financeiro", "director", "finance"),
        ("Sócio-Fundador", "owner", "executive"),
        ("Estagiário", "intern", "other"),
    ],
)
def test_title_seniority_and_department(title, seniority, department):
    info = title_info(title)

    assert (info.seniority, info.department) == (seniority, department)


def test_personal_assistant_is_not_human_resources():
    assert title_info("Personal Assistant").department != "hr"
    assert title_info("Personalization Manager").department != "hr"
