"""One access helper per object type: the object if this user may see it, else 404.

Views and the API reach citizens and cases only through these, so none can forget the check, and
another municipality's data is indistinguishable from data that does not exist.
"""

from django.shortcuts import get_object_or_404

from .models import Case, Citizen


def get_case_for_user(user, pk) -> Case:
    return get_object_or_404(
        Case.objects.for_user(user).select_related("citizen", "municipality", "unit"), pk=pk
    )


def get_citizen_for_user(user, pk) -> Citizen:
    return get_object_or_404(Citizen.objects.for_user(user).select_related("municipality"), pk=pk)
