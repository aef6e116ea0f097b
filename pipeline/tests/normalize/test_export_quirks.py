"""Normalisation of what real exports put in odd places."""

from pipeline.normalize.record import lead_values


def test_a_linkedin_profile_in_the_website_column_becomes_the_linkedin_url():
    values = lead_values({"website": "https://www.linkedin.com/in/priya-raman-4a1b2c", "email": "p@northwind.com"})

    assert values["linkedin"] == "https://www.linkedin.com/in/priya-raman-4a1b2c"
    assert values["website"] == ""
    assert values["domain"] == "northwind.com"


def test_a_real_website_stays_when_linkedin_is_given():
    values = lead_values({"website": "northwind.com", "linkedin": "linkedin.com/in/priya"})

    assert values["website"] == "https://northwind.com"
    assert values["linkedin"] == "https://www.linkedin.com/in/priya"
