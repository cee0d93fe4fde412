"""Template helpers for the UI: DKFDS classes on form widgets, deadline wording."""

from django import template

from cases import formats
from cases.pdf import css_string as _css_string

register = template.Library()

WIDGET_CLASSES = {
    "select": "form-select",
    "selectmultiple": "form-select",
    "checkbox": "form-checkbox",
    "radioselect": "form-radio",
    "textarea": "form-input",
}


@register.filter
def dkfds(field):
    """Render a bound field with the DKFDS class for its widget and aria links to hint and error."""
    css = WIDGET_CLASSES.get(field.widget_type, "form-input")
    attrs = {"class": css}
    described = [f"{field.auto_id}_hint"] if field.help_text else []
    if field.errors:
        attrs["aria-invalid"] = "true"
        described.append(f"{field.auto_id}_error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def days_left_text(days: int) -> str:
    if days > 1:
        return f"{days} dage tilbage"
    if days == 1:
        return "1 dag tilbage"
    if days == 0:
        return "udløber i dag"
    return f"overskredet med {-days} dag{'e' if days < -1 else ''}"


@register.filter
def days_left_for(deadline, today) -> int:
    return deadline.days_left(today)


@register.filter
def deadline_status_label(value: str) -> str:
    from cases.models import DeadlineStatus

    return DeadlineStatus(value).label if value in DeadlineStatus.values else value


@register.filter
def days_until(due, today) -> int:
    return (due - today).days


@register.filter
def css_string(value) -> str:
    """Text safe inside a double-quoted CSS string in a document's <style> (see cases.pdf)."""
    return _css_string(value)


@register.filter
def guarantee_for(case, today) -> dict | None:
    """The case's guarantee as a row shows it (Case.guarantee_summary: from annotations, no query)."""
    return case.guarantee_summary(today)


@register.filter
def kroner(value) -> str:
    """Money the Danish way: 1.234.567,50 kr. (cases.formats)."""
    return formats.kroner(value)


@register.filter
def procent(value) -> str:
    """A share the Danish way: 72,5 % (cases.formats)."""
    return formats.procent(value)


@register.filter
def cell(value, kind: str) -> str:
    """A management-view table cell written by its column's kind (cases/targets.py Table)."""
    if kind == "kr":
        return formats.kroner(value)
    if kind == "pct":
        return formats.procent(value)
    if kind == "days":
        number = formats.decimal_number(value)
        return number if number == formats.NOTHING else f"{number} dage"
    return formats.NOTHING if value is None else str(value)


# Dates: the rule is written once, in cases/formats.py.


@register.filter
def long_date(day) -> str:
    """Letters and documents: "27. november 2026"."""
    return formats.long_date(day)


def _field_anchor(bound) -> str:
    """The id an error summary links to: the field's input, or its first option for radios and checkboxes
    (their group has no element of its own to focus)."""
    if bound.widget_type in ("radioselect", "checkboxselectmultiple"):
        return f"{bound.auto_id}_0" if bound.field.choices else ""
    return bound.auto_id or ""


def error_summary_items(form) -> list[dict]:
    """What went wrong, in the order the fields appear: each with the field it belongs to (a link), or
    none for errors about the form as a whole. A hidden field's error is the form's, it cannot be fixed."""
    if form is None or not form.is_bound or not form.errors:
        return []
    items = [{"anchor": "", "text": str(error)} for error in form.non_field_errors()]
    for bound in form:
        for error in bound.errors:
            if bound.is_hidden:
                items.append({"anchor": "", "text": str(error)})
            else:
                items.append({"anchor": _field_anchor(bound), "label": bound.label, "text": str(error)})
    return items


@register.inclusion_tag("includes/_error_summary.html")
def error_summary(form, heading: str = "Der er fejl i formularen"):
    """DKFDS's error summary at the top of a form with errors: focused on load (static/js/forms.js), each
    error a link to its field, so a long form never hides its errors below the fold."""
    return {"items": error_summary_items(form), "heading": heading}


@register.filter
def short_date(day, arg: str = "") -> str:
    """Pages: "25. nov. 2026"; with "weekday": "onsdag 25. nov. 2026"."""
    return formats.short_date(day, weekday=arg == "weekday")


@register.filter
def compact_date(day) -> str:
    """Table cells: "25.11.2026"."""
    return formats.compact_date(day)


@register.filter
def short_datetime(moment) -> str:
    """Pages: "25. nov. 2026 kl. 14.30"."""
    return formats.short_datetime(moment)


@register.filter
def compact_datetime(moment) -> str:
    """Table cells: "25.11.2026 kl. 14.30"."""
    return formats.compact_datetime(moment)

