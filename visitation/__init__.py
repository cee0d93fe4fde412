"""Visitation: the assessment (afdækning, MapPlan ratings), KABS's tariff recommendation (indstilling),
the municipality's decision (afgørelse) and its letter with complaint guidance, and treatment start.

Knows cases, tariffs and plans; knows nothing of complaints or follow-ups.
"""
