"""Two people editing the same thing: the second save of a stale form is refused, never silently saved over
the first (cases/concurrency.py). Citizens in the UI and the admin, letter texts, tariffs and catalogues in
the admin, plan signatures; and a real race on PostgreSQL where exactly one of N parallel saves wins."""

import html as htmllib
import re
import threading
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import connection
from django.forms import CheckboxInput

from cases.concurrency import StaleEdit
from cases.forms import CitizenEditForm
from cases.models import Citizen, Role
from plans.models import PlanVersion, SignatureMethod, TreatmentPlan
from tariffs.models import Tariff, TariffCatalogue
from visitation.models import LetterText, LetterTextKey

from . import factories
from .conftest import TODAY, login
from .parallel import run_at_once

CPR = "0101901234"


@pytest.fixture
def citizen(glostrup):
    return factories.citizen(glostrup, cpr=CPR, name="Mads Jensen", address="Hovedvejen 12\n2600 Glostrup")


@pytest.fixture
def colleague(glostrup):
    """A second caseworker in Glostrup, working on the same citizen at the same time."""
    return factories.user("signe", Role.CASEWORKER, municipality=glostrup, last_name="Sørensen")


@pytest.fixture
def second_admin(db):
    return factories.user("anders", Role.ADMINISTRATOR, is_staff=True, is_superuser=True, last_name="Admin")


def text(response) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def loaded_form(client, url) -> dict:
    """GET a form page and return what the browser would post back unchanged (admin page or UI page)."""
    response = client.get(url)
    assert response.status_code == 200
    context = response.context
    forms = [context["adminform"].form] if "adminform" in context else [context["form"]]
    for inline in context.get("inline_admin_formsets", []):
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(field.field.widget, CheckboxInput):
                if value:
                    data[field.html_name] = "on"
            else:
                data[field.html_name] = "" if value is None else value
    return data


def tokens(form) -> dict:
    """The hidden fields of a form as loaded: the version and the signed snapshot of what was shown."""
    return {name: form[name].value() for name in ("loaded_version", "loaded_values")}


# --- citizens in the UI -------------------------------------------------------------------------------------


def edit_url(citizen) -> str:
    return f"/borgere/{citizen.pk}/ret/"


def test_ui_second_save_of_a_stale_form_is_refused_with_what_changed(
    frozen_today, client, caseworker, colleague, citizen
):
    first, second = client, client.__class__()
    sara_form = loaded_form(login(first, caseworker), edit_url(citizen))
    signe_form = loaded_form(login(second, colleague), edit_url(citizen))

    assert first.post(edit_url(citizen), {**sara_form, "name": "Mads Juhl Jensen"}).status_code == 302
    refused = second.post(edit_url(citizen), {**signe_form, "address": "Stationsvej 8\n2600 Glostrup"})

    assert refused.status_code == 200
    page = text(refused)
    # Who saved in between, and when (the time is local: the frozen midnight UTC is 01.00 in Copenhagen).
    assert "Oplysningerne er ændret af Sara 26. nov. 2026 kl. 01.00, efter du åbnede formularen. Intet er gemt." in page
    assert "Ændret i mellemtiden:" in page
    assert "Navn: nu »Mads Juhl Jensen«, du så »Mads Jensen«." in page
    assert "Adresse: nu" not in page  # only what the other person changed
    stored = Citizen.objects.get(pk=citizen.pk)
    assert (stored.name, stored.address) == ("Mads Juhl Jensen", "Hovedvejen 12\n2600 Glostrup")
    assert stored.history.count() == 2  # created, Sara's correction: nothing from Signe


