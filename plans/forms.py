from django import forms
from django.utils import timezone

from cases.forms import DateField

from .models import SignatureMethod


class PlanSignatureForm(forms.Form):
    signed_on = DateField(label="Borgeren underskrev den")
    signed_how = forms.ChoiceField(label="Underskrevet ved", choices=SignatureMethod.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()
