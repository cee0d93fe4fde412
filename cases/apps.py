from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = "Sager"

    def ready(self) -> None:
        from . import logging as cpr_logging
        from .roles import ensure_role_groups, name_permissions_in_danish

        # Every process that loads Django (web, worker, beat, manage.py) masks CPR numbers in every
        # log record, whichever handler writes it.
        cpr_logging.install()

        # Groups and their permissions are part of the schema's contract: make sure they exist
        # after every migrate, in tests too. Not limited to this app's signal, because other apps'
        # permissions (tariffs) are only created when their own post_migrate runs.
        post_migrate.connect(ensure_role_groups, dispatch_uid="cases.ensure_role_groups")
        post_migrate.connect(name_permissions_in_danish, dispatch_uid="cases.name_permissions_in_danish")
