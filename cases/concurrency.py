"""Optimistic concurrency: a stale form is refused, never silently saved over someone else's change.

One mechanism for every object people edit in forms (citizens, letter texts, tariffs, catalogues):

1. `VersionedModel` gives the model a `version` counter. Saving an existing row first claims it with a
   conditional UPDATE (`… SET version = version + 1 WHERE pk = … AND version = <the version loaded>`);
   if no row matches, someone saved in between and `StaleEdit` is raised before anything is written.
   PostgreSQL makes a second, waiting UPDATE re-check the condition after the first commits, so of N
   parallel saves of one loaded version exactly one wins.
2. `VersionedModelForm` carries the version the form was loaded with, and a signed snapshot of the values
   the user saw, in two hidden fields. A stale submission is refused during validation with a Danish
   message listing each field that changed in the meantime (the value stored now, the value the user
   saw). The user's own input stays in the form; fields the user had not touched take the stored value,
   and the hidden fields move to the stored version, so saving again is a deliberate choice made after
   seeing what changed and cannot quietly undo the other person's change to a field the user left alone.
3. `VersionedAdminMixin` / `VersionedInlineMixin` put the form into the admin. A save that loses the race
   after validation (both forms checked out fine, the other one committed first) is rolled back and the
   page is rendered again, where the form's check now sees the newer version and explains it.

This module knows no domain model: apps that stand alone (tariffs) can use it without knowing cases.
"""

import json
from dataclasses import dataclass

from django import forms
from django.core import signing
from django.db import models, router, transaction
from django.db.models import F
from django.utils import formats
from django.utils.crypto import salted_hmac
from django.utils.functional import cached_property
from django.utils.text import Truncator, capfirst

from cases.formats import short_date, short_datetime

LOADED_VERSION = "loaded_version"
LOADED_VALUES = "loaded_values"
TOKEN_FIELDS = (LOADED_VERSION, LOADED_VALUES)
_SALT = "cases.concurrency.loaded-values"
# Long texts (letter bodies) are shown as an excerpt around the first difference, not in full.
_EXCERPT = 60


class StaleEdit(Exception):
    """The row was saved by someone else after this copy was loaded; nothing was written."""

    def __init__(self, instance):
        self.instance = instance
        super().__init__(f"{type(instance).__name__} {instance.pk} changed since version {instance.version}")


class VersionedModel(models.Model):
    # Counts saves; the form sends back the number it was loaded with. A timestamp would not do: two
    # saves within the clock's resolution, or clocks that differ between servers, would look the same.
    version = models.PositiveIntegerField("version", default=1, editable=False)
    # Fields whose value must not travel in the page's snapshot of what the user saw (see `_stored`).
    private_fields: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def save(self, **kwargs):
        # A new row (also a copy made the documented way, `pk = None` then save) has nothing to be stale against.
        if self._state.adding or self.pk is None or kwargs.get("update_fields") == []:
            return super().save(**kwargs)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            claimed = (
                type(self)
                ._base_manager.using(using)
                .filter(pk=self.pk, version=self.version)
                .update(version=F("version") + 1)
            )
            if not claimed:
                raise StaleEdit(self)
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
            try:
                super().save(**kwargs)
            except BaseException:
                self.version -= 1  # rolled back: this copy is still the version it was
                raise

    @classmethod
    def display_value(cls, field: models.Field, raw) -> str:
        """How a stored value is shown in a conflict message. Override to mask (e.g. a CPR number)."""
        if raw in (None, "", [], {}):
            return "(tom)"
        if field.choices:
            return str(dict(field.flatchoices).get(field.to_python(raw), raw))
        if field.is_relation:
            related = field.related_model._base_manager.filter(pk=raw).first()
            return str(related) if related else str(raw)
        if isinstance(field, models.BooleanField):
            return "Ja" if raw else "Nej"
        if isinstance(field, models.JSONField):
            return ", ".join(map(str, raw)) if isinstance(raw, list) else json.dumps(raw, ensure_ascii=False)
        if isinstance(field, models.DateField):
            return short_date(field.to_python(raw))
        if isinstance(field, models.DecimalField):
            return str(formats.localize(field.to_python(raw)))
        return str(raw)


