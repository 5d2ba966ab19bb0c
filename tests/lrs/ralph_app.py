"""Ralph's LRS app with two fixes to its filesystem backend, for the cmi5 tests.

Run with: uvicorn --app-dir tests/lrs ralph_app:app (see tests/e2e/lrs.mjs).

ralph-malph 5.1.0's filesystem LRS backend
1. creates its statements file with operation CREATE, so every POST after the first
   fails with 500 ("fs_lrs.jsonl already exists"): APPEND instead;
2. compares `verb` / `activity` query filters (pydantic IRI objects) with the stored
   strings, so `?verb=` and `?activity=` never match: compare their `str(...)`.
"""

from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

_add_filter_by_verb = FSLRSBackend._add_filter_by_verb
_add_filter_by_activity = FSLRSBackend._add_filter_by_activity


def _filter_by_verb(filters, verb_id):
    _add_filter_by_verb(filters, str(verb_id) if verb_id else verb_id)


def _filter_by_activity(filters, object_id, related):
    _add_filter_by_activity(filters, str(object_id) if object_id else object_id, related)


FSLRSBackend._add_filter_by_verb = staticmethod(_filter_by_verb)
FSLRSBackend._add_filter_by_activity = staticmethod(_filter_by_activity)

from ralph.api import app  # noqa: E402  (imported after the patch on purpose)

__all__ = ["app"]
