"""Citations for tests: one source's support for one fact of a record."""

from sources.models import Citation
from tests.factories import make_source


def make_citation(record, field="", source=None, **fields):
    """A citation of ``field`` of ``record`` ("" for the record as a whole), stated by the source."""
    return Citation.objects.create(record=record, field=field, source=source or make_source(), **fields)
