"""Search documents with weighted text columns, facet values and a vocabulary; the engine's
own full-text structures: an FTS5 table on SQLite, GIN and trigram indexes on PostgreSQL."""

import django.contrib.postgres.search
from django.contrib.postgres.operations import TrigramExtension
import django.db.models.deletion
from django.db import migrations, models


SQLITE_FORWARD = [
    # rowid is SearchDocument.id; porter stemming, accents folded. Column order matters:
    # the backend's bm25() weights and snippet() column numbers follow it.
    "CREATE VIRTUAL TABLE search_fts USING fts5(name, keywords, description, extra, "
    "tokenize='porter unicode61 remove_diacritics 2')",
]
SQLITE_BACKWARD = ["DROP TABLE IF EXISTS search_fts"]
POSTGRES_FORWARD = [
    "CREATE INDEX search_doc_vector ON search_searchdocument USING gin (vector)",
    "CREATE INDEX search_doc_name_trgm ON search_searchdocument USING gin (name gin_trgm_ops)",
    "CREATE INDEX search_term_trgm ON search_searchterm USING gin (term gin_trgm_ops)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_doc_vector",
    "DROP INDEX IF EXISTS search_doc_name_trgm",
    "DROP INDEX IF EXISTS search_term_trgm",
]


def _run(schema_editor, statements_by_vendor):
    for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def create_engine_structures(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD})


def drop_engine_structures(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD})


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0001_initial'),
    ]

    operations = [
        # The old blob-per-document tables held only what can be rebuilt from the database.
        migrations.DeleteModel(name='SearchDocument'),
        migrations.DeleteModel(name='SearchIndex'),
        TrigramExtension(),
        migrations.CreateModel(
            name='SearchDocument',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=20)),
                ('doc_id', models.CharField(max_length=64)),
                ('fields', models.JSONField(default=dict)),
                ('name', models.TextField(blank=True)),
                ('keywords', models.TextField(blank=True)),
                ('description', models.TextField(blank=True)),
                ('extra', models.TextField(blank=True)),
                ('digest', models.CharField(max_length=40)),
                ('popularity', models.FloatField(default=1.0)),
                ('earned_count', models.PositiveIntegerField(default=0)),
                ('created_at', models.DateTimeField(blank=True, null=True)),
                ('time_to_earn_hours', models.FloatField(blank=True, null=True)),
                ('cost', models.FloatField(blank=True, null=True)),
                ('indexed_at', models.DateTimeField()),
                ('vector', django.contrib.postgres.search.SearchVectorField(blank=True, null=True)),
            ],
        ),
        migrations.CreateModel(
            name='SearchFacetValue',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('facet', models.CharField(max_length=30)),
                ('value', models.CharField(max_length=200)),
            ],
        ),
        migrations.CreateModel(
            name='SearchTerm',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(max_length=20)),
                ('term', models.CharField(max_length=100)),
                ('frequency', models.PositiveIntegerField(default=1)),
            ],
        ),
        migrations.CreateModel(
            name='SearchFts',
            fields=[
                ('document', models.OneToOneField(db_column='rowid', on_delete=django.db.models.deletion.DO_NOTHING, primary_key=True, related_name='fts', serialize=False, to='search.searchdocument')),
                ('name', models.TextField()),
                ('keywords', models.TextField()),
                ('description', models.TextField()),
                ('extra', models.TextField()),
            ],
            options={
                'db_table': 'search_fts',
                'managed': False,
            },
        ),
        migrations.AddIndex(
            model_name='searchdocument',
            index=models.Index(fields=['kind', 'earned_count'], name='search_doc_earned'),
        ),
        migrations.AddIndex(
            model_name='searchdocument',
            index=models.Index(fields=['kind', 'created_at'], name='search_doc_created'),
        ),
        migrations.AddIndex(
            model_name='searchdocument',
            index=models.Index(fields=['kind', 'indexed_at'], name='search_doc_indexed'),
        ),
        migrations.AddConstraint(
            model_name='searchdocument',
            constraint=models.UniqueConstraint(fields=('kind', 'doc_id'), name='search_document_unique_id'),
        ),
        migrations.AddField(
            model_name='searchfacetvalue',
            name='document',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='facet_values', to='search.searchdocument'),
        ),
        migrations.AddConstraint(
            model_name='searchterm',
            constraint=models.UniqueConstraint(fields=('kind', 'term'), name='search_term_unique'),
        ),
        migrations.AddIndex(
            model_name='searchfacetvalue',
            index=models.Index(fields=['facet', 'value'], name='search_facet_value'),
        ),
        migrations.RunPython(create_engine_structures, drop_engine_structures),
    ]
