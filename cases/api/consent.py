"""POST /api/v1/cases/{id}/consent/: record a young person's custody holders and consents (issue 8).

The same rules as the case page's form (YoungPersonConsent.clean and .record); fields not sent are kept.
"""

from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.access import get_case_for_user, log_reads
from cases.models import AccessAction

from .serializers import YoungPersonConsentSerializer


class YoungPersonConsentView(APIView):
    @extend_schema(request=YoungPersonConsentSerializer, responses={200: YoungPersonConsentSerializer})
    def post(self, request, pk):
        case = get_case_for_user(request.user, pk)
        if not request.user.has_perm("cases.change_youngpersonconsent"):
            raise PermissionDenied("Du har ikke adgang til at registrere samtykke på sagen.")
        data = YoungPersonConsentSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        consent = data.save(case=case, user=request.user)
        log_reads(request, [(case.citizen_id, case.pk)], action=AccessAction.FORM, detail="Samtykke (under 18 år)")
        return Response(YoungPersonConsentSerializer(consent).data)
