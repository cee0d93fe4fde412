from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tariffs.loading import CatalogueError, catalogue_files, load_catalogue


class Command(BaseCommand):
    help = "Indlæser takstkataloget fra tariffs/data/catalogue_<år>.json (kan køres flere gange)."

    def add_arguments(self, parser):
        parser.add_argument(
            "files", nargs="*", type=Path, help="Katalogfiler; standard er alle i tariffs/data."
        )

    def handle(self, *args, files, **options):
        paths = files or catalogue_files()
        if not paths:
            raise CommandError("Ingen katalogfiler fundet.")
        for path in paths:
            if not path.exists():
                raise CommandError(f"Filen findes ikke: {path}")
            try:
                result = load_catalogue(path)
            except CatalogueError as error:
                raise CommandError(str(error)) from None
            if result.changed:
                self.stdout.write(
                    f"Takstkatalog {result.year}: {len(result.created)} oprettet, "
                    f"{len(result.updated)} opdateret, {len(result.removed)} fjernet."
                )
            else:
                self.stdout.write(f"Takstkatalog {result.year}: uændret.")
