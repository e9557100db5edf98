"""Load demo content: admin and learner accounts (printed), badges, catalogues, pathways."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from accounts.services import user_create


class Command(BaseCommand):
    help = (
        "Create the demo admin and learner accounts and the demo issuer, badges, catalogues "
        "and pathways. Safe to run repeatedly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--email", default="admin@laurel.test", help="Demo admin email.")
        parser.add_argument(
            "--password",
            default="laurel-demo-admin",
            help="Demo admin password (reset to this value on every run).",
        )

    @transaction.atomic
    def handle(self, *args, email: str, password: str, **options):
        from portal.demo import demo_content_create
        from portal.models import HomePage

        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            user = user_create(
                email=email, password=password, verified=True, is_staff=True, is_superuser=True
            )
        else:
            user.set_password(password)
            user.is_staff = user.is_superuser = user.is_active = True
            user.save()
        if not HomePage.objects.live().exists():
            self.stderr.write("No live home page: run `manage.py migrate` first.")
        demo = demo_content_create(admin=user)
        base = settings.LAUREL_BASE_URL
        self.stdout.write(
            self.style.SUCCESS("Demo content ready.\n")
            + f"  Portal:        {base}/\n"
            + f"  Wagtail admin: {base}/admin/\n"
            + f"  Django admin:  {base}/staff/\n"
            + f"  Issuing:       {base}/issue/ (as the admin: the demo issuer's workspace)\n"
            + f"  Backpack:      {base}/backpack/ (as the learner)\n"
            + f"  Apply:         {' '.join(f'{base}/badges/{b}/' for b in demo.applying)}"
            + " (as the learner; the admin reviews under Issuing -> Review)\n"
            + f"  Claim code:    {demo.claim_code} at {base}/claim/ (as the learner)\n"
            + f"  Admin email:   {user.email}\n"
            + f"  Password:      {password}\n"
            + f"  Learner email: {demo.learner_email}\n"
            + f"  Password:      {demo.learner_password}\n"
            + "  Demo pages:    "
            + " ".join(base + url for url in demo.pages)
            + "\n"
            + "  API token (REST API v2, guide in docs/api.md):\n"
            + f"    curl -s -X POST {base}/o/token -d grant_type=password"
            + f" -d client_id={settings.LAUREL_OAUTH_PUBLIC_CLIENT_ID}"
            + f" --data-urlencode username={user.email} --data-urlencode password={password}"
            + " -d 'scope=rw:issuer rw:backpack rw:profile'\n"
        )
