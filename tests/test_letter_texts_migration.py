"""The data migration that corrects the decision letters' default texts (issue 8, "Letters right for each legal
basis"): run forwards over rows as 0002_letter_texts left them. Untouched rows get the new text, an
administrator's edits survive, new texts are inserted, and the optimistic-concurrency version moves on."""

import importlib

import pytest
from django.apps import apps

from cases.concurrency import StaleEdit
from tariffs.models import LegalBasis
from visitation import letter_texts
from visitation.models import LetterText

migration = importlib.import_module("visitation.migrations.0004_letters_per_legal_basis")

EDITED = "Vores egen klagevejledning, som en administrator har skrevet."


@pytest.fixture
def old_texts(db):
    """The texts as the old defaults loaded them."""
    LetterText.objects.all().delete()
    for (key, basis), (title, body) in migration.OLD_DEFAULTS.items():
        LetterText.objects.create(key=key, legal_basis_id=basis, title=title, body=body)


def text(key: str, basis: str) -> LetterText:
    return LetterText.objects.get(key=key, legal_basis_id=basis)


def test_untouched_texts_get_the_new_defaults_and_a_new_version(old_texts):
    migration.update_texts(apps, None)

    alcohol = text("complaint_guidance", "SUL_141")
    assert alcohol.body == letter_texts.ALCOHOL_GUIDANCE
    assert "Styrelsen for Patientklager" in alcohol.body and "Patientombuddet" not in alcohol.body
    assert alcohol.version == 2
    anonymous = text("complaint_guidance", "SEL_101A")
    assert (anonymous.title, anonymous.body) == ("Klageadgang", letter_texts.ANONYMOUS_GUIDANCE)
    assert text("legal_basis_reasons", "SEL_101").body == letter_texts.REASONS_SOCIAL
    assert "iværksættes senest 14 dage" not in text("legal_basis_reasons", "SEL_101").body
    assert "kan behandlingsgarantien på {garantifrist} bortfalde" in text("free_choice", "SEL_101").body
    # Unchanged defaults are left alone, version and all.
    assert text("legal_basis_reasons", "SUL_141").version == 1


def test_an_edited_text_survives(old_texts):
    edited = text("complaint_guidance", "SUL_142")
    edited.body = EDITED
    edited.save()
    assert edited.version == 2

    migration.update_texts(apps, None)

    kept = text("complaint_guidance", "SUL_142")
    assert (kept.body, kept.version) == (EDITED, 2)


def test_new_texts_are_inserted_and_the_anonymous_action_plan_goes(old_texts):
    migration.update_texts(apps, None)

    assert text("treatment_guarantee", "SEL_101").body == letter_texts.GUARANTEE_SOCIAL
    assert text("treatment_guarantee", "SUL_141").body == letter_texts.GUARANTEE_ALCOHOL
    assert text("anonymity", "SUL_141").body == letter_texts.ANONYMITY_ALCOHOL
    assert text("free_choice", "SUL_141").body == letter_texts.FREE_CHOICE_ALCOHOL
    assert not LetterText.objects.filter(key="action_plan_offer", legal_basis_id="SEL_101A").exists()
    assert set(LetterText.objects.values_list("key", "legal_basis_id")) == {
        (key, basis) for key, basis, _title, _body in letter_texts.DEFAULTS
    }


def test_running_it_again_changes_nothing(old_texts):
    migration.update_texts(apps, None)
    before = list(LetterText.objects.order_by("pk").values_list("pk", "title", "body", "version"))

    migration.update_texts(apps, None)

    assert list(LetterText.objects.order_by("pk").values_list("pk", "title", "body", "version")) == before


def test_a_copy_loaded_before_the_migration_is_stale_afterwards(old_texts):
    loaded = text("complaint_guidance", "SUL_141")

    migration.update_texts(apps, None)

    loaded.body = "Styrelsen for Patientsikkerhed"
    with pytest.raises(StaleEdit):
        loaded.save()
    assert text("complaint_guidance", "SUL_141").body == letter_texts.ALCOHOL_GUIDANCE


def test_only_section_101_decisions_get_the_ankestyrelsen_complaint_deadline(db):
    appealable = dict(LegalBasis.objects.values_list("code", "appealable"))
    assert appealable == {"SEL_101": True, "SEL_101A": False, "SUL_141": False, "SUL_142": False}

