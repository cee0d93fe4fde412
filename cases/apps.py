from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Sager"

    def ready(self) -> None:
        from .roles import ensure_role_groups

        # Groups and their permissions are part of the schema's contract: make sure they exist
        # after every migrate, in tests too. Not limited to this app's signal, because other apps'
        # permissions (tariffs) are only created when their own post_migrate runs.
        post_migrate.connect(ensure_role_groups, dispatch_uid="cases.ensure_role_groups")
