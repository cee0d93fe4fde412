"""Load a tariff catalogue from the JSON data files shipped in tariffs/data/.

Loading is idempotent: rows are compared field by field and only written when something differs,
so loading the same file twice changes nothing (not even a timestamp).
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.db.models import ProtectedError

from .models import LegalBasis, Tariff, TariffCatalogue

DATA_DIR = Path(__file__).resolve().parent / "data"

TARIFF_FIELDS = (
    "name",
    "units",
    "substance",
    "level",
    "price_per_day",
    "duration_days",
    "services_per_month_min",
    "services_per_month_max",
    "services_note",
    "target_group",
    "package_services",
    "plain_name",
    "min_age",
    "free_for_citizen",
)


class CatalogueError(Exception):
    pass


@dataclass
class LoadResult:
    year: int
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)


def catalogue_files() -> list[Path]:
    return sorted(DATA_DIR.glob("catalogue_*.json"))


@transaction.atomic
def load_catalogue(path: Path) -> LoadResult:
    data = json.loads(path.read_text(encoding="utf-8"))
    catalogue, _ = TariffCatalogue.objects.get_or_create(
        year=data["year"], defaults={"source": data.get("source", "")}
    )
    if catalogue.source != data.get("source", ""):
        catalogue.source = data.get("source", "")
        catalogue.save(update_fields=["source", "loaded_at"])
    result = LoadResult(year=catalogue.year)
    bases = {basis.code: basis for basis in LegalBasis.objects.all()}
    existing = {tariff.code: tariff for tariff in catalogue.tariffs.all()}
    for position, row in enumerate(data["tariffs"], start=1):
        values = {name: row.get(name) for name in TARIFF_FIELDS}
        values["price_per_day"] = Decimal(row["price_per_day"])
        values["units"] = row.get("units") or []
        values["package_services"] = row.get("package_services") or []
        values["services_note"] = row.get("services_note") or ""
        values["target_group"] = row.get("target_group") or ""
        values["plain_name"] = row.get("plain_name") or ""
        values["free_for_citizen"] = row.get("free_for_citizen", True)
        values["position"] = position
        values["legal_basis"] = bases[row["legal_basis"]]
        tariff = existing.pop(row["code"], None)
        if tariff is None:
            tariff = Tariff(catalogue=catalogue, code=row["code"], **values)
            tariff.full_clean()
            tariff.save()
            result.created.append(tariff.code)
            continue
        changed = [name for name, value in values.items() if getattr(tariff, name) != value]
        if changed:
            for name in changed:
                setattr(tariff, name, values[name])
            tariff.full_clean()
            tariff.save(update_fields=changed)
            result.updated.append(tariff.code)
    for code, tariff in existing.items():
        # A code dropped from a year's file is withdrawn from that year; earlier years are untouched.
        # A tariff that recommendations or decisions point to stays: those records must keep their price.
        try:
            with transaction.atomic():
                tariff.delete()
        except ProtectedError:
            raise CatalogueError(
                f"Taksten '{code}' ({catalogue.year}) er brugt i indstillinger eller afgørelser og kan ikke "
                "fjernes fra kataloget. Behold den i filen."
            ) from None
        result.removed.append(code)
    return result
