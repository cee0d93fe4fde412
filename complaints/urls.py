from django.urls import path

from . import views
from .models import DocumentKind

app_name = "complaints"

urlpatterns = [
    path("sager/<int:pk>/klager/ny/", views.register, name="register"),
    path("klager/<int:pk>/", views.detail, name="detail"),
    path("klager/<int:pk>/for-sen/", views.decide_late, name="decide_late"),
    path("klager/<int:pk>/genvurdering/", views.reconsider, name="reconsider"),
    path("klager/<int:pk>/ankestyrelsen/", views.appeal_outcome, name="appeal_outcome"),
    path("klager/<int:pk>/kvittering.pdf", views.document, {"kind": DocumentKind.ACKNOWLEDGEMENT},
         name="acknowledgement"),
    path("klager/<int:pk>/videresendt.pdf", views.document, {"kind": DocumentKind.FORWARDED_LETTER},
         name="forwarded_letter"),
    path("klager/<int:pk>/sagsakter.pdf", views.document, {"kind": DocumentKind.BUNDLE}, name="bundle"),
]
