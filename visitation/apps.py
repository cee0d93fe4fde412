from django.apps import AppConfig


class VisitationConfig(AppConfig):
    name = "visitation"
    verbose_name = "Visitation"

    def ready(self):
        from cases.actions import register_availability

        from .services import treatment_start_not_yet

        register_availability("start_treatment", treatment_start_not_yet)