def test_ui_refused_form_keeps_the_users_input_and_saving_again_keeps_the_other_change(
    client, caseworker, colleague, citizen
):
    first, second = client, client.__class__()
    sara_form = loaded_form(login(first, caseworker), edit_url(citizen))
    signe_form = loaded_form(login(second, colleague), edit_url(citizen))
    first.post(edit_url(citizen), {**sara_form, "name": "Mads Juhl Jensen"})

    refused = second.post(edit_url(citizen), {**signe_form, "address": "Stationsvej 8"})
    form = refused.context["form"]

    # Signe's own correction is still there; the name she had not touched now shows what Sara stored.
    assert form["address"].value() == "Stationsvej 8"
    assert form["name"].value() == "Mads Juhl Jensen"
    assert "Felter, du ikke selv havde rettet, viser nu det gemte." in text(refused)
    resubmitted = loaded_values_of(refused)
    assert resubmitted["loaded_version"] == str(Citizen.objects.get(pk=citizen.pk).version)

    assert second.post(edit_url(citizen), resubmitted).status_code == 302
    stored = Citizen.objects.get(pk=citizen.pk)
    assert (stored.name, stored.address) == ("Mads Juhl Jensen", "Stationsvej 8")
    assert stored.history.first().history_user == colleague


def loaded_values_of(response) -> dict:
    """The refused form's data as the browser would post it again."""
    form = response.context["form"]
    return {field.html_name: field.value() or "" for field in form}


def test_ui_both_changing_the_same_field_keeps_the_second_persons_value_in_the_form(
    client, caseworker, colleague, citizen
):
    first, second = client, client.__class__()
    sara_form = loaded_form(login(first, caseworker), edit_url(citizen))
    signe_form = loaded_form(login(second, colleague), edit_url(citizen))
    first.post(edit_url(citizen), {**sara_form, "name": "Mads Juhl"})

    refused = second.post(edit_url(citizen), {**signe_form, "name": "Mads Jensen Juhl"})

    assert "Navn: nu »Mads Juhl«, du så »Mads Jensen«." in text(refused)
    assert refused.context["form"]["name"].value() == "Mads Jensen Juhl"
    assert "Felter, du ikke selv havde rettet" not in text(refused)
    assert Citizen.objects.get(pk=citizen.pk).name == "Mads Juhl"


def test_ui_a_save_that_loses_the_race_after_validation_is_refused_the_same_way(caseworker, colleague, citizen):
    loaded = CitizenEditForm(instance=citizen)
    data = {"name": citizen.name, "address": "Stationsvej 8", **tokens(loaded)}
    form = CitizenEditForm(data, instance=Citizen.objects.get(pk=citizen.pk))
    assert form.is_valid()
    interloper = Citizen.objects.get(pk=citizen.pk)  # saved between validation and save
    interloper.name = "Mads Juhl Jensen"
    interloper._history_user = caseworker
    interloper.save()

    assert form.save_unless_stale(history_user=colleague) is False

    assert "Navn: nu »Mads Juhl Jensen«, du så »Mads Jensen«." in form.non_field_errors()
    stored = Citizen.objects.get(pk=citizen.pk)
    assert (stored.name, stored.address) == ("Mads Juhl Jensen", "Hovedvejen 12\n2600 Glostrup")


def test_a_tampered_snapshot_still_refuses_without_guessing_details(client, caseworker, colleague, citizen):
    first, second = client, client.__class__()
    sara_form = loaded_form(login(first, caseworker), edit_url(citizen))
    signe_form = loaded_form(login(second, colleague), edit_url(citizen))
    first.post(edit_url(citizen), {**sara_form, "name": "Mads Juhl Jensen"})

    refused = second.post(edit_url(citizen), {**signe_form, "address": "X", "loaded_values": "forged"})

    assert "Genindlæs siden for at se, hvad der er gemt nu." in text(refused)
    assert Citizen.objects.get(pk=citizen.pk).address == "Hovedvejen 12\n2600 Glostrup"


# --- the model: the conditional UPDATE ------------------------------------------------------------------------


def test_a_stale_copy_raises_and_writes_nothing(citizen):
    stale = Citizen.objects.get(pk=citizen.pk)
    fresh = Citizen.objects.get(pk=citizen.pk)
    fresh.name = "Først"
    fresh.save()

    stale.name = "Sidst"
    with pytest.raises(StaleEdit):
        stale.save()

    stored = Citizen.objects.get(pk=citizen.pk)
    assert (stored.name, stored.version) == ("Først", 2)
    assert stale.version == 1  # unchanged: the copy is still what it was


