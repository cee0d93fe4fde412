from django import forms


class CodeForm(forms.Form):
    """A six-digit code from the authenticator app, checked against one device."""

    code = forms.CharField(
        label="Kode fra godkendelsesappen",
        help_text="De 6 cifre, appen viser lige nu.",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def __init__(self, *args, device, **kwargs):
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isascii() or not code.isdigit():
            raise forms.ValidationError("Koden består af 6 cifre.")
        allowed, _ = self.device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError("For mange forkerte koder. Vent lidt, og prøv igen.")
        if not self.device.verify_token(code):
            raise forms.ValidationError("Koden er forkert eller udløbet. Prøv med den kode, appen viser nu.")
        return code
