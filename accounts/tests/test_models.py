import pytest

from accounts.models import User


@pytest.mark.django_db
def test_users_sign_in_with_their_email_in_lower_case():
    user = User.objects.create_user(email="Ada@Example.ORG", password="s3cret-enough")
    assert user.email == "ada@example.org"
    assert User.USERNAME_FIELD == "email"
    assert user.check_password("s3cret-enough")


@pytest.mark.django_db
def test_creating_a_user_without_an_email_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="email address is required"):
        User.objects.create_user(email="", password="x")


@pytest.mark.django_db
def test_a_superuser_is_staff_and_superuser():
    user = User.objects.create_superuser(email="root@example.org", password="s3cret-enough")
    assert user.is_staff and user.is_superuser
