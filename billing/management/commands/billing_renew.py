from django.core.management.base import BaseCommand

from billing.services.subscriptions import subscriptions_renew_due


class Command(BaseCommand):
    help = "Renew local-gateway subscriptions whose cycle ended (cancel, apply scheduled downgrades, reset credits)."

    def handle(self, *args, **options):
        renewed = subscriptions_renew_due()
        self.stdout.write(f"renewed {renewed} subscription(s)")
