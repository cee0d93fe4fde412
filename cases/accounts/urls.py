from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("totrin/bekraeft/", views.verify, name="verify"),
    path("totrin/opsaet/", views.enrol, name="enrol"),
]
