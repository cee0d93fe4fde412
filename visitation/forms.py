import datetime

from django import forms
from django.urls import reverse
from django.utils import timezone

from cases.formats import kroner
from cases.forms import DateField, required_when
from cases.models import SentVia, Unit
from cases.validators import is_ascii_digits
from plans.models import SignatureMethod
from tariffs.models import Tariff

from .models import DECISION_SENT_VIA, Area, Decision, Level, Outcome, PrimarySubstance, Recommendation
from .models.reasons import REASON_MAX_LENGTH


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class TariffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, tariff):
        return f"{tariff.name} ({tariff.catalogue.year}) – {kroner(tariff.price_per_day)} pr. dag"


class AssessmentForm(forms.Form):
    start_date = DateField(label="Afdækningen starter")
    unit = forms.ModelChoiceField(label="KABS-enhed", queryset=Unit.objects.none(), empty_label="Vælg enhed")
    primary_substance = forms.ChoiceField(label="Primært rusmiddel", choices=PrimarySubstance.choices)
    psychiatric = forms.BooleanField(label="Psykiatriske symptomer", required=False)
    dual_diagnosis = forms.BooleanField(label="Dobbeltdiagnose (psykisk lidelse og misbrug)", required=False)
    note = forms.CharField(label="Bemærkning", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["unit"].queryset = Unit.objects.filter(substance=case.substance)
        self.fields["unit"].initial = case.unit_id
        self.fields["start_date"].initial = timezone.localdate()
        for area in Area:
            self.fields[f"rating_{area.value}"] = forms.ChoiceField(
                label=area.label, choices=Level.choices, widget=forms.RadioSelect
            )

    def rating_fields(self):
        return [self[f"rating_{area.value}"] for area in Area]

    def other_fields(self):
        return [field for field in self.visible_fields() if not field.name.startswith("rating_")]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "start_date": data["start_date"],
            "unit": data["unit"],
            "primary_substance": data["primary_substance"],
            "psychiatric": data["psychiatric"],
            "dual_diagnosis": data["dual_diagnosis"],
            "note": data["note"],
            "ratings": {area.value: data[f"rating_{area.value}"] for area in Area},
        }