def test_each_save_counts_and_update_fields_carries_the_version(citizen):
    citizen.name = "A"
    citizen.save()
    citizen.address = "B"
    citizen.save(update_fields=["address"])

    stored = Citizen.objects.get(pk=citizen.pk)
    assert (stored.name, stored.address, stored.version) == ("A", "B", 3)


def test_the_version_counter_is_not_in_the_history(citizen):
    historical_fields = {field.name for field in Citizen.history.model._meta.fields}

    assert "version" not in historical_fields
    assert {"name", "address", "cpr"} <= historical_fields


# --- citizens in the admin ----------------------------------------------------------------------------------


def admin_url(obj) -> str:
    return f"/admin/{obj._meta.app_label}/{obj._meta.model_name}/{obj.pk}/change/"


def test_admin_second_save_of_a_stale_citizen_is_refused(frozen_today, client, admin_user, second_admin, citizen):
    first, second = client, client.__class__()
    first_form = loaded_form(login(first, admin_user), admin_url(citizen))
    second_form = loaded_form(login(second, second_admin), admin_url(citizen))

    assert first.post(admin_url(citizen), {**first_form, "name": "Mads Juhl Jensen"}).status_code == 302
    refused = second.post(admin_url(citizen), {**second_form, "address": "Stationsvej 8"})

    assert refused.status_code == 200
    page = text(refused)
    assert "Oplysningerne er ændret af Admin 26. nov. 2026 kl. 01.00, efter du åbnede formularen." in page
    assert "Navn: nu »Mads Juhl Jensen«, du så »Mads Jensen«." in page
    stored = Citizen.objects.get(pk=citizen.pk)
    assert (stored.name, stored.address) == ("Mads Juhl Jensen", "Hovedvejen 12\n2600 Glostrup")
    assert refused.context["adminform"].form["address"].value() == "Stationsvej 8"


