"""Reading many awards at once: a CSV file with a header row, or a pasted list of recipients.

Rows come out as assertion_award_batch rows; what is wrong with the file as a whole raises
ValidationError, what is wrong with one row is left to the services' row checks.
"""

import csv
import io
import re

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

COLUMNS = ("recipient_identity", "recipient_type", "narrative", "evidence_url")
MAX_ROWS = 50_000
# The csv module's own limit on one field (131,072 characters); no recipient, narrative or
# evidence URL comes near it.
MAX_FIELD = csv.field_size_limit()
SEPARATORS = re.compile(r"[\s,;]+")


def rows_from_csv(text: str) -> list[dict]:
    """Columns: recipient_identity (or email; required), recipient_type, narrative,
    evidence_url. Empty lines are skipped."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    try:
        return _read_rows(reader)
    except csv.Error as exc:
        where = {
            "line": reader.line_num,
            "max": number_format(MAX_FIELD, force_grouping=True),
            "error": exc,
        }
        if "field larger than field limit" in str(exc):
            if reader.line_num:
                message = _(
                    "A field on line %(line)d of the CSV is too long (over %(max)s characters); "
                    "shorten it."
                )
            else:
                message = _(
                    "A field on the file of the CSV is too long (over %(max)s characters); "
                    "shorten it."
                )
            raise ValidationError(message % where) from exc
        if reader.line_num:
            message = _("The CSV cannot be read at line %(line)d: %(error)s.")
        else:
            message = _("The CSV cannot be read at the file: %(error)s.")
        raise ValidationError(message % where) from exc


def _read_rows(reader: csv.DictReader) -> list[dict]:
    fields = [(name or "").strip().lower() for name in reader.fieldnames or []]
    if "email" in fields and "recipient_identity" not in fields:
        fields[fields.index("email")] = "recipient_identity"
    if "recipient_identity" not in fields:
        raise ValidationError(
            _(
                "The CSV needs a header row with a recipient_identity (or email) column, "
                "for example: email,narrative"
            )
        )
    reader.fieldnames = fields
    rows = []
    for raw in reader:
        row = {k: (v or "").strip() for k, v in raw.items() if k in COLUMNS}
        if not any(row.values()):
            continue
        evidence_url = row.pop("evidence_url", "")
        if evidence_url:
            row["evidence"] = [{"url": evidence_url}]
        rows.append({k: v for k, v in row.items() if v != ""})
        if len(rows) > MAX_ROWS:
            raise ValidationError(
                _("Award at most %(max)s recipients a batch; split the file.")
                % {"max": number_format(MAX_ROWS, force_grouping=True)}
            )
    if not rows:
        raise ValidationError(_("The CSV has a header but no recipients."))
    return rows


def rows_from_list(text: str, *, recipient_type: str = "email", narrative: str = "") -> list[dict]:
    """One recipient per line (or separated by commas, semicolons or spaces)."""
    identities = [part for part in SEPARATORS.split(text or "") if part]
    if not identities:
        raise ValidationError(_("Paste at least one recipient."))
    if len(identities) > MAX_ROWS:
        raise ValidationError(
            _("Award at most %(max)s recipients a batch.")
            % {"max": number_format(MAX_ROWS, force_grouping=True)}
        )
    extra = {"narrative": narrative.strip()} if narrative.strip() else {}
    return [
        {"recipient_identity": identity, "recipient_type": recipient_type, **extra}
        for identity in identities
    ]
