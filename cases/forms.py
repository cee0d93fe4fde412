from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone

from tariffs.choices import Substance

from . import cpr as cprlib
from .calculator import POSTAL
from .concurrency import VersionedModelForm
from .keyset import CURSOR_LENGTH
from .models import (
    AccessPurpose,
    Case,
    Citizen,
    DeadlineKind,
    SentVia,
    YoungPersonConsent,
)
from .models.access_log import LOOKUP_PURPOSES
from .models.citizen import normalise_address
from .validators import validate_date_in_range


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateField(forms.DateField):
    """Every date a person types: a date picker, bounded to 1900–2100 (cases/validators.py says why)."""

    widget = DateInput
    default_validators = [validate_date_in_range]


def required_when(field: forms.Field, when: str) -> forms.Field:
    """Mark a field that is required only in some cases, e.g. "påkrævet ved afslag og delvis bevilling".

    The rule itself stays with the model or service that enforces it; the form only says so, in place of
    "(valgfri)", which would tell the user the opposite.
    """
    field.required_when = when
    return field


def name_empty_choice(field: forms.ChoiceField, label: str) -> None:
    """A model field's choices come with Django's "---------" as the empty option; say what to choose."""
    field.choices = [("", label), *[(value, text) for value, text in field.choices if value != ""]]


