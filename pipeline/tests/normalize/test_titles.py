import pytest

from pipeline.normalize import DEPARTMENTS, SENIORITY_LEVELS, title_info


@pytest.mark.parametrize(
    ("title", "normalized", "seniority", "department"),
    [
        ("vp sales", "VP of Sales", "vp", "sales"),
        ("Vice President, Sales", "VP of Sales", "vp", "sales"),
        ("VP - Sales", "VP of Sales", "vp", "sales"),
        ("VP of Sales", "VP of Sales", "vp", "sales"),
        ("Sales VP", "VP of Sales", "vp", "sales"),
        ("VICE PRESIDENT OF SALES", "VP of Sales", "vp", "sales"),
        ("SVP, Global Sales & Marketing", "SVP of Global Sales & Marketing", "vp", "sales"),
        ("Senior Vice President of Operations", "SVP of Operations", "vp", "operations"),
        ("Sr. Software Eng.", "Senior Software Engineer", "senior", "engineering"),
        ("CEO & Founder", "CEO & Founder", "owner", "executive"),
        ("Founder and CEO", "Founder & CEO", "owner", "executive"),
        ("Co-Founder/CTO", "Co-Founder & CTO", "owner", "engineering"),
        ("Chief Executive Officer", "CEO", "c_level", "executive"),
        ("Chief Financial Officer", "CFO", "c_level", "finance"),
        ("President", "President", "c_level", "executive"),
        ("Managing Director", "Managing Director", "c_level", "executive"),
        ("Head of IT", "Head of IT", "head", "it"),
        ("Marketing Director", "Director of Marketing", "director", "marketing"),
        ("DIRECTOR, FINANCE", "Director of Finance", "director", "finance"),
        ("Regional Sales Director", "Regional Director of Sales", "director", "sales"),
        ("Creative Director", "Creative Director", "director", "marketing"),
        ("Director of Human Resources", "Director of Human Resources", "director", "hr"),
        ("Senior Manager, Product Marketing", "Senior Product Marketing Manager", "manager", "marketing"),
        ("Customer Success Manager", "Customer Success Manager", "manager", "support"),
        ("Product Manager", "Product Manager", "manager", "product"),
        ("Office Manager", "Office Manager", "manager", "operations"),
        ("Account Executive", "Account Executive", "entry", "sales"),
        ("Sales Development Rep", "Sales Development Representative", "entry", "sales"),
        ("Software Engineer", "Software Engineer", "entry", "engineering"),
        ("Lead Engineer", "Lead Engineer", "senior", "engineering"),
        ("General Counsel", "General Counsel", "entry", "legal"),
        ("Recruiter", "Recruiter", "entry", "hr"),
        ("Marketing Intern", "Marketing Intern", "intern", "marketing"),
        ("Executive Assistant to the CEO", "Executive Assistant to the CEO", "entry", "executive"),
        ("Partner", "Partner", "owner", "executive"),
        ("Channel Partner Manager", "Channel Partner Manager", "manager", "sales"),
        ("VP Engineering at Acme Corp", "VP of Engineering", "vp", "engineering"),
        ("R&D Engineer", "R&D Engineer", "entry", "engineering"),
        ("Chief of Staff", "Chief of Staff", "director", "executive"),
        ("Dreamer", "Dreamer", "unknown", "other"),
        ("", "", "unknown", "unknown"),
    ],
)
def test_title_info(title, normalized, seniority, department):
    info = title_info(title)

    assert (info.title_normalized, info.seniority, info.department) == (normalized, seniority, department)
    assert info.seniority in SENIORITY_LEVELS
    assert info.department in DEPARTMENTS
