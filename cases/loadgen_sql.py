"""The statements `generate_load` runs, in order: (label, table counted, SQL with %(name)s parameters).

Conventions (cases/loadgen.py sets them up): `pg_temp.r(n, salt)` is a deterministic number in [0, 1);
`load_municipality` and `load_unit_tariff` are small lookup tables; `%(citizen0)s`, `%(case0)s`, … are
the largest ids before the load, so citizen j is `citizen0 + j`, case i is `case0 + i`, and the case's
assessment, recommendation, decision, plan and plan version are `assessment0 + i` and so on.

A case's course is described by its `stage`: 0 inquiry, 1 assessed, 2 recommended, 3 decided,
4 treatment started, 5 discharged; `refused` says the decision was a refusal (which stops at 3).
"""

CITIZENS = """
CREATE TEMP TABLE load_citizen ON COMMIT DROP AS
SELECT s.j, %(citizen0)s + s.j AS id, m.id AS municipality_id, s.birth,
       s.anonymous OR EXISTS (SELECT 1 FROM cases_citizen x WHERE x.municipality_id = m.id AND x.cpr = s.cpr)
           AS anonymous,
       s.cpr, s.name, s.address, s.created
FROM (
    SELECT j, birth,
           CASE WHEN pg_temp.r(j, 10) < %(demo_share)s THEN floor(pg_temp.r(j, 11) * %(n_demo)s)::int
                ELSE %(n_demo)s + floor(pg_temp.r(j, 11) * %(n_generated)s)::int END AS mn,
           pg_temp.r(j, 12) < %(anonymous_share)s AS anonymous,
           -- Birth dates 1950-01-01 … 1997-11-28 (adults at every inquiry), 17,500 days; the k-th citizen
           -- born on a day gets century digit k mod 4 (0-3: born 1900-1999) and a serial unique for that
           -- day: a valid CPR number (no modulus 11 since 2007), unique across the whole country.
           to_char(birth, 'DDMMYY') || ((k %% 4))::text || lpad((((k / 4) + day * 37) %% 1000)::text, 3, '0')
               AS cpr,
           (%(first_names)s::text[])[1 + floor(pg_temp.r(j, 13) * cardinality(%(first_names)s::text[]))::int]
           || CASE WHEN pg_temp.r(j, 14) < 0.3
                   THEN ' ' || (%(first_names)s::text[])[1 + (j %% cardinality(%(first_names)s::text[]))::int]
                   ELSE '' END
           || ' ' || (%(last_names)s::text[])[1 + floor(pg_temp.r(j, 15) * cardinality(%(last_names)s::text[]))::int]
               AS name,
           (%(streets)s::text[])[1 + (j %% cardinality(%(streets)s::text[]))::int] || ' ' || (1 + j %% 150)
           || E'\\n' || %(marker)s AS address,
           (%(today)s::date - 3650 + floor(pg_temp.r(j, 16) * 3600)::int) + time '09:00' AS created
    FROM (SELECT j, (j - 1) %% 17500 AS day, (j - 1) / 17500 AS k, DATE '1950-01-01' + ((j - 1) %% 17500) AS birth
          FROM generate_series(1, %(citizens)s) AS j) AS g
) AS s
JOIN load_municipality m ON m.n = s.mn
"""

INSERT_CITIZENS = """
INSERT INTO cases_citizen (id, cpr, birth_date, name, address, anonymous, created_at, modified, municipality_id,
                           version)
SELECT id, CASE WHEN anonymous THEN NULL ELSE cpr END, CASE WHEN anonymous THEN NULL ELSE birth END,
       CASE WHEN anonymous THEN 'Anonym ' || lpad(j::text, 7, '0') ELSE name END,
       address, anonymous, created, created, municipality_id, 1
FROM load_citizen ORDER BY j
"""