def test_admin_cpr_is_not_editable_after_creation_and_a_posted_one_is_ignored(client, admin_user, citizen):
    """The admin shows the CPR masked and read-only: a number typed at creation is corrected by a
    superuser in the shell, not through a form that would have to show it in full."""
    form = loaded_form(login(client, admin_user), admin_url(citizen))
    assert "cpr" not in form

    assert client.post(admin_url(citizen), {**form, "cpr": "0202801234", "name": "Mads J."}).status_code == 302

    stored = Citizen.objects.get(pk=citizen.pk)
    assert (stored.cpr, stored.name) == (CPR, "Mads J.")


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_admin_save_that_loses_the_race_after_validation_is_refused(postgres, client, glostrup, monkeypatch):
    """Both forms validated; the other save commits first (on its own connection, as another request would).
    The admin rolls its transaction back and explains: no 500, and the other change stays."""
    citizen = factories.citizen(glostrup, cpr=CPR, name="Mads Jensen", address="Hovedvejen 12")
    admin_user = factories.user("admin", Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    model_admin = admin.site._registry[Citizen]
    original = type(model_admin).save_model
    raced = []

    def someone_else_saves():
        other = Citizen.objects.get(pk=citizen.pk)
        other.name = "Mads Juhl Jensen"
        other.save()
        connection.close()

    def save_model_after_someone_else(self, request, obj, form, change):
        if not raced:
            raced.append(True)
            thread = threading.Thread(target=someone_else_saves)
            thread.start()
            thread.join(timeout=30)
        original(self, request, obj, form, change)

    form = loaded_form(login(client, admin_user), admin_url(citizen))
    monkeypatch.setattr(type(model_admin), "save_model", save_model_after_someone_else)

    refused = client.post(admin_url(citizen), {**form, "address": "Stationsvej 8"})

    assert raced and refused.status_code == 200
    assert "Navn: nu »Mads Juhl Jensen«, du så »Mads Jensen«." in text(refused)
    stored = Citizen.objects.get(pk=citizen.pk)
    assert (stored.name, stored.address, stored.version) == ("Mads Juhl Jensen", "Hovedvejen 12", 2)


def test_admin_revert_to_an_earlier_version_still_works(client, admin_user, citizen):
    first_record = citizen.history.get()
    citizen.name = "Fejlindtastning"
    citizen.save()
    url = f"/admin/cases/citizen/{citizen.pk}/history/{first_record.history_id}/"

    form = loaded_form(login(client, admin_user), url)
    assert form["loaded_version"] == Citizen.objects.get(pk=citizen.pk).version  # the current one
    response = client.post(url, form)

    assert response.status_code == 302
    assert Citizen.objects.get(pk=citizen.pk).name == "Mads Jensen"


# --- letter texts, tariffs and catalogues in the admin ---------------------------------------------------------


@pytest.fixture
def guidance(db):
    return LetterText.objects.get(key=LetterTextKey.COMPLAINT_GUIDANCE, legal_basis="SEL_101")


def test_admin_second_save_of_a_stale_letter_text_is_refused(client, admin_user, second_admin, guidance):
    first, second = client, client.__class__()
    first_form = loaded_form(login(first, admin_user), admin_url(guidance))
    second_form = loaded_form(login(second, second_admin), admin_url(guidance))

    assert first.post(admin_url(guidance), {**first_form, "title": "Sådan klager du"}).status_code == 302
    refused = second.post(admin_url(guidance), {**second_form, "body": "Ring til {kommune}. " + guidance.body})

    assert refused.status_code == 200
    page = text(refused)
    assert "Oplysningerne er ændret af en anden, efter du åbnede formularen. Intet er gemt." in page
    assert "Overskrift: nu »Sådan klager du«, du så »Klagevejledning«." in page
    stored = LetterText.objects.get(pk=guidance.pk)
    assert (stored.title, stored.body) == ("Sådan klager du", guidance.body)


def test_a_long_letter_text_conflict_shows_where_the_texts_differ(client, admin_user, second_admin, guidance):
    first, second = client, client.__class__()
    first_form = loaded_form(login(first, admin_user), admin_url(guidance))
    second_form = loaded_form(login(second, second_admin), admin_url(guidance))
    edited = guidance.body.replace("kan Ankestyrelsen se bort", "kan Ankestyrelsen undtagelsesvis se bort")
    assert edited != guidance.body
    assert first.post(admin_url(guidance), {**first_form, "body": edited}).status_code == 302

    refused = second.post(admin_url(guidance), {**second_form, "title": "Klagevejledning (ny)"})

    page = text(refused)
    assert "Tekst: nu »…" in page
    assert "kan Ankestyrelsen undtagelsesvis se bort" in page
    assert LetterText.objects.get(pk=guidance.pk).title == "Klagevejledning"


@pytest.fixture
def city_basis(catalogue):
    return Tariff.objects.get(code="city-basis", catalogue__year=2024)


def test_admin_second_save_of_a_stale_tariff_is_refused(client, admin_user, second_admin, city_basis):
    first, second = client, client.__class__()
    first_form = loaded_form(login(first, admin_user), admin_url(city_basis))
    second_form = loaded_form(login(second, second_admin), admin_url(city_basis))

    assert first.post(admin_url(city_basis), {**first_form, "price_per_day": "310.00"}).status_code == 302
    refused = second.post(admin_url(city_basis), {**second_form, "target_group": "Unge under 25"})

    assert refused.status_code == 200
    assert "Pris pr. dag (kr.): nu »310,00«, du så »302,00«." in text(refused)
    stored = Tariff.objects.get(pk=city_basis.pk)
    assert str(stored.price_per_day) == "310.00"
    assert stored.target_group != "Unge under 25"


def test_admin_stale_tariff_row_in_the_catalogue_is_refused(client, admin_user, second_admin, city_basis):
    catalogue = TariffCatalogue.objects.get(year=2024)
    first, second = client, client.__class__()
    first_form = loaded_form(login(first, admin_user), admin_url(catalogue))
    second_form = loaded_form(login(second, second_admin), admin_url(catalogue))
    row = next(key[: -len("-id")] for key, value in first_form.items() if key.endswith("-id") and value == city_basis.pk)

    assert first.post(admin_url(catalogue), {**first_form, f"{row}-price_per_day": "310.00"}).status_code == 302
    refused = second.post(admin_url(catalogue), {**second_form, f"{row}-price_per_day": "299.00"})

    assert refused.status_code == 200
    assert "Pris pr. dag (kr.): nu »310,00«, du så »302,00«." in text(refused)
    assert str(Tariff.objects.get(pk=city_basis.pk).price_per_day) == "310.00"


def test_admin_stale_catalogue_is_refused(client, admin_user, second_admin, catalogue):
    catalogue = TariffCatalogue.objects.get(year=2024)
    first, second = client, client.__class__()
    first_form = loaded_form(login(first, admin_user), admin_url(catalogue))
    second_form = loaded_form(login(second, second_admin), admin_url(catalogue))

    assert first.post(admin_url(catalogue), {**first_form, "source": "KABS takstkatalog 2024, rettet"}).status_code == 302
    refused = second.post(admin_url(catalogue), {**second_form, "source": "KABS 2024"})

    assert refused.status_code == 200
    assert "Kilde: nu »KABS takstkatalog 2024, rettet«" in text(refused)
    assert TariffCatalogue.objects.get(pk=catalogue.pk).source == "KABS takstkatalog 2024, rettet"


def test_the_tariff_loader_still_updates_prices(catalogue, city_basis):
    """The catalogue loader saves through the same versioned save (tariffs/loading.py)."""
    from django.core.management import call_command

    Tariff.objects.filter(pk=city_basis.pk).update(price_per_day="1.00")
    call_command("load_tariffs", verbosity=0)

    stored = Tariff.objects.get(pk=city_basis.pk)
    assert (str(stored.price_per_day), stored.version) == ("302.00", city_basis.version + 1)


# --- plans: the signature is the only change a version ever gets --------------------------------------------


@pytest.fixture
def plan_version(case, counsellor):
    return TreatmentPlan.for_case(case).revise(author=counsellor, goals_short=["Stoffri hverdag"])


def test_a_stale_signature_form_is_refused_with_what_is_stored(client, counsellor, case, plan_version):
    url = f"/sager/{case.pk}/plan/{plan_version.number}/underskrift/"
    first, second = client, client.__class__()
    login(first, counsellor)
    login(second, counsellor)
    first_form = {"signed_on": TODAY.isoformat(), "signed_how": SignatureMethod.PAPER}
    assert first.post(url, first_form).status_code == 302

    refused = second.post(url, {"signed_on": (TODAY - timedelta(days=1)).isoformat(), "signed_how": "digital"})

    assert refused.status_code == 200
    assert "Planen er allerede underskrevet. Gemt nu: Underskrevet på papir, 26. nov. 2026." in text(refused)
    stored = PlanVersion.objects.get(pk=plan_version.pk)
    assert (stored.signed_on, stored.signed_how) == (TODAY, SignatureMethod.PAPER)


# --- the real race, on PostgreSQL -------------------------------------------------------------------------------


PARALLEL = 8


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_of_n_parallel_saves_of_one_loaded_form_exactly_one_wins(postgres, glostrup, caseworker):
    citizen = factories.citizen(glostrup, cpr=CPR, name="Mads Jensen")
    token = tokens(CitizenEditForm(instance=citizen))

    def save(name):
        def call():
            form = CitizenEditForm({"name": name, "address": "", **token}, instance=Citizen.objects.get(pk=citizen.pk))
            return form.is_valid() and form.save_unless_stale(history_user=caseworker)

        return call

    names = [f"Navn {number}" for number in range(PARALLEL)]
    outcomes = run_at_once(*[save(name) for name in names])

    assert outcomes.count(True) == 1, outcomes
    assert outcomes.count(False) == PARALLEL - 1, outcomes
    stored = Citizen.objects.get(pk=citizen.pk)
    assert stored.name == names[outcomes.index(True)]
    assert stored.version == 2
    assert stored.history.filter(history_type="~").count() == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_of_n_parallel_model_saves_exactly_one_wins_and_the_rest_raise(postgres, glostrup):
    citizen = factories.citizen(glostrup, cpr=CPR, name="Mads Jensen")

    def save(name):
        copy = Citizen.objects.get(pk=citizen.pk)  # every copy loaded before anyone saves

        def call():
            copy.name = name
            copy.save()
            return name

        return call

    outcomes = run_at_once(*[save(f"Navn {number}") for number in range(PARALLEL)])

    winners = [outcome for outcome in outcomes if isinstance(outcome, str)]
    assert len(winners) == 1, outcomes
    assert all(isinstance(outcome, StaleEdit) for outcome in outcomes if outcome not in winners), outcomes
    assert Citizen.objects.get(pk=citizen.pk).name == winners[0]


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_of_n_parallel_signatures_exactly_one_is_recorded(postgres, glostrup, caseworker, counsellor, city):
    citizen = factories.citizen(glostrup, cpr=CPR)
    case = factories.case(citizen, caseworker, unit=city)
    version = TreatmentPlan.for_case(case).revise(author=counsellor, goals_short=["Stoffri hverdag"])
    methods = [SignatureMethod.PAPER, SignatureMethod.DIGITAL, SignatureMethod.ORAL] * 2

    def sign(how):
        copy = PlanVersion.objects.get(pk=version.pk)  # every signature form loaded before anyone signs

        def call():
            copy.sign(on=version.created_at.date(), how=how)
            return how

        return call

    outcomes = run_at_once(*[sign(how) for how in methods])

    winners = [outcome for outcome in outcomes if not isinstance(outcome, Exception)]
    assert len(winners) == 1, outcomes
    assert all(isinstance(outcome, ValidationError) for outcome in outcomes if outcome not in winners), outcomes
    assert PlanVersion.objects.get(pk=version.pk).signed_how == winners[0]


def test_the_snapshot_in_the_admin_page_does_not_carry_the_cpr(client, admin_user, citizen):
    """The hidden snapshot of what the user saw is signed, not encrypted: the CPR is kept only masked."""
    from django.core import signing

    for url in (admin_url(citizen), f"/borgere/{citizen.pk}/ret/"):
        form = loaded_form(login(client, admin_user), url)
        snapshot = signing.Signer(salt="cases.concurrency.loaded-values").unsign_object(form["loaded_values"])
        assert CPR not in str(snapshot)
        assert "010190" not in str(snapshot).replace("010190-xxxx", "")


def test_saving_a_catalogue_leaves_the_tariff_rows_nobody_touched_alone(client, admin_user, city_basis):
    catalogue = TariffCatalogue.objects.get(year=2024)
    versions = dict(Tariff.objects.filter(catalogue=catalogue).values_list("pk", "version"))
    form = loaded_form(login(client, admin_user), admin_url(catalogue))

    assert client.post(admin_url(catalogue), {**form, "source": "Rettet kilde"}).status_code == 302

    assert dict(Tariff.objects.filter(catalogue=catalogue).values_list("pk", "version")) == versions
    assert TariffCatalogue.objects.get(pk=catalogue.pk).source == "Rettet kilde"


def test_adding_a_letter_text_in_the_admin_needs_no_version(client, admin_user, guidance):
    guidance.delete()
    form = loaded_form(login(client, admin_user), "/admin/visitation/lettertext/add/")

    response = client.post("/admin/visitation/lettertext/add/", {
        **form, "key": LetterTextKey.COMPLAINT_GUIDANCE, "legal_basis": "SEL_101",
        "title": "Klagevejledning", "body": "Klag til {kommune} senest {klagefrist}.",
    })

    assert response.status_code == 302
    assert LetterText.objects.get(key=LetterTextKey.COMPLAINT_GUIDANCE, legal_basis="SEL_101").version == 1


def test_a_copy_made_by_clearing_the_pk_is_inserted(citizen):
    copy = Citizen.objects.get(pk=citizen.pk)
    copy.pk, copy.cpr = None, "0202801234"

    copy.save()

    assert Citizen.objects.count() == 2
