"""Who needs a second factor, and the TOTP device they use (django-otp)."""

import segno
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from cases.models import Role

DEVICE_NAME = "Godkendelsesapp"


def needs_second_factor(user) -> bool:
    """Approvers decide grants and administrators change who may do what: a stolen password alone must
    not be enough for either."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.has_role(Role.APPROVER) or user.has_role(Role.ADMINISTRATOR)


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).first()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up; the same key until it is confirmed, so a reload of the page
    does not invalidate the QR code the user has just scanned."""
    device = TOTPDevice.objects.devices_for_user(user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth:// URL as an inline SVG, rendered here: the key never leaves the server for a QR
    service. segno writes only presentation attributes (no style=), so the CSP holds."""
    svg = segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#1a1a1a", light="#ffffff")
    return mark_safe(svg)  # noqa: S308 - segno's own markup; the URL inside is XML-escaped by segno