CASES = """
CREATE TEMP TABLE load_case ON COMMIT DROP AS
WITH base AS (
    SELECT i, j, st, (%(state_names)s::text[])[st] AS state, x, x2, wait, stay, alcohol, unit_pick, channel,
           readmission, tariff_pick
    FROM (
        SELECT i,
               CASE WHEN i <= %(citizens)s THEN i ELSE 1 + floor(pg_temp.r(i, 20) * %(citizens)s)::int END AS j,
               width_bucket(pg_temp.r(i, 21), %(state_limits)s::float8[]) + 1 AS st,
               pg_temp.r(i, 22) AS x, pg_temp.r(i, 23) AS x2,
               2 + floor(pg_temp.r(i, 24) * 18)::int AS wait,
               60 + floor(pg_temp.r(i, 25) * 340)::int AS stay,
               pg_temp.r(i, 26) < 0.2 AS alcohol,
               pg_temp.r(i, 27) AS unit_pick,
               CASE WHEN pg_temp.r(i, 28) < 0.5 THEN 'phone' WHEN pg_temp.r(i, 28) < 0.8 THEN 'in_person'
                    ELSE 'referral' END AS channel,
               i > %(citizens)s AND pg_temp.r(i, 29) < 0.5 AS readmission,
               pg_temp.r(i, 30) AS tariff_pick
        FROM generate_series(1, %(cases)s) AS i
    ) AS g
),
staged AS (
    SELECT b.*,
           CASE b.state WHEN 'inquiry' THEN 0 WHEN 'assessment' THEN 1 WHEN 'recommended' THEN 2
                WHEN 'granted' THEN 3 WHEN 'refused' THEN 3 WHEN 'in_treatment' THEN 4 WHEN 'discharged' THEN 5
                WHEN 'withdrawn' THEN (b.x2 < 0.5)::int
                ELSE CASE WHEN b.x2 < 0.1 THEN 3 ELSE 5 END END AS stage,
           b.state = 'refused' OR (b.state = 'closed' AND b.x2 < 0.1) AS refused,
           %(today)s::date - CASE b.state
               WHEN 'inquiry' THEN floor(b.x * 10)::int
               WHEN 'assessment' THEN 1 + floor(b.x * 20)::int
               WHEN 'recommended' THEN 3 + floor(b.x * 20)::int
               WHEN 'granted' THEN 5 + floor(b.x * 8)::int
               WHEN 'refused' THEN 30 + floor(b.x * 170)::int
               WHEN 'in_treatment' THEN b.wait + floor(b.x * 365)::int
               WHEN 'discharged' THEN 1 + floor(b.x * 180)::int + b.stay + b.wait
               WHEN 'withdrawn' THEN 20 + floor(b.x * 3600)::int
               -- closed: discharged (with both follow-ups behind it) or refused, 20 months to ten years ago
               ELSE 610 + floor(b.x * 3030)::int END AS inquiry
    FROM base b
),
placed AS (
    SELECT s.*, c.id AS citizen_id, c.municipality_id, c.anonymous, m.prefix, m.caseworker, m.approver,
           CASE WHEN s.alcohol AND NOT c.anonymous THEN 'alcohol' ELSE 'drugs' END AS substance,
           CASE WHEN s.state = 'inquiry' AND s.x2 < 0.5 THEN NULL
                WHEN c.anonymous THEN %(city_unit)s::bigint
                WHEN s.alcohol THEN %(alcohol_unit)s::bigint
                ELSE (%(drug_units)s::bigint[])[width_bucket(s.unit_pick, %(drug_limits)s::float8[]) + 1] END
               AS unit_id,
           CASE WHEN s.stage >= 4 THEN s.inquiry + s.wait END AS treatment_start,
           CASE WHEN s.stage = 5 THEN s.inquiry + s.wait + s.stay END AS discharge,
           CASE WHEN s.stage >= 3 THEN LEAST(s.inquiry + LEAST(s.wait - 1, 10), %(today)s::date) END AS decided
    FROM staged s
    JOIN load_citizen c ON c.j = s.j
    JOIN load_municipality m ON m.id = c.municipality_id
)
SELECT p.*, %(case0)s + p.i AS id,
       CASE WHEN p.stage >= 3 THEN GREATEST(p.inquiry, p.decided - 1)
            WHEN p.stage = 2 THEN LEAST(p.inquiry + 2, %(today)s::date) END AS recommended_on,
       CASE p.state WHEN 'inquiry' THEN p.inquiry WHEN 'assessment' THEN p.inquiry
            WHEN 'recommended' THEN LEAST(p.inquiry + 2, %(today)s::date)
            WHEN 'granted' THEN p.decided WHEN 'refused' THEN p.decided
            WHEN 'in_treatment' THEN p.treatment_start WHEN 'discharged' THEN p.discharge
            WHEN 'withdrawn' THEN LEAST(p.inquiry + 5, %(today)s::date)
            ELSE LEAST(COALESCE(p.discharge, p.decided) + 200, %(today)s::date) END AS last_day,
       t.tariff_id, t.counsellor,
       EXTRACT(YEAR FROM p.inquiry)::int AS year,
       COALESCE(counter.last_number, 0)
       + row_number() OVER (PARTITION BY p.municipality_id, EXTRACT(YEAR FROM p.inquiry) ORDER BY p.inquiry, p.i)
           AS number
FROM placed p
LEFT JOIN load_unit_tariff t ON t.unit_id = p.unit_id AND t.n = floor(p.tariff_pick * t.cnt)::int
LEFT JOIN cases_casereferencecounter counter
       ON counter.municipality_id = p.municipality_id AND counter.year = EXTRACT(YEAR FROM p.inquiry)
"""