class CitizenForm(forms.ModelForm):
    cpr = forms.CharField(
        label="CPR-nummer",
        required=False,
        max_length=11,
        help_text="10 cifre: fødselsdato og løbenummer (ddmmåå-xxxx).",
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    class Meta:
        model = Citizen
        fields = ["cpr", "name", "address", "anonymous"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.municipality = municipality

    def clean_cpr(self):
        value = self.cleaned_data["cpr"].strip()
        return cprlib.normalise(value) if value else None

    def _post_clean(self):
        # A typed CPR that failed its own check must not also meet the model's "no CPR given" rule: the
        # user would be told both that the number is invalid and that none was entered.
        if self.has_error("cpr"):
            return
        super()._post_clean()


class AddressField(forms.CharField):
    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        # As the model stores it, so that an address submitted unchanged does not count as a change.
        return normalise_address(super().to_python(value))


class CitizenEditForm(VersionedModelForm):
    """Correct a citizen's name and address. The CPR number is not corrected here (it identifies the person)."""

    class Meta:
        model = Citizen
        fields = ["name", "address"]
        field_classes = {"address": AddressField}


class CitizenSearchForm(forms.Form):
    q = forms.CharField(label="Navn eller CPR-nummer", max_length=100)
    purpose = forms.ChoiceField(
        label="Formål med opslaget",
        required=False,
        choices=[("", "Vælg formål"), *[(p.value, p.label) for p in LOOKUP_PURPOSES]],
        help_text="Skal vælges ved søgning på CPR-nummer. Borgeren kan få oplyst formålet (indsigtsretten).",
    )

    def __init__(self, *args, default_purpose: str = AccessPurpose.CASE_WORK, **kwargs):
        super().__init__(*args, **kwargs)
        self.default_purpose = default_purpose

    def clean(self):
        data = super().clean()
        query, purpose = data.get("q", ""), data.get("purpose")
        if query and Citizen.objects.searches_by_cpr(query) and not purpose:
            self.add_error("purpose", "Vælg formålet med opslaget, når du søger på CPR-nummer.")
        data["purpose"] = purpose or self.default_purpose
        return data


class InquiryForm(forms.ModelForm):
    """Register an inquiry. Validation is the model's (Case.clean), run by ModelForm on a draft case."""

    class Meta:
        model = Case
        fields = ["inquiry_date", "substance", "channel", "unit", "summary"]
        field_classes = {"inquiry_date": DateField}
        widgets = {"inquiry_date": DateInput(), "summary": forms.Textarea(attrs={"rows": 4})}
        labels = {"unit": "Henvist til KABS-enhed"}

    def __init__(self, *args, citizen, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.citizen = citizen
        self.instance.municipality_id = citizen.municipality_id
        self.fields["inquiry_date"].initial = timezone.localdate()
        self.fields["unit"].empty_label = "Ikke henvist endnu"
        name_empty_choice(self.fields["substance"], "Vælg rusmiddelområde")
        name_empty_choice(self.fields["channel"], "Vælg henvendelsesform")

    def save(self, commit=True, *, user=None) -> Case:
        return Case.register_inquiry(citizen=self.instance.citizen, user=user, **self.cleaned_data)


class EndCaseForm(forms.Form):
    """The reason for withdrawing or closing; required and bounded by the Case's transition, not here."""

    reason = forms.CharField(
        label="Begrundelse",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": Case._meta.get_field("closure_reason").max_length}),
    )


class DeadlineCalculatorForm(forms.Form):
    """The fristberegner's question. A GET form: it holds no personal data, so its answer can be bookmarked."""

    kind = forms.ChoiceField(
        label="Frist",
        choices=DeadlineKind.choices,
        error_messages={"invalid_choice": "Ukendt fristtype. Vælg en frist på listen."},
    )
    date = DateField(
        label="Dato",
        help_text="Klagefrist: den dag, afgørelsen blev sendt. Behandlingsgaranti: henvendelsesdatoen. "
        "Genvurdering og videresendelse: den dag, klagen blev modtaget. Opfølgning: udskrivningsdatoen. "
        "Handleplan: behandlingsstart. Bevillingsperiode: periodens sidste dag.",
    )
    sent_via = forms.ChoiceField(
        label="Afgørelsen blev sendt med",
        choices=[("", "Vælg forsendelse"), *((via, SentVia(via).label) for via in POSTAL)],
        required=False,
        error_messages={"invalid_choice": "Ukendt forsendelsesform. Vælg en på listen."},
        help_text="Kun for klagefristen: afgør, hvornår afgørelsen anses for modtaget.",
    )
    substance = forms.ChoiceField(
        label="Rusmiddelområde",
        choices=Substance.choices,
        required=False,
        error_messages={"invalid_choice": "Ukendt rusmiddelområde. Vælg stoffer eller alkohol."},
        help_text="Kun for behandlingsgarantien: stoffer efter serviceloven, alkohol efter sundhedsloven.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

    def arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "start": data["date"],
            "sent_via": data["sent_via"],
            "substance": data["substance"],
        }


# --- worklists: GET parameters, validated so a bad value is a form error and never a 500 ---------------
class CaseListForm(forms.Form):
    """The caseworker's list of the municipality's active cases: filter and sort."""

    NO_UNIT = "mangler"
    ORDERS = {
        "frist": "Færrest dage tilbage først",
        "-frist": "Flest dage tilbage først",
        "henvendelse": "Nyeste henvendelse først",
    }

    status = forms.ChoiceField(label="Status", required=False)
    enhed = forms.ChoiceField(label="KABS-enhed", required=False)
    garanti = forms.ChoiceField(label="Behandlingsgaranti", required=False)
    sortering = forms.ChoiceField(label="Sortering", required=False, choices=list(ORDERS.items()))

    def __init__(self, *args, units, **kwargs):
        from .models.case import ACTIVE_STATES, GuaranteeFilter

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Alle aktive")] + [(s.value, s.label) for s in ACTIVE_STATES]
        self.fields["enhed"].choices = [("", "Alle"), (self.NO_UNIT, "Mangler enhed")] + [
            (str(unit.pk), unit.name) for unit in units
        ]
        self.fields["garanti"].choices = [("", "Alle"), *GuaranteeFilter.choices]

    def query(self) -> dict:
        """The cleaned values as CaseQuerySet.worklist_filter's arguments (call after is_valid())."""
        data = self.cleaned_data
        unit = data.get("enhed") or ""
        return {
            "state": data.get("status") or None,
            "unit": None if unit in ("", self.NO_UNIT) else int(unit),
            "no_unit": unit == self.NO_UNIT,
            "guarantee": data.get("garanti") or None,
            "order": data.get("sortering") or "frist",
        }


class DeadlineListForm(forms.Form):
    """The "Frister" page: whose deadlines, and (to page through one window) which window from where."""

    MINE, TEAM = "mine", "team"

    hvem = forms.ChoiceField(
        label="Vis", required=False, choices=[(MINE, "Mine frister"), (TEAM, "Teamets frister")]
    )
    gruppe = forms.ChoiceField(label="Gruppe", required=False)
    # The keyset cursor of the previous page's last row (cases/keyset.py); the view reads it against its list.
    efter = forms.CharField(required=False, max_length=CURSOR_LENGTH, strip=True)

    def __init__(self, *args, **kwargs):
        from .models.deadline import Window

        super().__init__(*args, **kwargs)
        self.fields["gruppe"].choices = [("", "Alle"), *Window.choices]

    def clean(self):
        data = super().clean()
        if data.get("efter") and not data.get("gruppe"):
            self.add_error("efter", "Vælg en gruppe for at bladre.")
        return data


class NotificationListForm(forms.Form):
    foer = forms.IntegerField(min_value=1, max_value=2**63 - 1, required=False)


class TargetsForm(forms.Form):
    """The management view's choice of year (and, for a superuser, municipality)."""

    FIRST_YEAR = 2000

    aar = forms.IntegerField(label="År", required=False)
    kommune = forms.RegexField(
        label="Kommune", regex=r"^\d{3}$", required=False, max_length=3,
        error_messages={"invalid": "Kommunekoden består af tre cifre, fx 161."},
    )

    def __init__(self, *args, today, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["aar"]
        field.validators += [
            MinValueValidator(self.FIRST_YEAR, f"Vælg et år fra {self.FIRST_YEAR}."),
            MaxValueValidator(today.year + 1, f"Vælg et år til og med {today.year + 1}."),
        ]
        field.error_messages["invalid"] = "Skriv året med fire cifre, fx 2026."


class YoungPersonConsentForm(forms.ModelForm):
    """Who holds custody, and when and how they (and, from 15, the young person) consented."""

    class Meta:
        model = YoungPersonConsent
        fields = [
            "holder_name",
            "holder_address",
            "second_holder_name",
            "second_holder_address",
            "custody_consent_on",
            "custody_consent_how",
            "own_consent_on",
            "own_consent_how",
            "note",
        ]
        widgets = {
            "holder_address": forms.Textarea(attrs={"rows": 3}),
            "second_holder_address": forms.Textarea(attrs={"rows": 3}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }
        field_classes = {"custody_consent_on": DateField, "own_consent_on": DateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # YoungPersonConsent.clean's pairs: a consent is recorded with both its date and how it was given.
        for how in ("custody_consent_how", "own_consent_how"):
            name_empty_choice(self.fields[how], "Vælg, hvordan samtykket er givet")
            required_when(self.fields[how], "påkrævet, når samtykket er givet")

    def clean(self):
        data = super().clean()
        for name in ("holder_address", "second_holder_address"):
            if data.get(name):
                data[name] = normalise_address(data[name])
        return data
