from django import forms
from django.utils import timezone

from cases.formats import short_date
from cases.forms import DateField, required_when

from .models import About, AppealOutcome, ComplaintChannel, ReconsiderationOutcome
from .models.states import NOTE_MAX, REASON_MAX, TEXT_MAX


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, decision):
        return f"{decision.get_outcome_display()}, sendt {short_date(decision.sent_date)}"


class ComplaintForm(forms.Form):
    received_date = DateField(label="Klagen er modtaget")
    channel = forms.ChoiceField(label="Klageform", choices=ComplaintChannel.choices, widget=forms.RadioSelect)
    about = forms.ChoiceField(label="Klagen drejer sig om", choices=About.choices)
    decision = DecisionChoiceField(
        label="Afgørelse",
        queryset=None,
        required=False,
        empty_label="Ingen bestemt afgørelse",
        help_text="Den afgørelse, borgeren klager over.",
    )
    text = forms.CharField(
        label="Klagens indhold", widget=forms.Textarea(attrs={"rows": 5}), max_length=TEXT_MAX
    )
    oral_note = required_when(
        forms.CharField(
            label="Notat om den mundtlige klage",
            help_text="Skriv, hvad borgeren sagde.",
            widget=forms.Textarea(attrs={"rows": 3}),
            required=False,
            max_length=NOTE_MAX,
        ),
        "påkrævet ved mundtlig klage",
    )
    acknowledge = forms.BooleanField(label="Send borgeren en kvittering for klagen", required=False)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decision"].queryset = case.decisions.order_by("-decided_at")
        self.fields["decision"].initial = self.fields["decision"].queryset.values_list("pk", flat=True).first()
        self.fields["received_date"].initial = timezone.localdate()

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)


class LateDecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label="Skal den for sene klage behandles alligevel?",
        choices=[("ja", "Ja, der er særlige grunde"), ("nej", "Nej, klagen afvises som for sen")],
        coerce=lambda value: value == "ja",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label="Begrundelse", widget=forms.Textarea(attrs={"rows": 3}), max_length=REASON_MAX)


class ReconsiderationForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Resultat af genvurderingen", choices=ReconsiderationOutcome.choices, widget=forms.RadioSelect
    )
    date = DateField(label="Genvurderet den")
    note = forms.CharField(
        label="Kommunens begrundelse",
        help_text="Sendes med sagens akter til Ankestyrelsen, hvis afgørelsen fastholdes.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=NOTE_MAX,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class AppealOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label="Ankestyrelsens afgørelse", choices=AppealOutcome.choices,
                                widget=forms.RadioSelect)
    date = DateField(label="Ankestyrelsens afgørelse er dateret")
