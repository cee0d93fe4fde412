from django.urls import path

from . import views

app_name = "visitation"

urlpatterns = [
    path("indstillinger/", views.queue, name="queue"),
    path("sager/<int:pk>/afdaekning/", views.assessment, name="assessment"),
    path("sager/<int:pk>/indstilling/", views.recommendation, name="recommendation"),
    path("sager/<int:pk>/indstilling/ydelser/", views.tariff_services, name="tariff_services"),
    path("sager/<int:pk>/afgoerelse/", views.decision, name="decision"),
    path("sager/<int:pk>/behandlingsstart/", views.treatment_start, name="treatment_start"),
    path("afgoerelser/<int:pk>/brev.pdf", views.letter, name="letter"),
]
