"""In-app notifications: what the deadline sweep tells a person (and e-mails them).

One row per person, deadline and kind, enforced by the database: however often or however concurrently
the sweep runs, nobody is told the same thing twice. The message names the case, never a CPR number.
"""

from django.conf import settings
from django.db import models
from django.db.models import IntegerField, OuterRef, Subquery
from django.utils import timezone

# The header shows up to this many unread notifications, then "99+": counting stops there.
UNREAD_SHOWN = 99


class NotificationKind(models.TextChoices):
    DUE_SOON = "due_soon", "Frist nærmer sig"
    OVERDUE = "overdue", "Frist overskredet"
    ESCALATED = "escalated", "Overskredet frist (eskaleret)"
    # The municipality receives the conclusion of a follow-up after discharge (DOMAIN.md, step 9).
    FOLLOWUP_CONCLUDED = "followup", "Opfølgning afsluttet"


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)

    def for_user(self, user) -> "NotificationQuerySet":
        """A person's own notifications. `user` may be OuterRef("pk"): a subquery per user (the header)."""
        if isinstance(user, OuterRef):
            return self.filter(user=user)
        return self.filter(user=user) if user.is_authenticated else self.none()

    def header_unread(self) -> "NotificationQuerySet":
        """The unread ones the header counts: it stops at UNREAD_SHOWN + 1 ("99+"), so a long backlog costs
        no more than a short one."""
        return self.unread()[: UNREAD_SHOWN + 1]

    def mark_read(self) -> int:
        """Mark these as read now (one UPDATE); the ones read before keep their time."""
        return self.unread().update(read_at=timezone.now())

    def before(self, notification: "Notification") -> "NotificationQuerySet":
        """Keyset pagination in list order (newest first): the rows after `notification`, no OFFSET."""
        return self.filter(
            models.Q(created_at__lt=notification.created_at)
            | models.Q(created_at=notification.created_at, pk__lt=notification.pk)
        )


class _CountOf(Subquery):
    """COUNT(*) over a (sliced) subquery: the count stops where the slice does."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) AS counted)"
    output_field = IntegerField()


def unread_count_of_user() -> Subquery:
    """The header's unread count as an expression over users, to load it with the user (one query fewer)."""
    return _CountOf(Notification.objects.for_user(OuterRef("pk")).header_unread().values("pk"))


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="modtager"
    )
    deadline = models.ForeignKey(
        "cases.Deadline", on_delete=models.CASCADE, related_name="notifications", verbose_name="frist"
    )
    kind = models.CharField("slags", max_length=12, choices=NotificationKind.choices)
    message = models.CharField("besked", max_length=300)
    created_at = models.DateTimeField("oprettet", default=timezone.now, editable=False)
    emailed_at = models.DateTimeField("sendt som e-mail", null=True, blank=True)
    read_at = models.DateTimeField("læst", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "notifikation"
        verbose_name_plural = "notifikationer"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "deadline", "kind"], name="notification_once_per_deadline"),
        ]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_unread"),
            # The sweep's e-mail outbox: only the notifications not yet e-mailed.
            models.Index(
                fields=["created_at"], condition=models.Q(emailed_at__isnull=True), name="notification_unsent"
            ),
        ]

    def __str__(self) -> str:
        return self.message

    def mark_read(self) -> None:
        if self.read_at is None:
            self.read_at = timezone.now()
            self.save(update_fields=["read_at"])