COUNTERS = """
INSERT INTO cases_casereferencecounter (municipality_id, year, last_number)
SELECT municipality_id, year, MAX(number) FROM load_case GROUP BY municipality_id, year
ON CONFLICT (municipality_id, year) DO UPDATE SET last_number = EXCLUDED.last_number
"""

INSERT_CASES = """
INSERT INTO cases_case (id, reference, substance, inquiry_date, channel, summary, state, treatment_start,
    discharge_date, discharge_reason, created_at, modified, created_by_id, citizen_id, municipality_id, unit_id,
    awaiting_decision, free_choice_provider, guarantee_exceed_reason, recommended_by_id, withdrawal_reason,
    closure_reason, readmission)
SELECT id, prefix || '-' || year || '-' || lpad(number::text, 6, '0'), substance, inquiry, channel,
       CASE WHEN substance = 'alcohol' THEN 'Ønsker hjælp til at stoppe med at drikke.'
            ELSE 'Ønsker hjælp til at stoppe sit forbrug af stoffer.' END,
       state, treatment_start, discharge,
       CASE WHEN discharge IS NOT NULL THEN (%(reasons)s::text[])[1 + i %% cardinality(%(reasons)s::text[])]
            ELSE '' END,
       inquiry + time '09:00', last_day + time '15:00', caseworker, citizen_id, municipality_id, unit_id,
       state = 'recommended', '',
       CASE WHEN stage >= 4 AND wait > 14 AND NOT anonymous THEN 'Der var ventetid hos leverandøren.' ELSE '' END,
       CASE WHEN stage >= 2 THEN counsellor END,
       CASE WHEN state = 'withdrawn' THEN 'Borgeren ønsker ikke behandling alligevel.' ELSE '' END,
       CASE WHEN state = 'closed' THEN 'Forløbet er afsluttet, og der er ikke flere opgaver på sagen.'
            ELSE '' END,
       readmission
FROM load_case ORDER BY i
"""

HISTORY_CREATED = """
INSERT INTO cases_historicalcase (id, reference, substance, inquiry_date, channel, summary, state, treatment_start,
    discharge_date, discharge_reason, created_at, history_date, history_change_reason, history_type, citizen_id,
    created_by_id, history_user_id, municipality_id, unit_id, awaiting_decision, free_choice_provider,
    guarantee_exceed_reason, recommended_by_id, closure_reason, readmission, withdrawal_reason)
SELECT c.id, c.reference, c.substance, c.inquiry_date, c.channel, c.summary, 'inquiry', NULL, NULL, '',
       c.created_at, c.created_at, 'register_inquiry', '+', c.citizen_id, c.created_by_id, c.created_by_id,
       c.municipality_id, c.unit_id, false, '', '', NULL, '', c.readmission, ''
FROM cases_case c WHERE c.id > %(case0)s ORDER BY c.id
"""

HISTORY_LATEST = """
INSERT INTO cases_historicalcase (id, reference, substance, inquiry_date, channel, summary, state, treatment_start,
    discharge_date, discharge_reason, created_at, history_date, history_change_reason, history_type, citizen_id,
    created_by_id, history_user_id, municipality_id, unit_id, awaiting_decision, free_choice_provider,
    guarantee_exceed_reason, recommended_by_id, closure_reason, readmission, withdrawal_reason)
SELECT c.id, c.reference, c.substance, c.inquiry_date, c.channel, c.summary, c.state, c.treatment_start,
       c.discharge_date, c.discharge_reason, c.created_at, c.modified, (%(transitions)s::text[])[l.st], '~',
       c.citizen_id, c.created_by_id,
       CASE WHEN c.state IN ('granted', 'refused') THEN l.approver
            WHEN c.state IN ('withdrawn', 'closed') THEN l.caseworker ELSE l.counsellor END,
       c.municipality_id, c.unit_id, c.awaiting_decision, c.free_choice_provider, c.guarantee_exceed_reason,
       c.recommended_by_id, c.closure_reason, c.readmission, c.withdrawal_reason
FROM cases_case c JOIN load_case l ON l.id = c.id
WHERE c.state <> 'inquiry' ORDER BY c.id
"""

