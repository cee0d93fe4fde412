from django.urls import path

from . import views

app_name = "followups"

urlpatterns = [
    path("sager/<int:pk>/afslut-behandling/", views.discharge, name="discharge"),
    path("sager/<int:pk>/opfoelgning/", views.followup, name="followup"),
]
