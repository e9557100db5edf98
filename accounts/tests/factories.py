"""Factories for accounts."""

import factory
from allauth.account.models import EmailAddress

from accounts.models import User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"learner{n}@example.org")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        """Record the user's email in allauth, verified unless `verified_email=False` is passed."""
        if create:
            EmailAddress.objects.create(
                user=obj, email=obj.email, primary=True, verified=extracted is not False
            )


def signed_in(client, **fields) -> User:
    """A new user (made by UserFactory with fields), signed in on the test client."""
    user = UserFactory(**fields)
    client.force_login(user)
    return user
