"""URLs of the REST API v2, mounted at /v2/."""

app_name = "api_v2"

urlpatterns: list = []
