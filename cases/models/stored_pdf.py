"""A document as it was sent: rendered once, stored with its SHA-256, served as stored.

Decision letters (visitation.Letter) and a complaint's documents (complaints.ComplaintDocument) are such
documents. The first stored rendering wins: a second rendering racing it (the worker and a user's download)
is discarded, so a document's URL gives the same bytes every time.
"""

import hashlib
from collections.abc import Callable

from django.db import IntegrityError, models, transaction
from django.utils import timezone


class StoredPdfQuerySet(models.QuerySet):
    def stored_once(self, render: Callable[[], tuple[bytes, int]], **identity):
        """The stored document with this identity, rendering and storing it first if there is none yet."""
        existing = self.filter(**identity).first()
        if existing:
            return existing
        pdf, pages = render()
        try:
            with transaction.atomic():
                return self.create(**identity, pdf=pdf, sha256=StoredPdf.digest(pdf), pages=pages)
        except IntegrityError:
            # Someone else stored it first; theirs is the document.
            return self.get(**identity)


class StoredPdf(models.Model):
    pdf = models.BinaryField("PDF")
    sha256 = models.CharField("SHA-256", max_length=64)
    pages = models.PositiveSmallIntegerField("sider", default=1)
    rendered_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = StoredPdfQuerySet.as_manager()

    class Meta:
        abstract = True

    @staticmethod
    def digest(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def verify(self) -> bool:
        return self.digest(bytes(self.pdf)) == self.sha256


def pdf_response(document: StoredPdf, filename: str):
    """The stored bytes as a page shows them: inline, never cached, with the hash as the ETag."""
    from django.http import HttpResponse

    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = f'"{document.sha256}"'
    response["Cache-Control"] = "private, no-store"
    return response
