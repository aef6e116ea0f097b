from django.core.management.base import BaseCommand, CommandError

from billing.services.credits import credits_grant, credits_remaining
from leadsite.core.models import Organization


class Command(BaseCommand):
    help = "Grant (or with a negative amount, remove) credits as a ledger adjustment."

    def add_arguments(self, parser):
        parser.add_argument("organization", help="organisation slug")
        parser.add_argument("amount", type=int)
        parser.add_argument("--reference", required=True, help="unique reason, e.g. a ticket id")

    def handle(self, *args, organization, amount, reference, **options):
        org = Organization.objects.filter(slug=organization).first()
        if org is None:
            raise CommandError(f"no organisation {organization!r}")
        credits_grant(organization_id=org.pk, amount=amount, reference=f"manual:{reference}", kind="adjustment")
        self.stdout.write(f"{org.slug}: {credits_remaining(organization_id=org.pk)} credits")
