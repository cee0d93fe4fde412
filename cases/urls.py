from django.contrib.auth import views as auth_views
from django.urls import path

from . import targets_views, views, worklist_views

app_name = "cases"

urlpatterns = [
    path("", views.home, name="home"),
    path("roller/", views.roles, name="roles"),
    path("hjaelp/", views.help_page, name="help"),
    path("fristberegner/", views.deadline_calculator, name="deadline_calculator"),
    path("frister/", worklist_views.deadlines, name="deadlines"),
    path("notifikationer/", worklist_views.notifications, name="notifications"),
    path("notifikationer/laest/", worklist_views.notifications_read_all, name="notifications_read_all"),
    path("notifikationer/<int:pk>/laest/", worklist_views.notification_read, name="notification_read"),
    path("maaltal/", targets_views.targets_page, name="targets"),
    path("maaltal/beregn/", targets_views.targets_refresh, name="targets_refresh"),
    path("maaltal/<slug:table>.csv", targets_views.targets_csv, name="targets_csv"),
    path("borgere/soeg/", views.citizen_search, name="citizen_search"),
    path("borgere/ny/", views.citizen_create, name="citizen_create"),
    path("borgere/<int:pk>/", views.citizen_detail, name="citizen_detail"),
    path("borgere/<int:pk>/cpr/", views.citizen_show_cpr, name="citizen_show_cpr"),
    path("borgere/<int:pk>/adgangslog/", views.citizen_access_log, name="citizen_access_log"),
    path("borgere/<int:pk>/indsigt.pdf", views.citizen_access_extract, {"fmt": "pdf"}, name="access_extract_pdf"),
    path("borgere/<int:pk>/indsigt.csv", views.citizen_access_extract, {"fmt": "csv"}, name="access_extract_csv"),
    path("adgangslog/", views.access_log_search, name="access_log_search"),
    path("borgere/<int:pk>/ret/", views.citizen_edit, name="citizen_edit"),
    path("borgere/<int:citizen_pk>/henvendelse/", views.inquiry_create, name="inquiry_create"),
    path("sager/<int:pk>/", views.case_detail, name="case_detail"),
    path("sager/<int:pk>/traek-tilbage/", views.end_case, {"name": "withdraw"}, name="withdraw"),
    path("sager/<int:pk>/afslut-sagen/", views.end_case, {"name": "close"}, name="close"),
    path("sager/<int:pk>/samtykke/", views.young_person_consent, name="young_person_consent"),
]

auth_urlpatterns = [
    path("log-ind/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("log-ud/", auth_views.LogoutView.as_view(), name="logout"),
]
