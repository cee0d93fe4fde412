"""What the complaint leaves on paper: the stored PDFs, and the letters' texts as data."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models

from cases.concurrency import VersionedModel
from cases.models.stored_pdf import StoredPdf
from tariffs.choices import ComplaintRoute

from .states import DocumentKind, TextKey


class ComplaintDocument(StoredPdf):
    """A complaint's document as sent: rendered once, stored with its hash, served as stored (like a Letter)."""

    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="documents")
    kind = models.CharField("dokument", max_length=20, choices=DocumentKind.choices)

    class Meta:
        verbose_name = "klagedokument"
        verbose_name_plural = "klagedokumenter"
        ordering = ["complaint", "rendered_at"]
        constraints = [models.UniqueConstraint(fields=["complaint", "kind"], name="complaint_document_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} (klage {self.complaint_id})"


class ComplaintText(VersionedModel):
    """The words a complaint's letters and pages use, per route, editable by an administrator.

    Placeholders in {braces}: {kommune}, {modtaget}, {genvurdering_frist}, {videresendt}. Defaults come from
    a data migration (complaints/texts.py).
    """

    key = models.CharField("tekst", max_length=20, choices=TextKey.choices)
    route = models.CharField("klagevej", max_length=16, choices=ComplaintRoute.choices)
    title = models.CharField("overskrift", max_length=200)
    body = models.TextField("tekst", validators=[MaxLengthValidator(5000)])

    PLACEHOLDERS = ("kommune", "modtaget", "genvurdering_frist", "videresendt")

    class Meta:
        verbose_name = "klagetekst"
        verbose_name_plural = "klagetekster"
        ordering = ["route", "key"]
        constraints = [models.UniqueConstraint(fields=["key", "route"], name="complaint_text_unique")]

    def __str__(self) -> str:
        return f"{self.get_key_display()} – {self.get_route_display()}"

    def clean(self) -> None:
        # A text an administrator saves must render: an unknown placeholder would only show in a failed letter.
        super().clean()
        try:
            self.body.format(**dict.fromkeys(self.PLACEHOLDERS, ""))
        except (KeyError, IndexError, ValueError) as error:
            raise ValidationError(
                {"body": f"Teksten har en ukendt pladsholder: {error}. Brug "
                 f"{', '.join('{' + name + '}' for name in self.PLACEHOLDERS)}."}
            ) from None

    def render(self, **values) -> str:
        values = {name: values.get(name, "") for name in self.PLACEHOLDERS}
        try:
            return self.body.format(**values)
        except (KeyError, IndexError, ValueError) as error:
            raise ValidationError(f"Klageteksten '{self}' har en ukendt pladsholder: {error}") from None

    @classmethod
    def lookup(cls, key: str, route: str) -> "ComplaintText | None":
        return cls.objects.filter(key=key, route=route).first()
