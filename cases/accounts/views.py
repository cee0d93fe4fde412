from base64 import b32encode

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login

from .forms import CodeForm
from .second_factor import confirmed_device, pending_device, qr_svg


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "cases:home"


@login_required
def verify(request):
    """The second step of the login: a code from the user's authenticator app."""
    device = confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('accounts:enrol')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(_next_url(request))
    return render(request, "accounts/verify.html", {"form": form, "next": _next_url(request)})


@login_required
def enrol(request):
    """Set up the authenticator app: scan the QR code (or type the key), then confirm with a code."""
    if confirmed_device(request.user) is not None:
        return redirect("accounts:verify")
    device = pending_device(request.user)
    form = CodeForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        return redirect(_next_url(request))
    key = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_svg": qr_svg(device),
        "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
    }
    return render(request, "accounts/enrol.html", context)