class RecommendationForm(forms.Form):
    tariff = TariffChoiceField(label="Takst", queryset=Tariff.objects.none(), empty_label="Vælg takst")
    start_date = DateField(label="Fra")
    end_date = DateField(label="Til")
    justification = forms.CharField(
        label="Begrundelse for indstillingen",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Angiv en begrundelse for indstillingen."},
    )
    # Required when the chosen tariff is not the proposed one: Recommendation.clean's rule.
    deviation_reason = required_when(
        forms.CharField(
            label="Begrundelse for at vælge en anden takst end forslaget",
            widget=forms.Textarea(attrs={"rows": 2}),
            required=False,
        ),
        "påkrævet, hvis du vælger en anden takst end forslaget",
    )
    goals_short = forms.CharField(
        label="Kortsigtede mål (ét pr. linje)", widget=forms.Textarea(attrs={"rows": 3})
    )
    goals_long = forms.CharField(
        label="Langsigtede mål (ét pr. linje)", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    services = forms.MultipleChoiceField(
        label="Ydelser fra takstens pakke", widget=forms.CheckboxSelectMultiple, required=False
    )
    expected_weeks = forms.IntegerField(
        label="Forventet varighed (uger)", min_value=1, max_value=520, required=False
    )
    intensity = forms.CharField(label="Intensitet", max_length=200, required=False)
    collaborators = forms.CharField(
        label="Samarbejdspartnere", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    signed_on = DateField(label="Borgeren underskrev planen den", required=False)
    signed_how = forms.ChoiceField(
        label="Underskrevet ved",
        choices=[("", "Ikke underskrevet endnu"), *SignatureMethod.choices],
        required=False,
    )

    def __init__(self, *args, case, proposed: Tariff | None, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["tariff"].queryset = (
            Tariff.objects.filter(substance=case.substance)
            .select_related("catalogue")
            .order_by("-catalogue__year", "position")
        )
        # Choosing a tariff shows its package's services (htmx swaps the services field).
        self.fields["tariff"].widget.attrs.update(
            {
                "hx-get": reverse("visitation:tariff_services", args=[case.pk]),
                "hx-target": "#services-field",
                "hx-swap": "outerHTML",
                "hx-trigger": "change",
            }
        )
        if proposed:
            self.fields["tariff"].initial = proposed.pk
        tariff = self._chosen_tariff() or proposed
        self.fields["services"].choices = [(s, s) for s in (tariff.package_services if tariff else [])]
        self.fields["start_date"].initial = timezone.localdate()

    def _chosen_tariff(self) -> Tariff | None:
        value = self.data.get("tariff") if self.is_bound else None
        # ASCII digits only: '²' passes str.isdigit() and then fails as a primary key (a 500).
        if value and is_ascii_digits(str(value)) and len(str(value)) <= 18:
            return self.fields["tariff"].queryset.filter(pk=value).first()
        return None

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "tariff": data["tariff"],
            "start_date": data["start_date"],
            "end_date": data["end_date"],
            "justification": data["justification"],
            "deviation_reason": data["deviation_reason"],
            "goals_short": lines(data["goals_short"]),
            "goals_long": lines(data["goals_long"]),
            "services": data["services"],
            "expected_weeks": data["expected_weeks"],
            "intensity": data["intensity"],
            "collaborators": data["collaborators"],
            "signed_on": data["signed_on"],
            "signed_how": data["signed_how"],
        }


# Decision.clean asks for reasons whenever the decision does not fully grant what was asked (fvl. § 22).
REASONS_REQUIRED = "påkrævet ved afslag og delvis bevilling"


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(label="Afgørelse", choices=Outcome.choices, widget=forms.RadioSelect)
    # What a partial grant changes (Decision._outcome_errors): the tariff, the end, or both.
    tariff = required_when(
        TariffChoiceField(
            label="Bevilget takst", queryset=Tariff.objects.none(), required=False, empty_label="Som indstillet"
        ),
        "kun ved delvis bevilling",
    )
    end_date = required_when(DateField(label="Bevilget til", required=False), "kun ved delvis bevilling")
    # The three parts of the reasons (forvaltningsloven § 24). Whether they are required and substantive is
    # Decision.clean()'s rule; the form only collects them and says when they are required.
    facts = required_when(
        forms.CharField(
            label="Faktiske forhold, afgørelsen bygger på",
            widget=forms.Textarea(attrs={"rows": 10, "maxlength": REASON_MAX_LENGTH}),
            required=False,
            help_text="Udfyldt med afdækningens vurderinger og indstillingen; ret og tilføj det, der har haft "
            "betydning.",
        ),
        REASONS_REQUIRED,
    )
    reasons = required_when(
        forms.CharField(
            label="Regler, afgørelsen bygger på",
            widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX_LENGTH}),
            required=False,
            help_text="Udfyldt med lovgrundlaget; tilføj de bestemmelser, du har anvendt.",
        ),
        REASONS_REQUIRED,
    )
    considerations = required_when(
        forms.CharField(
            label="Hovedhensyn",
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": REASON_MAX_LENGTH}),
            required=False,
            help_text="De hensyn, der har været afgørende for resultatet.",
        ),
        REASONS_REQUIRED,
    )
    sent_via = forms.ChoiceField(
        label="Sendes med",
        choices=[(via, SentVia(via).label) for via in DECISION_SENT_VIA],
        help_text="En anonym borger (§ 101 a) får brevet udleveret eller sendt til en adresse, borgeren oplyser.",
    )
    sent_date = DateField(label="Afsendelsesdato")

    def __init__(
        self, *args, case, recommendation: Recommendation | None = None, outcome: str | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        # Opened from "Bevil" or "Giv afslag", the form starts with that outcome chosen; anything else in
        # the link is ignored, so a bad link opens the form with nothing chosen.
        if outcome in Outcome.values:
            self.fields["outcome"].initial = outcome
        self.fields["tariff"].queryset = (
            Tariff.objects.filter(substance=case.substance)
            .select_related("catalogue")
            .order_by("-catalogue__year", "position")
        )
        self.fields["sent_date"].initial = timezone.localdate()
        if recommendation is not None:
            for name, text in Decision.drafted_reasons(recommendation).items():
                self.fields[name].initial = text

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            key: data[key]
            for key in (
                "outcome",
                "facts",
                "reasons",
                "considerations",
                "sent_via",
                "sent_date",
                "tariff",
                "end_date",
            )
        }


class TreatmentStartForm(forms.Form):
    date = DateField(label="Behandlingen startede")
    free_choice_provider = forms.CharField(
        label="Borgeren har frit valgt et andet tilbud (navn)",
        max_length=200,
        required=False,
        help_text="Udfyldes kun ved frit valg. Behandlingsgarantien gælder da ikke.",
    )
    # Case.start_treatment asks for it when the start is after the guarantee's due date.
    exceed_reason = required_when(
        forms.CharField(
            label="Begrundelse for at overskride behandlingsgarantien",
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
        ),
        "påkrævet, hvis behandlingen starter efter garantiens frist",
    )

    def __init__(self, *args, first_day: datetime.date | None = None, **kwargs):
        """`first_day`: the day the form suggests, the grant's (Decision.suggested_treatment_start)."""
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = first_day or timezone.localdate()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "start": data["date"],
            "free_choice_provider": data["free_choice_provider"],
            "exceed_reason": data["exceed_reason"],
        }
