"""Forms parse what a person typed; the rules (dates, required answers, lengths) are the services' and models'."""

from django import forms
from django.utils import timezone

from cases.formats import short_date
from cases.forms import DateField, required_when
from cases.models import DischargeReason

from .models import ATTEMPT_NOTE_LENGTH, CONCLUSION_LENGTH, Situation

YES_NO = [("ja", "Ja"), ("nej", "Nej")]
REACHED = "påkrævet, når borgeren blev truffet"


def yes_no(value: str) -> bool | None:
    return {"ja": True, "nej": False}.get(value)


class DischargeForm(forms.Form):
    date = DateField(label="Behandlingen afsluttes den")
    reason = forms.ChoiceField(label="Årsag", choices=DischargeReason.choices, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()

    def service_kwargs(self) -> dict:
        return {"on": self.cleaned_data["date"], "reason": self.cleaned_data["reason"]}


class FollowUpForm(forms.Form):
    followup = forms.ModelChoiceField(label="Opfølgning", queryset=None, empty_label=None)
    date = DateField(label="Dato for samtalen eller forsøget")
    reached = forms.ChoiceField(label="Blev borgeren truffet?", choices=YES_NO, widget=forms.RadioSelect)
    # Required when the citizen was reached: the services' rule (followups/services.py), said here.
    situation = required_when(
        forms.ChoiceField(
            label="Borgerens situation nu", choices=Situation.choices, widget=forms.RadioSelect, required=False
        ),
        REACHED,
    )
    goal_holds = required_when(
        forms.ChoiceField(
            label="Holder målet i behandlingsplanen?", choices=YES_NO, widget=forms.RadioSelect, required=False
        ),
        REACHED,
    )
    note = required_when(
        forms.CharField(
            label="Konklusion (kommunen modtager den) eller bemærkning til forsøget",
            help_text=f"Højst {CONCLUSION_LENGTH} tegn; en bemærkning til et forsøg højst {ATTEMPT_NOTE_LENGTH}.",
            required=False,
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": CONCLUSION_LENGTH}),
        ),
        "konklusionen er påkrævet, når borgeren blev truffet",
    )

    def __init__(self, *args, pending, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["followup"].queryset = pending
        self.fields["followup"].label_from_instance = (
            lambda followup: f"{followup.get_slot_display()} (senest {short_date(followup.due_date)})"
        )
        self.fields["date"].initial = timezone.localdate()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "followup": data["followup"],
            "on": data["date"],
            "reached": yes_no(data["reached"]),
            "situation": data["situation"],
            "goal_holds": yes_no(data["goal_holds"]),
            "note": data["note"],
        }
