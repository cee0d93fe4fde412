"""After treatment: discharge (udskrivning, "Afslut behandling") and the follow-ups 1 and 6 months after.

Builds on the steps below it: `cases` (the Case's transitions and deadlines) and `visitation` (a discharge
ends the grant in force, so the committed cost stops). Neither imports this app.
"""
