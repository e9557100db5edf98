"""URLs of the LTI tool, under /lti/."""

from django.urls import path

from . import views

app_name = "lti"
urlpatterns = [
    path("lti/jwks.json", views.jwks, name="jwks"),
    path("lti/login", views.login_view, name="login"),
    path("lti/launch", views.launch, name="launch"),
    path("lti/register/<str:token>", views.register, name="register"),
    path("lti/pick/<str:state>", views.pick, name="pick"),
    path("lti/courses/<int:course_id>/", views.course, name="course"),
    path("lti/courses/<int:course_id>/rules/<int:rule_id>/run", views.rule_run_now, name="run"),
    path(
        "lti/courses/<int:course_id>/badges/<str:badge_id>",
        views.learner_badge,
        name="learner-badge",
    ),
]
