from django.db import migrations

PLANS = [
    # id, name, monthly price in cents, credits per cycle, Stripe price id (editable in the admin)
    ("starter", "Starter", 9900, 1000, "price_starter_monthly"),
    ("professional", "Professional", 49900, 5000, "price_professional_monthly"),
    ("enterprise", "Enterprise", 149900, 25000, "price_enterprise_monthly"),
]


def plans_create(apps, schema_editor):
    Plan = apps.get_model("billing", "Plan")
    for plan_id, name, price, credits, price_id in PLANS:
        Plan.objects.update_or_create(
            pk=plan_id,
            defaults={"name": name, "monthly_price_cents": price, "credits_per_cycle": credits,
                      "stripe_price_id": price_id, "currency": "usd", "is_active": True},
        )


def plans_delete(apps, schema_editor):
    apps.get_model("billing", "Plan").objects.filter(pk__in=[p[0] for p in PLANS]).delete()


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [migrations.RunPython(plans_create, plans_delete)]
