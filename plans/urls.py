from django.urls import path

from . import views

app_name = "plans"

urlpatterns = [
    path("sager/<int:pk>/plan/<int:number>.pdf", views.plan_pdf, name="plan_pdf"),
    path("sager/<int:pk>/plan/<int:number>/underskrift/", views.plan_sign, name="plan_sign"),
]
