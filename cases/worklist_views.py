"""The worklists: "Frister" (the deadlines a person or their team answers for) and the notifications.

Each list reads a bounded page per window with a keyset link to the next (cases/keyset.py), never a COUNT or
an OFFSET over a large table, and logs what it shows in one INSERT (read-access log).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_POST

from . import keyset
from .access import log_reads
from .forms import DeadlineListForm, NotificationListForm
from .models import AccessAction, Deadline, Notification
from .models.deadline import Window

# Rows per window on "Frister" (all four windows, the most urgent first, like the start page's crowded
# sections; one window alone pages by PAGE_ROWS), and notifications per page.
WINDOW_ROWS = 10
PAGE_ROWS = 50
NOTIFICATION_ROWS = 50


@login_required
def deadlines(request):
    """'Frister': open deadlines overdue, due today, within a week and later, for me or for my team."""
    form = DeadlineListForm(request.GET)
    if not form.is_valid():
        return render(request, "cases/deadlines.html", {"form": form, "groups": []}, status=400)
    user, today = request.user, timezone.localdate()
    scope = form.cleaned_data["hvem"] or DeadlineListForm.MINE
    chosen = Deadline.objects.team(user) if scope == DeadlineListForm.TEAM else Deadline.objects.responsible(user)
    window, cursor = form.cleaned_data["gruppe"], form.cleaned_data["efter"]
    groups = []
    for shown in [Window(window)] if window else list(Window):
        listed = rows = chosen.worklist().in_window(shown, today)
        if cursor:
            try:
                rows = keyset.after(rows, cursor)
            except keyset.BadCursor:
                form.add_error("efter", "Siden findes ikke længere. Vælg gruppen igen for at bladre fra begyndelsen.")
                return render(request, "cases/deadlines.html", {"form": form, "groups": []}, status=400)
        limit = PAGE_ROWS if window else WINDOW_ROWS
        page = rows.head(limit + 1)
        more, page = len(page) > limit, page[:limit]
        next_url = None
        if more:
            query = {"hvem": scope, "gruppe": shown.value, "efter": keyset.cursor(listed, page[-1])}
            next_url = f"?{urlencode(query)}"
        for deadline in page:
            deadline.days = deadline.days_left(today)
        groups.append({"window": shown, "rows": page, "next_url": next_url})
    shown_rows = [(d.case.citizen_id, d.case_id) for group in groups for d in group["rows"]]
    log_reads(request, shown_rows, action=AccessAction.LIST, detail="Frister")
    context = {
        "form": form,
        "groups": groups,
        "scope": scope,
        "is_team": scope == DeadlineListForm.TEAM,
        "scopes": [(DeadlineListForm.MINE, "Mine frister"), (DeadlineListForm.TEAM, "Teamets frister")],
        "paging": bool(window),
    }
    return render(request, "cases/deadlines.html", context)


@login_required
def notifications(request):
    """The user's notifications, newest first, a page at a time ("Vis ældre" continues after the last)."""
    form = NotificationListForm(request.GET)
    if not form.is_valid():
        return render(request, "cases/notifications.html", {"form": form, "rows": []}, status=400)
    mine = Notification.objects.for_user(request.user)
    rows = mine.select_related("deadline__case")
    if form.cleaned_data["foer"]:
        cursor = mine.filter(pk=form.cleaned_data["foer"]).first()
        if cursor is None:
            raise Http404  # another person's notification, or none: the same answer
        rows = rows.before(cursor)
    page = list(rows[: NOTIFICATION_ROWS + 1])
    more, page = len(page) > NOTIFICATION_ROWS, page[:NOTIFICATION_ROWS]
    # The message names the case (and may name the citizen): reading it is a read of the citizen's data.
    log_reads(
        request,
        [(n.deadline.case.citizen_id, n.deadline.case_id) for n in page],
        action=AccessAction.LIST,
        detail="Notifikationer",
    )
    context = {
        "form": form,
        "rows": page,
        "next_url": f"?{urlencode({'foer': page[-1].pk})}" if more else None,
        "any_unread": any(n.read_at is None for n in page),
    }
    return render(request, "cases/notifications.html", context)


@login_required
@require_POST
def notification_read(request, pk):
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    notification.mark_read()
    return redirect("cases:notifications")


@login_required
@require_POST
def notifications_read_all(request):
    count = Notification.objects.for_user(request.user).mark_read()
    if count:
        messages.success(request, "Alle notifikationer er markeret som læst.")
    return redirect("cases:notifications")
