"""One access helper per object type: the object if this user may see it, else 404 — and the read logged.

Views and the API reach citizens and cases only through these, so none can forget the check, and
another municipality's data is indistinguishable from data that does not exist. The `read_*` helpers
also write the read-access log (GDPR art. 15); `log_reads` does it for lists, in one INSERT.
"""

from collections.abc import Iterable

from django.db import connection
from django.shortcuts import get_object_or_404

from .models import Case, Citizen
from .models.access_log import AccessAction, AccessLog, AccessPurpose, AccessVia

# The purpose chosen at the last look-up, per citizen found, so the citizen's page carries it.
SESSION_PURPOSES = "lookup_purposes"


def get_case_for_user(user, pk, *, page: bool = False) -> Case:
    """The case if this user may see it (else 404); `page`: with what the case page reads alongside it."""
    cases = Case.objects.for_user(user)
    cases = cases.for_case_page() if page else cases.select_related("citizen", "municipality", "unit")
    return get_object_or_404(cases, pk=pk)


def get_citizen_for_user(user, pk) -> Citizen:
    return get_object_or_404(Citizen.objects.for_user(user).select_related("municipality"), pk=pk)


def access_via(request) -> str:
    path = request.path
    if path.startswith("/api/"):
        return AccessVia.API
    if path.startswith("/admin/"):
        return AccessVia.ADMIN
    return AccessVia.UI


def log_reads(
    request,
    rows: Iterable[tuple[int, int | None]],
    *,
    action: str,
    purpose: str = AccessPurpose.CASE_WORK,
    detail: str = "",
) -> None:
    """Log that `request.user` read these (citizen id, case id or None) pairs: one INSERT for them all."""
    user = request.user
    if not user.is_authenticated:
        return
    via = access_via(request)
    entries = [
        AccessLog(
            user=user,
            citizen_id=citizen_id,
            case_id=case_id,
            action=action,
            purpose=purpose,
            via=via,
            detail=detail[:200],
        )
        for citizen_id, case_id in dict.fromkeys(rows)
    ]
    if entries:
        _insert(entries)


def _insert(entries: list[AccessLog]) -> None:
    """One INSERT for all the rows; on PostgreSQL outside a transaction, one round trip that commits
    without waiting for the disk.

    A page a user reads should not wait for a WAL flush, which on a plain disk costs more than all the
    page's reads together. So the rows go in their own short transaction with synchronous_commit off:
    PostgreSQL keeps them in order and the database consistent, and only a crash of the database server
    within a fraction of a second (wal_writer_delay) could lose the latest rows. BEGIN, SET LOCAL, INSERT
    and COMMIT travel as one statement string (Django's psycopg cursors bind client-side). Inside another
    transaction (a form that also writes) the rows simply commit with that work.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        AccessLog.objects.bulk_create(entries)
        return
    fields = [field for field in AccessLog._meta.concrete_fields if not field.primary_key]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    params = [
        field.get_db_prep_save(getattr(entry, field.attname), connection) for entry in entries for field in fields
    ]
    # Only the model's own table and column names are spliced in (quoted); every value is a parameter.
    sql = (
        "BEGIN; SET LOCAL synchronous_commit TO OFF; "  # noqa: S608
        f"INSERT INTO {connection.ops.quote_name(AccessLog._meta.db_table)} ({columns}) "
        f"VALUES {', '.join([row] * len(entries))}; COMMIT"
    )
    with connection.cursor() as cursor:
        try:
            cursor.execute(sql, params)
        except Exception:
            # The INSERT failed after BEGIN: end the transaction so the connection stays usable.
            cursor.execute("ROLLBACK")
            raise


def read_case(
    request, pk, *, action: str = AccessAction.CASE_PAGE, detail: str = "", purpose: str = AccessPurpose.CASE_WORK,
    page: bool = False,
) -> Case:
    """The case if this user may see it (else 404), its reading logged with the case as the purpose."""
    case = get_case_for_user(request.user, pk, page=page)
    log_reads(request, [(case.citizen_id, case.pk)], action=action, detail=detail, purpose=purpose)
    return case


def lookup_purpose(request, citizen_id: int) -> str:
    session = getattr(request, "session", None)
    purposes = session.get(SESSION_PURPOSES, {}) if session is not None else {}
    return purposes.get(str(citizen_id), AccessPurpose.CASE_WORK)


def remember_lookup_purpose(request, citizen_ids: Iterable[int], purpose: str) -> None:
    """Carry the purpose chosen for a search to the pages of the citizens it found."""
    request.session[SESSION_PURPOSES] = {str(pk): purpose for pk in citizen_ids}


def read_citizen(request, pk, *, action: str = AccessAction.CITIZEN_PAGE, detail: str = "") -> Citizen:
    citizen = get_citizen_for_user(request.user, pk)
    purpose = lookup_purpose(request, citizen.pk)
    log_reads(request, [(citizen.pk, None)], action=action, purpose=purpose, detail=detail)
    return citizen


def read_citizen_access_log(request, pk, *, action: str = AccessAction.ACCESS_LOG) -> Citizen:
    """The citizen if this user may read their access log (an administrator of their municipality)."""
    citizen = get_object_or_404(Citizen.objects.for_access_log(request.user).select_related("municipality"), pk=pk)
    purpose = AccessPurpose.CITIZEN_REQUEST if action == AccessAction.EXTRACT else AccessPurpose.SUPERVISION
    log_reads(request, [(citizen.pk, None)], action=action, purpose=purpose)
    return citizen
