"""Your profile (`/v2/users/self`) and your personal access tokens (`/v2/auth/tokens`)."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, PermissionDenied

from accounts import selectors, services

from ..envelope import ok
from ..permissions import needs, token_scopes
from ..schema import api_schema
from ..serializers.users import (
    TokenCreatedOutput,
    TokenInput,
    TokenOutput,
    UserInput,
    UserOutput,
)
from . import ApiView, checked


class UserSelf(ApiView):
    """Read your profile."""

    @api_schema(summary="Get your profile", tag="Users", output=UserOutput, errors=(401, 403))
    @needs("r:profile")
    def get(self, request):
        return ok(UserOutput(request.user).data)


class UserSelfUpdate(ApiView):
    """Change your name."""

    @api_schema(
        summary="Update your profile",
        tag="Users",
        output=UserOutput,
        request=UserInput,
        errors=(400, 401, 403),
    )
    @needs("rw:profile")
    def put(self, request):
        data = checked(request, UserInput)
        user = services.user_update(
            user=request.user,
            first_name=data.validated_data.get("firstName"),
            last_name=data.validated_data.get("lastName"),
        )
        return ok(UserOutput(user).data)


class TokenList(ApiView):
    """List your personal access tokens (their values are never shown again)."""

    @api_schema(
        summary="List your access tokens", tag="Tokens", output=TokenOutput, errors=(401, 403)
    )
    @needs("rw:profile")
    def get(self, request):
        return ok(TokenOutput(selectors.personal_token_list(user=request.user), many=True).data)


class TokenCreate(ApiView):
    """Make a personal access token for a script; the response shows its value once."""

    @api_schema(
        summary="Create an access token",
        tag="Tokens",
        output=TokenCreatedOutput,
        request=TokenInput,
        status=201,
        errors=(400, 401, 403),
    )
    @needs("rw:profile")
    def post(self, request):
        data = checked(request, TokenInput)
        scope = data.validated_data["scope"]
        held = token_scopes(request)
        if held is not None and not set(scope.split()) <= held:
            raise PermissionDenied(
                _(
                    "A token can only make tokens with scopes it holds itself; "
                    "sign in to the portal or use a token with those scopes."
                )
            )
        token, value = services.personal_token_create(
            user=request.user, name=data.validated_data["name"], scope=scope
        )
        token.token = value
        return ok(TokenCreatedOutput(token).data, status=201)


class TokenDelete(ApiView):
    """Delete (revoke) one of your personal access tokens."""

    @api_schema(summary="Delete an access token", tag="Tokens", errors=(401, 403, 404))
    @needs("rw:profile")
    def delete(self, request, entity_id: str):
        token = selectors.personal_token_list(user=request.user).filter(entity_id=entity_id).first()
        if token is None:
            raise NotFound(_("You have no access token %(id)s.") % {"id": entity_id})
        services.personal_token_delete(token=token)
        return ok([])
