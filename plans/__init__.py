"""Treatment plans (behandlingsplaner): the citizen's goals, services and signature, versioned so a
revision never overwrites what the citizen signed."""