@dataclass(frozen=True)
class Change:
    """One field someone else changed after the form was loaded."""

    label: str
    now: str
    seen: str

    def __str__(self) -> str:
        return f"{self.label}: nu »{self.now}«, du så »{self.seen}«."


def _stored(field: models.Field, instance):
    """A field's value in a JSON-safe form that compares equal exactly when the stored values do.

    The snapshot travels in the page (signed, not encrypted), so a private field (a CPR number) is kept
    only as what the conflict message may show and a keyed digest to compare by.
    """
    value = field.value_from_object(instance)
    if value is not None and not isinstance(value, bool | int | str | list | dict):
        value = str(value)  # dates (ISO), decimals, times
    model = type(instance)
    if field.name in model.private_fields and value not in (None, ""):
        return {"shown": model.display_value(field, value), "digest": salted_hmac(_SALT, value).hexdigest()}
    return value


def _shown(model, field: models.Field, stored) -> str:
    return stored["shown"] if field.name in model.private_fields and stored else model.display_value(field, stored)


def _excerpts(now: str, seen: str) -> tuple[str, str]:
    """Short texts whole; long ones from a little before the first character that differs."""
    if max(len(now), len(seen)) <= 2 * _EXCERPT:
        return now, seen
    start = next((i for i, (a, b) in enumerate(zip(now, seen, strict=False)) if a != b), min(len(now), len(seen)))
    start = max(0, start - _EXCERPT // 2)

    def cut(text: str) -> str:
        part = Truncator(text[start:]).chars(2 * _EXCERPT)
        return ("…" if start else "") + part

    return cut(now), cut(seen)


class VersionedModelForm(forms.ModelForm):
    """A ModelForm for a `VersionedModel` that refuses to save over a newer version (see module docstring)."""

    loaded_version = forms.IntegerField(label="Indlæst version", widget=forms.HiddenInput, required=False, min_value=1)
    loaded_values = forms.CharField(label="Indlæste værdier", widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stale_changes: list[Change] | None = None
        editing = not self.instance._state.adding
        # A form that does not say which version it edits could overwrite anything: refuse it.
        self.fields[LOADED_VERSION].required = editing
        if editing:
            self.fields[LOADED_VERSION].initial = self.instance.version
            self.fields[LOADED_VALUES].initial = self._sign(self.instance)

    @cached_property
    def _versioned_fields(self) -> list[models.Field]:
        concrete = {field.name: field for field in self.instance._meta.concrete_fields}
        return [concrete[name] for name in self.fields if name in concrete]

    def _sign(self, instance) -> str:
        values = {field.name: _stored(field, instance) for field in self._versioned_fields}
        return signing.Signer(salt=_SALT).sign_object(values, compress=True)

    def _seen(self) -> dict | None:
        try:
            return signing.Signer(salt=_SALT).unsign_object(self.data.get(self.add_prefix(LOADED_VALUES), ""))
        except signing.BadSignature:
            return None  # missing or tampered with: refuse without the details rather than guess them

    @property
    def changed_data(self):
        # The hidden version differs from the stored one exactly when the form is stale; that alone is not
        # an edit (an inline row the user did not touch is not saved, and so cannot be stale).
        return [name for name in super().changed_data if name not in TOKEN_FIELDS]

    def _post_clean(self):
        super()._post_clean()
        if self.instance._state.adding or LOADED_VERSION not in self.cleaned_data:
            return
        loaded = self.cleaned_data[LOADED_VERSION]
        if loaded != self.instance.version:
            self.refuse_stale()
        # The save is conditional on the version the user loaded, not the one read for this request.
        self.instance.version = loaded

    def save_unless_stale(self, *, history_user=None) -> bool:
        """Save; if another save got in after validation, refuse the form like a stale one instead.

        `history_user` is who django-simple-history records as having made the change.
        """
        instance = self.save(commit=False)
        if history_user is not None:
            instance._history_user = history_user
        try:
            instance.save()
        except StaleEdit:
            self.refuse_stale()
            return False
        self.save_m2m()
        return True

    def refuse_stale(self) -> None:
        """Explain what changed since the form was loaded, keep the user's input, and move to the new version.

        Called from validation, and by a view whose save lost the race after validation (`StaleEdit`).
        """
        model = type(self.instance)
        current = model._base_manager.filter(pk=self.instance.pk).first()
        if current is None:
            self.add_error(None, "Oplysningerne er slettet af en anden, efter du åbnede formularen. Intet er gemt.")
            return
        seen = self._seen()
        self.data = self.data.copy()
        changes, kept_theirs = [], False
        for field in self._versioned_fields:
            now = _stored(field, current)
            if seen is None or field.name not in seen or seen[field.name] == now:
                continue
            label = str(self.fields[field.name].label or capfirst(field.verbose_name))
            shown_now, shown_seen = _shown(model, field, now), _shown(model, field, seen[field.name])
            if isinstance(now, str) and isinstance(seen[field.name], str):
                shown_now, shown_seen = _excerpts(shown_now, shown_seen)
            changes.append(Change(label, shown_now, shown_seen))
            untouched = field.name in self.cleaned_data and _stored(field, self.instance) == seen[field.name]
            if untouched:
                self._set_data(field.name, field.value_from_object(current))
                kept_theirs = True
        self.stale_changes = changes
        self._set_data(LOADED_VERSION, current.version)
        self._set_data(LOADED_VALUES, self._sign(current))

        errors = [f"{_changed_by(current)}, efter du åbnede formularen. Intet er gemt."]
        if seen is None:
            errors.append("Genindlæs siden for at se, hvad der er gemt nu.")
        elif not changes:
            errors.append("Felterne i formularen er ikke ændret; gem igen for at gemme dine rettelser.")
        else:
            errors.append("Ændret i mellemtiden:")
            errors.extend(str(change) for change in changes)
            errors.append(
                ("Felter, du ikke selv havde rettet, viser nu det gemte. " if kept_theirs else "")
                + "Dine egne rettelser står stadig i formularen: gem igen, hvis de skal gælde."
            )
        self.add_error(None, errors)

    def _set_data(self, name: str, value) -> None:
        field, key = self.fields[name], self.add_prefix(name)
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                self.data[key] = "on"
            else:
                self.data.pop(key, None)
            return
        prepared = field.prepare_value(value)
        if isinstance(prepared, list | tuple) and hasattr(self.data, "setlist"):
            self.data.setlist(key, [str(item) for item in prepared])
        else:
            self.data[key] = "" if prepared is None else str(prepared)


def _changed_by(current) -> str:
    """Who saved the version now stored, where the model keeps history (django-simple-history)."""
    history = getattr(current, "history", None)
    record = history.select_related("history_user").first() if history is not None else None
    user = getattr(record, "history_user", None)
    if user is None:
        return "Oplysningerne er ændret af en anden"
    when = short_datetime(record.history_date)
    return f"Oplysningerne er ændret af {user.get_full_name() or user.get_username()} {when}"


class VersionedInlineMixin:
    """For admin inlines of a VersionedModel: the form with its hidden fields, also when `fields` is set."""

    form = VersionedModelForm

    def get_fieldsets(self, request, obj=None):
        from django.contrib.admin.utils import flatten_fieldsets  # not at import: models import this module

        fieldsets = list(super().get_fieldsets(request, obj))
        missing = [name for name in TOKEN_FIELDS if name not in flatten_fieldsets(fieldsets)]
        if missing:
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "fields": [*options["fields"], *missing]})
        return fieldsets


class VersionedAdminMixin(VersionedInlineMixin):
    """For a ModelAdmin of a VersionedModel (and, through its inlines, of versioned children)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleEdit:
            # Lost the race after validation; the transaction is rolled back. The winner has committed,
            # so rendering again lets the form's own check refuse it with the explanation.
            return super().changeform_view(request, object_id, form_url, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history's "revert" page saves through the same form (not in a transaction of its
        # own: the failed save wrote nothing, as the claim is the first statement).
        try:
            return super().history_form_view(request, object_id, version_id, extra_context)
        except StaleEdit:
            return super().history_form_view(request, object_id, version_id, extra_context)
