from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from billing.services.subscriptions import subscription_activate_local
from leadsite.core.services import customer_create

DEMO_EMAIL = "demo@leadsite.local"
DEMO_PASSWORD = "demo-password"
ADMIN_EMAIL = "admin@leadsite.local"
ADMIN_PASSWORD = "admin-password"


class Command(BaseCommand):
    help = "Create the demo customer (professional plan) and a staff admin, once."

    def handle(self, *args, **options):
        User = get_user_model()
        if not User.objects.filter(username=DEMO_EMAIL).exists():
            user = customer_create(email=DEMO_EMAIL, password=DEMO_PASSWORD, organization_name="Demo Company")
            subscription_activate_local(organization_id=user.membership.organization_id, plan_id="professional")
            self.stdout.write(f"demo login: {DEMO_EMAIL} / {DEMO_PASSWORD}")
        if not User.objects.filter(username=ADMIN_EMAIL).exists():
            admin = customer_create(
                email=ADMIN_EMAIL, password=ADMIN_PASSWORD, organization_name="Leadsite staff", is_staff=True
            )
            admin.is_superuser = True
            admin.save(update_fields=["is_superuser"])
            self.stdout.write(f"staff admin: {ADMIN_EMAIL} / {ADMIN_PASSWORD}")
