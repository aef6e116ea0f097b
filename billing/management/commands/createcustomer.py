from django.core.management.base import BaseCommand, CommandError

from billing.services.subscriptions import subscription_activate_local
from leadsite.core.services import api_token_create, customer_create


class Command(BaseCommand):
    help = "Create a customer (user + organisation), optionally on a plan; prints the API token alone on the last line."

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True)
        parser.add_argument("--password", required=True)
        parser.add_argument("--plan", default=None, help="starter | professional | enterprise")
        parser.add_argument("--organization", default=None, help="Organisation name (default: the email's domain)")

    def handle(self, *args, email, password, plan, organization, **options):
        try:
            user = customer_create(email=email, password=password, organization_name=organization)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if plan:
            subscription_activate_local(organization_id=user.membership.organization_id, plan_id=plan)
        _, raw = api_token_create(user=user, name="createcustomer")
        self.stdout.write(f"created {user.email} in organisation {user.membership.organization.name}")
        self.stdout.write(raw)
