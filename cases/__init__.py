"""The core: organisations and roles, citizens, the Case state machine and its statutory deadlines.

Imports no process app (visitation, complaints, followups); those call the transitions defined here.
"""