HISTORY_CITIZENS = """
INSERT INTO cases_historicalcitizen (id, cpr, birth_date, name, address, anonymous, created_at, history_date,
    history_change_reason, history_type, history_user_id, municipality_id)
SELECT id, cpr, birth_date, name, address, anonymous, created_at, created_at, NULL, '+', NULL, municipality_id
FROM cases_citizen WHERE id > %(citizen0)s ORDER BY id
"""

GUARANTEES = """
INSERT INTO cases_deadline (kind, due_date, status, resolved_on, note, created_at, case_id, municipality_id)
SELECT 'treatment_guarantee', inquiry + 14,
       CASE WHEN stage >= 4 AND wait <= 14 THEN 'met' WHEN stage >= 4 THEN 'missed'
            WHEN refused OR state IN ('withdrawn', 'closed') THEN 'cancelled' ELSE 'open' END,
       CASE WHEN stage >= 4 THEN treatment_start
            WHEN refused OR state IN ('withdrawn', 'closed') THEN COALESCE(decided, last_day) END,
       CASE WHEN refused THEN 'Afslag – garantien bortfalder.'
            WHEN state = 'withdrawn' THEN 'Henvendelsen er trukket tilbage – garantien bortfalder.'
            ELSE '' END,
       inquiry + time '09:00', id, municipality_id
FROM load_case WHERE NOT anonymous ORDER BY i
"""

COMPLAINT_DEADLINES = """
INSERT INTO cases_deadline (kind, due_date, status, resolved_on, note, created_at, case_id, municipality_id)
SELECT 'complaint', decided + 28,
       CASE WHEN decided + 28 < %(today)s::date THEN 'met' ELSE 'open' END,
       CASE WHEN decided + 28 < %(today)s::date THEN decided + 28 END, '', decided + time '13:00', id, municipality_id
FROM load_case WHERE stage >= 3 ORDER BY i
"""

PERIOD_END_DEADLINES = """
INSERT INTO cases_deadline (kind, due_date, status, resolved_on, note, created_at, case_id, municipality_id)
SELECT 'treatment_period_end', inquiry + wait + 179,
       CASE WHEN stage = 5 THEN 'cancelled' ELSE 'open' END, discharge,
       CASE WHEN stage = 5 THEN 'Behandlingen er afsluttet – fristen bortfalder.' ELSE '' END,
       decided + time '13:00', id, municipality_id
FROM load_case WHERE stage >= 4 AND NOT refused ORDER BY i
"""

FOLLOWUP_DEADLINES = """
INSERT INTO cases_deadline (kind, due_date, status, resolved_on, note, created_at, case_id, municipality_id)
SELECT s.kind, c.discharge + s.days,
       CASE WHEN c.discharge + s.days >= %(today)s::date THEN 'open' ELSE 'met' END,
       CASE WHEN c.discharge + s.days < %(today)s::date THEN c.discharge + s.days - 1 END,
       '', c.discharge + time '15:00', c.id, c.municipality_id
FROM load_case c CROSS JOIN (VALUES ('followup_1m', 30), ('followup_6m', 182)) AS s (kind, days)
WHERE c.stage = 5 ORDER BY c.i, s.days
"""

# The cases' copies of their open guarantee and period end (deadline.CASE_COPIES), which the ORM keeps as the
# deadlines change; here set-based, once the deadlines are written.
CASE_COPIES = """
UPDATE cases_case c SET open_guarantee_due = g.guarantee, open_period_end = g.period_end
FROM (SELECT case_id,
             MIN(due_date) FILTER (WHERE kind = 'treatment_guarantee') AS guarantee,
             MIN(due_date) FILTER (WHERE kind = 'treatment_period_end') AS period_end
      FROM cases_deadline
      WHERE kind IN ('treatment_guarantee', 'treatment_period_end') AND status = 'open' AND case_id > %(case0)s
      GROUP BY case_id) g
WHERE c.id = g.case_id
"""

