import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from portal.models import HomePage


@pytest.mark.postgres
@pytest.mark.django_db
def test_every_migration_applies_on_postgresql():
    assert connection.vendor == "postgresql"
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert HomePage.objects.live().count() == 1
