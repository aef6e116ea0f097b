from types import SimpleNamespace

import pytest

from pipeline.scoring import ProfileError, lead_score, profile_resolve

STRONG = {
    "first_name": "Sarah", "last_name": "Miller", "full_name": "Sarah Miller", "email": "sarah@techflow.com",
    "email_status": "verified_deliverable", "phone": "+14155550199", "phone_status": "mobile_active",
    "title": "VP Sales", "title_normalized": "VP of Sales", "seniority": "vp", "department": "sales",
    "company_name": "TechFlow Systems", "domain": "techflow.com", "industry": "Computer Software",
    "employee_count": 120, "signals": ["Series B", "Hiring"], "technologies": ["AWS", "Salesforce"],
    "country": "US", "linkedin": "",
}


def lead(**changes):
    return SimpleNamespace(**{**STRONG, **changes})


def test_breakdown_adds_up_to_the_score_and_renders_as_rows():
    result = lead_score(lead(), profile_resolve(None))
    assert result.qualified
    assert result.score == pytest.approx(sum(row["points"] for row in result.breakdown))
    rows = {row["rule"]: row for row in result.breakdown}
    assert rows["seniority"] == {"rule": "seniority", "points": 22.0, "detail": "vp (+22)"}
    assert rows["signals"]["points"] == 7.0 and "Series B (+4)" in rows["signals"]["detail"]
    assert rows["company_size"]["detail"] == "120 employees (band 51–200)"
    assert set(rows) == {"seniority", "department", "title_keywords", "company_size", "industry", "signals",
                         "technologies", "country", "email_status", "phone_status", "completeness"}


@pytest.mark.parametrize(
    ("status", "qualifies"),
    [
        ("verified_deliverable", True), ("deliverable_unverified", True), ("accept_all", True), ("unknown", True),
        ("invalid_syntax", False), ("invalid_domain", False), ("undeliverable", False), ("disposable", False),
    ],
)
def test_email_status_gates(status, qualifies):
    result = lead_score(lead(email_status=status), profile_resolve(None))
    assert result.qualified is qualifies
    assert bool(result.gates) is not qualifies


def test_better_email_status_scores_higher():
    profile = profile_resolve(None)
    scores = [lead_score(lead(email_status=s), profile).score
              for s in ("verified_deliverable", "deliverable_unverified", "accept_all", "unknown")]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 4


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"email": "", "phone": ""}, "no_contact"),
        ({"first_name": "", "last_name": "", "full_name": "", "email": ""}, "no_identity"),
    ],
)
def test_unusable_leads_are_gated(changes, code):
    result = lead_score(lead(**changes), profile_resolve(None))
    assert code in {c for c, _ in result.gates}
    assert not result.qualified


def test_phone_only_lead_with_a_name_is_usable():
    result = lead_score(lead(email="", email_status="missing"), profile_resolve(None))
    assert result.gates == []


def test_below_threshold_is_not_qualified_and_threshold_is_configurable():
    weak = lead(seniority="entry", department="support", signals=[], technologies=[], employee_count=None,
                industry="", email_status="unknown", phone_status="")
    assert not lead_score(weak, profile_resolve(None)).qualified
    assert lead_score(weak, profile_resolve({"threshold": 10})).qualified


def test_profile_gates_can_be_added_but_mandatory_ones_stay():
    profile = profile_resolve({"gates": {"email_status": ["missing"], "countries": ["gb"], "min_seniority": "director",
                                         "phone_status": [], "require_contact": True}})
    assert set(profile["gates"]["email_status"]) >= {"missing", "undeliverable", "disposable"}
    codes = {c for c, _ in lead_score(lead(seniority="manager"), profile).gates}
    assert codes == {"country_excluded", "seniority_below_minimum"}


def test_negative_keywords_and_scaling_keep_the_score_within_bounds():
    profile = profile_resolve({"rules": {"title_keywords": {"max": 50, "points": {"intern": -40, "sales": 50}}}})
    result = lead_score(lead(title="Sales Intern", title_normalized="Sales Intern"), profile)
    assert 0 <= result.score <= 100
    row = next(r for r in result.breakdown if r["rule"] == "title_keywords")
    assert row["points"] == pytest.approx(10 * 100 / 145, abs=0.01)  # (50 - 40), scaled to a 100-point total


@pytest.mark.parametrize(
    ("config", "path"),
    [
        ({"threshold": 101}, "threshold"),
        ({"threshold": "high"}, "threshold"),
        ({"colour": "red"}, "colour"),
        ({"rules": {"karma": {"max": 5}}}, "rules.karma"),
        ({"rules": {"seniority": {"max": -1}}}, "rules.seniority.max"),
        ({"rules": {"country": {"points": {"US": "lots"}}}}, "rules.country.points.US"),
        ({"rules": {"company_size": {"bands": [{"min": 10, "max": 5, "points": 1}]}}}, "rules.company_size.bands.0"),
        ({"rules": {"completeness": {"fields": ["shoe_size"]}}}, "rules.completeness.fields"),
        ({"gates": {"min_seniority": "emperor"}}, "gates.min_seniority"),
        ({"gates": {"require_contact": "yes"}}, "gates.require_contact"),
    ],
)
def test_invalid_profiles_name_the_bad_path(config, path):
    with pytest.raises(ProfileError) as info:
        profile_resolve(config)
    assert path in info.value.errors