ASSESSMENTS = """
INSERT INTO visitation_assessment (id, start_date, end_date, primary_substance, psychiatric, dual_diagnosis,
    recent_kabs_treatment, instrument, instrument_version, note, created_at, case_id, created_by_id, unit_id)
SELECT %(assessment0)s + i, inquiry, inquiry + 28,
       CASE WHEN substance = 'alcohol' THEN 'alcohol'
            ELSE (ARRAY['cannabis', 'stimulants', 'opioids', 'ghb', 'mixed'])[1 + i %% 5] END,
       i %% 7 = 0, i %% 11 = 0, readmission, 'MapPlan', '2024', '', inquiry + time '10:00', id, counsellor, unit_id
FROM load_case WHERE stage >= 1 ORDER BY i
"""

RATINGS = """
INSERT INTO visitation_rating (area, level, assessment_id)
SELECT a.area, (%(levels)s::text[])[1 + floor(pg_temp.r(c.i * 8 + a.k, 40) * cardinality(%(levels)s::text[]))::int],
       %(assessment0)s + c.i
FROM load_case c CROSS JOIN unnest(%(areas)s::text[]) WITH ORDINALITY AS a (area, k)
WHERE c.stage >= 1 ORDER BY c.i, a.k
"""

RECOMMENDATIONS = """
INSERT INTO visitation_recommendation (id, start_date, end_date, justification, deviation_reason, is_change,
    status, created_at, assessment_id, case_id, plan_version_id, proposed_tariff_id, recommended_by_id, tariff_id,
    unit_id)
SELECT %(recommendation0)s + i, inquiry + wait, inquiry + wait + 179,
       'Afdækningen viser et behov, der svarer til taksten.', '', false,
       CASE WHEN stage = 2 THEN 'pending' ELSE 'decided' END, recommended_on + time '11:00',
       %(assessment0)s + i, id, NULL, tariff_id, counsellor, tariff_id, unit_id
FROM load_case WHERE stage >= 2 ORDER BY i
"""

DECISIONS = """
INSERT INTO visitation_decision (id, outcome, start_date, end_date, effective_end_date, facts, reasons,
    considerations, sent_via, sent_date, received_date, complaint_deadline, decided_at, case_id, decided_by_id,
    tariff_id, recommendation_id)
SELECT %(decision0)s + i, CASE WHEN refused THEN 'refused' ELSE 'granted' END,
       CASE WHEN NOT refused THEN inquiry + wait END, CASE WHEN NOT refused THEN inquiry + wait + 179 END,
       CASE WHEN NOT refused THEN LEAST(inquiry + wait + 179, COALESCE(discharge, inquiry + wait + 179)) END,
       'Du har henvendt dig om behandling for dit forbrug. KABS har afdækket dine forhold og indstillet en takst.',
       CASE WHEN refused THEN 'Afdækningen viser ikke et behov for behandling efter serviceloven § 101.'
            ELSE 'Du har et behov for behandling, som taksten dækker, jf. serviceloven § 101.' END,
       'Vi har lagt vægt på afdækningen og på dine egne ønsker til behandlingen.',
       'digital_post', decided, decided, decided + 28, decided + time '13:00', id, approver, tariff_id,
       %(recommendation0)s + i
FROM load_case WHERE stage >= 3 ORDER BY i
"""

PLANS = """
INSERT INTO plans_treatmentplan (id, created_at, case_id)
SELECT %(plan0)s + i, treatment_start + time '10:00', id FROM load_case WHERE stage >= 4 ORDER BY i
"""

PLAN_VERSIONS = """
INSERT INTO plans_planversion (id, number, goals_short, goals_long, services, expected_weeks, intensity,
    collaborators, signed_on, signed_how, created_at, created_by_id, plan_id)
SELECT %(planversion0)s + i, 1, '["Stabilisere forbruget", "Fast kontakt til behandleren"]'::jsonb,
       '["Et liv uden rusmidler"]'::jsonb, '[]'::jsonb, 26, '', '', treatment_start, 'paper',
       treatment_start + time '10:00', counsellor, %(plan0)s + i
FROM load_case WHERE stage >= 4 ORDER BY i
"""

