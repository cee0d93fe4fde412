"""Complaints (klager): deadlines, the municipality's reconsideration (genvurdering) and forwarding to
Ankestyrelsen; complaints about health treatment routed to Styrelsen for Patientsikkerhed."""
