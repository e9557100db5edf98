"""docker-compose.yml describes the production stack with the variables the settings read."""

from pathlib import Path

import yaml

from portal.tests.test_settings import settings_variables

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVICES = ("web", "worker", "beat")


def environment(service: str) -> dict[str, str]:
    env = SERVICES[service].get("environment", {})
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    anchors = SERVICES[service].get("env_file")
    assert anchors is None, "keep variables inline so this test can see them"
    return env


def test_every_part_of_the_stack_is_a_service():
    assert {"web", "worker", "beat", "db", "redis", "elasticsearch"} <= set(SERVICES)
    assert SERVICES["db"]["image"].startswith("postgres:16")
    assert SERVICES["redis"]["image"].startswith("redis:7")
    assert SERVICES["elasticsearch"]["image"].split(":")[-1].startswith("8.")


def test_app_services_are_wired_to_the_backing_services_by_the_settings_variable_names():
    for name in APP_SERVICES:
        env = environment(name)
        assert set(env) <= settings_variables() | {"DJANGO_SETTINGS_MODULE"}, name
        assert env["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"
        assert "@db:5432/" in env["DATABASE_URL"]
        assert env["REDIS_URL"].startswith("redis://redis:6379")
        assert env["ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
        assert env["SECRET_KEY"]
        assert {"db", "redis", "elasticsearch"} <= set(SERVICES[name]["depends_on"])


def test_the_processes_run_what_the_makefile_runs():
    assert "gunicorn" in " ".join(SERVICES["web"]["command"])
    assert "worker" in SERVICES["worker"]["command"]
    assert "beat" in SERVICES["beat"]["command"]


def test_nginx_serves_the_files_the_app_publishes_with_every_placeholder_filled():
    from deploy.frontserver import CONF, PLACEHOLDER

    nginx = SERVICES["nginx"]
    env = nginx["environment"]
    assert set(PLACEHOLDER.findall(CONF.read_text())) == set(env)
    assert (
        "./deploy/nginx/laurel.conf:/etc/nginx/templates/default.conf.template:ro"
        in (nginx["volumes"])
    )
    published = env["LAUREL_PUBLISH_ROOT"]
    assert f"published:{published}:ro" in nginx["volumes"]
    assert env["LAUREL_APP"] == "web:8000"
    for name in ("web", "worker"):  # the worker's outbox handlers write the files
        assert environment(name)["LAUREL_PUBLISH_ROOT"] == published
        assert f"published:{published}" in SERVICES[name]["volumes"]
        assert environment(name)["STATIC_ROOT"] == env["LAUREL_STATIC_ROOT"]