FOLLOWUPS = """
INSERT INTO followups_followup (case_id, slot, due_date, status, held_on, situation, goal_holds, conclusion,
    created_at, recorded_by_id)
SELECT c.id, s.slot, c.discharge + s.days,
       CASE WHEN c.discharge + s.days >= %(today)s::date THEN 'pending'
            WHEN c.i %% 5 = 0 THEN 'unreachable' ELSE 'done' END,
       CASE WHEN c.discharge + s.days < %(today)s::date AND c.i %% 5 <> 0 THEN c.discharge + s.days - 1 END,
       CASE WHEN c.discharge + s.days < %(today)s::date AND c.i %% 5 <> 0
            THEN (ARRAY['drug_free', 'reduced', 'stabilised', 'unchanged', 'relapse'])[1 + c.i %% 5] ELSE '' END,
       CASE WHEN c.discharge + s.days < %(today)s::date AND c.i %% 5 <> 0 THEN c.i %% 3 <> 0 END,
       '', c.discharge + time '15:00',
       CASE WHEN c.discharge + s.days < %(today)s::date THEN c.counsellor END
FROM load_case c CROSS JOIN (VALUES ('followup_1m', 30), ('followup_6m', 182)) AS s (slot, days)
WHERE c.stage = 5 ORDER BY c.i, s.days
"""

COMPLAINTS = """
INSERT INTO complaints_complaint (case_id, decision_id, received_date, channel, oral_note, about, text, route,
    in_time, complaint_deadline, late_reason, registered_by_id, registered_at, state, reconsideration_outcome,
    reconsidered_on, reconsideration_note, appeal_outcome)
SELECT id, %(decision0)s + i, decided + 10, 'written', '', 'decision', 'Jeg er uenig i afgørelsen.',
       'ankestyrelsen', i %% 7 <> 0, decided + 28, '', approver, decided + 10 + time '10:00',
       CASE WHEN decided + 20 > %(today)s::date THEN 'registered'
            WHEN i %% 2 = 0 THEN 'forwarded' ELSE 'reconsidered' END,
       CASE WHEN decided + 20 > %(today)s::date THEN '' WHEN i %% 2 = 0 THEN 'upheld' ELSE 'changed' END,
       CASE WHEN decided + 20 <= %(today)s::date THEN decided + 20 END,
       CASE WHEN decided + 20 <= %(today)s::date THEN 'Afgørelsen er genvurderet.' ELSE '' END, ''
FROM load_case WHERE stage >= 3 AND i %% %(complaint_every)s = 0 ORDER BY i
"""

ACCESS_LOG = """
INSERT INTO cases_accesslog (at, action, purpose, via, detail, case_id, citizen_id, user_id)
SELECT (c.inquiry + floor(pg_temp.r(c.i * 16 + g, 50) * (c.last_day - c.inquiry + 1))::int) + time '08:00'
       + make_interval(secs => floor(pg_temp.r(c.i * 16 + g, 51) * 28800)),
       (ARRAY['case_page', 'citizen_page', 'list'])[1 + g %% 3], 'case_work', 'ui', '', c.id, c.citizen_id,
       CASE WHEN g %% 2 = 1 THEN c.caseworker ELSE COALESCE(c.counsellor, c.approver) END
FROM load_case c CROSS JOIN generate_series(1, %(access_per_case)s) AS g
ORDER BY 1
"""

STEPS = [
    ("borgere: beregn", None, CITIZENS),
    ("borgere", "cases_citizen", INSERT_CITIZENS),
    ("sager: beregn", None, CASES),
    ("sagsnummertællere", "cases_casereferencecounter", COUNTERS),
    ("sager", "cases_case", INSERT_CASES),
    ("sagshistorik: oprettet", "cases_historicalcase", HISTORY_CREATED),
    ("sagshistorik: seneste skridt", "cases_historicalcase", HISTORY_LATEST),
    ("borgerhistorik", "cases_historicalcitizen", HISTORY_CITIZENS),
    ("frister: behandlingsgaranti", "cases_deadline", GUARANTEES),
    ("frister: klagefrist", "cases_deadline", COMPLAINT_DEADLINES),
    ("frister: bevillingsperiodens udløb", "cases_deadline", PERIOD_END_DEADLINES),
    ("frister: opfølgning", "cases_deadline", FOLLOWUP_DEADLINES),
    ("sager: åbne fristers datoer", None, CASE_COPIES),
    ("afdækninger", "visitation_assessment", ASSESSMENTS),
    ("vurderinger", "visitation_rating", RATINGS),
    ("indstillinger", "visitation_recommendation", RECOMMENDATIONS),
    ("afgørelser", "visitation_decision", DECISIONS),
    ("behandlingsplaner", "plans_treatmentplan", PLANS),
    ("planversioner", "plans_planversion", PLAN_VERSIONS),
    ("opfølgninger", "followups_followup", FOLLOWUPS),
    ("klager", "complaints_complaint", COMPLAINTS),
    ("adgangslog", "cases_accesslog", ACCESS_LOG),
]
