"""Serializer fields with the input bounds of cases/validators.py, so every API date is a sane date."""

from rest_framework import serializers

from cases.validators import validate_date_in_range


class DateField(serializers.DateField):
    """An ISO date between 1900 and 2100: outside that, deadline arithmetic overflows (9999-12-31)."""

    default_validators = [validate_date_in_range]
