-- A small fixed network for the report tests, loaded after `vrijetijd init`
-- (partners 1-7, the six grounds and goals 1-9 come from the default config).
-- Every figure the tests expect is computed by hand from these rows; see
-- tests/test_reports_yearly.py for the arithmetic. Today is pinned to 2026-06-15.

INSERT INTO partners (id, name, name_key, kind, contact, active, joined_on, created_at) VALUES
 (8, 'Vzw Oud', 'vzw oud', 'vzw', '', 0, '2019-01-01', '2019-01-01T10:00:00'),
 (9, 'Vzw Weg', 'vzw weg', 'vzw', '', 0, '2019-01-01', '2019-01-01T10:00:00');

INSERT INTO participants (id, first_name, last_name, birth_date, birth_year, postcode, household_size,
                          first_key, last_key, match_key, created_at, anonymized_at) VALUES
 (1, 'Ann', 'Peeters', '1985-03-12', NULL, '3500', 3, 'ann', 'peeters', NULL, '2025-02-10T10:00:00', NULL),
 (2, 'Jan', 'Janssens', NULL, 2010, '3510', 1, 'jan', 'janssens', NULL, '2025-04-01T10:00:00', NULL),
 (3, 'Fatima', 'El Amrani', '1960-07-01', NULL, '3500', 4, 'fatima', 'el amrani', NULL, '2024-07-01T10:00:00', NULL),
 (4, 'Piet', 'Claes', '2000-01-01', NULL, '3511', 1, 'piet', 'claes', NULL, '2025-03-01T10:00:00', NULL),
 (5, 'Lotte', 'Maes', '2015-05-05', NULL, '3500', 2, 'lotte', 'maes', NULL, '2025-06-01T10:00:00', NULL),
 (6, 'Karim', 'Haddad', '1950-02-02', NULL, '3600', 1, 'karim', 'haddad', NULL, '2025-01-20T10:00:00', NULL),
 (7, 'Els', 'Wouters', NULL, NULL, NULL, 2, 'els', 'wouters', NULL, '2024-06-01T10:00:00', NULL),
 (8, 'Anoniem', 'Anoniem', NULL, 1990, '3500', 1, 'anoniem', 'anoniem', NULL, '2024-01-01T10:00:00', '2026-05-01T10:00:00'),
 (9, 'Sara', 'De Smet', '1999-12-31', NULL, '3512', 5, 'sara', 'de smet', NULL, '2023-01-01T10:00:00', NULL),
 (10, 'Noah', 'Willems', '2001-08-08', NULL, '3500', 1, 'noah', 'willems', NULL, '2026-06-01T10:00:00', NULL);

INSERT INTO statuses (id, participant_id, ground_code, valid_from, valid_until, checked_by_partner_id,
                      suspended_on, created_at) VALUES
 (1, 1, 'verhoogde_tegemoetkoming', '2025-01-01', '2025-12-31', 4, NULL, '2025-02-10T10:00:00'),
 (2, 3, 'ocmw', '2024-07-01', '2025-06-30', 4, NULL, '2024-07-01T10:00:00'),
 (3, 4, 'schuldbemiddeling', '2025-03-01', '2026-02-28', 4, NULL, '2025-03-01T10:00:00'),
 (4, 6, 'vluchteling', '2025-05-01', '2026-04-30', 4, '2025-08-01', '2025-05-01T10:00:00'),
 (5, 8, 'ocmw', '2024-01-01', '2024-12-31', 4, NULL, '2024-01-01T10:00:00'),
 (6, 10, 'doorverwijzing', '2026-06-01', '2026-06-30', 5, NULL, '2026-06-01T10:00:00'),
 (7, 9, 'verhoogde_tegemoetkoming', '2023-01-01', '2024-12-31', 4, '2024-06-01', '2023-01-01T10:00:00'),
 (8, 1, 'verhoogde_tegemoetkoming', '2026-01-01', '2026-07-10', 4, NULL, '2026-01-02T10:00:00'),
 (9, 7, 'maatwerkbedrijf', '2024-06-01', '2025-05-31', 4, '2024-10-01', '2024-06-01T10:00:00'),
 (10, 8, 'ocmw', '2026-01-01', '2026-07-01', 4, NULL, '2026-01-01T10:00:00');

INSERT INTO referrals (id, participant_id, partner_id, date, ground_code, domain, state, note,
                       created_at, updated_at) VALUES
 (1, 1, 5, '2025-02-10', 'ocmw', 'cultuur', 'toegeleid', 'Ann Peeters belde zelf', '2025-02-10T10:00:00', '2025-02-10T10:00:00'),
 (2, 2, 4, '2025-04-01', 'ocmw', 'jeugd', 'open', '', '2025-04-01T10:00:00', '2025-04-01T10:00:00'),
 (3, 5, 6, '2025-09-15', NULL, 'sport', 'in_behandeling', '', '2025-09-15T10:00:00', '2025-09-15T10:00:00'),
 (4, 4, 5, '2025-11-30', 'schuldbemiddeling', NULL, 'geweigerd', '', '2025-11-30T10:00:00', '2025-11-30T10:00:00'),
 (5, 6, 8, '2025-01-20', 'vluchteling', NULL, 'afgesloten', '', '2025-01-20T10:00:00', '2025-01-20T10:00:00'),
 (6, 8, 4, '2024-03-03', 'ocmw', NULL, 'toegeleid', '', '2024-03-03T10:00:00', '2024-03-03T10:00:00'),
 (7, 9, 7, '2024-05-05', 'doorverwijzing', NULL, 'toegeleid', '', '2024-05-05T10:00:00', '2024-05-05T10:00:00');

INSERT INTO activities (id, title, domain, price_cents, kansentarief_cents, created_at, updated_at) VALUES
 (1, 'Theater aan de Schouwburg', 'cultuur', 2000, 400, '2024-01-01T10:00:00', '2024-01-01T10:00:00'),
 (2, 'Zwembad Kapermolen', 'sport', 500, 100, '2024-01-01T10:00:00', '2024-01-01T10:00:00'),
 (3, 'Speelpleinwerking zomer', 'jeugd', 3000, 600, '2024-01-01T10:00:00', '2024-01-01T10:00:00'),
 (4, 'Concert Muziekodroom', 'cultuur', 2500, 500, '2024-01-01T10:00:00', '2024-01-01T10:00:00'),
 (5, 'Tentoonstelling Z33', 'cultuur', 1200, 240, '2024-01-01T10:00:00', '2024-01-01T10:00:00');

INSERT INTO vouchers (id, code, participant_id, value_cents, issued_on, valid_until, budget_year,
                      funding_source, state, redeemed_on, expired_on, cancelled_on, created_at) VALUES
 (1, 'VB-1', 2, 3000, '2025-04-02', '2026-04-01', 2025, 'trekkingsrecht', 'redeemed', '2025-05-20', NULL, NULL, '2025-04-02T10:00:00'),
 (2, 'VB-2', 7, 2500, '2025-10-01', '2026-09-30', 2025, 'cofinanciering', 'issued', NULL, NULL, NULL, '2025-10-01T10:00:00'),
 (3, 'VB-3', 6, 2000, '2025-02-01', '2025-12-31', 2025, 'trekkingsrecht', 'expired', NULL, '2026-01-01', NULL, '2025-02-01T10:00:00'),
 (4, 'VB-4', 4, 1500, '2025-03-01', '2026-02-28', 2025, 'trekkingsrecht', 'cancelled', NULL, NULL, '2025-03-10', '2025-03-01T10:00:00'),
 (5, 'VB-5', 3, 1000, '2025-01-15', '2026-01-14', 2025, 'trekkingsrecht', 'issued', NULL, NULL, NULL, '2025-01-15T10:00:00'),
 (6, 'VB-6', 8, 2000, '2024-02-02', '2025-02-01', 2024, 'trekkingsrecht', 'expired', NULL, '2025-02-02', NULL, '2024-02-02T10:00:00'),
 (7, 'VB-7', 10, 1000, '2026-06-01', '2027-05-31', 2026, 'trekkingsrecht', 'issued', NULL, NULL, NULL, '2026-06-01T10:00:00');

INSERT INTO participations (id, participant_id, activity_id, date, persons, price_cents,
                            participant_paid_cents, network_paid_cents, paid_via, voucher_id,
                            budget_year, funding_source, created_at) VALUES
 (1, 1, 1, '2025-03-15', 3, 6000, 1200, 4800, 'kansentarief', NULL, 2025, 'trekkingsrecht', '2025-03-15T10:00:00'),
 (2, 1, 2, '2025-07-02', 2, 1000, 200, 800, 'kansentarief', NULL, 2025, 'trekkingsrecht', '2025-07-02T10:00:00'),
 (3, 2, 3, '2025-05-20', 1, 3000, 0, 3000, 'voucher', 1, 2025, 'trekkingsrecht', '2025-05-20T10:00:00'),
 (4, 3, 1, '2025-03-15', 4, 8000, 1600, 6400, 'kansentarief', NULL, 2025, 'cofinanciering', '2025-03-15T10:00:00'),
 (5, 5, 2, '2025-06-01', 2, 1000, 0, 0, 'gratis', NULL, 2025, 'trekkingsrecht', '2025-06-01T10:00:00'),
 (6, 9, 4, '2025-12-20', 1, 2500, 500, 2000, 'kansentarief', NULL, 2025, 'trekkingsrecht', '2025-12-20T10:00:00'),
 (7, 9, 1, '2025-12-28', 5, 10000, 2000, 8000, 'kansentarief', NULL, 2026, 'trekkingsrecht', '2025-12-28T10:00:00'),
 (8, 4, 2, '2026-01-10', 1, 500, 100, 400, 'kansentarief', NULL, 2025, 'ander', '2026-01-10T10:00:00'),
 (9, 8, 5, '2024-04-04', 1, 1200, 240, 960, 'kansentarief', NULL, 2024, 'trekkingsrecht', '2024-04-04T10:00:00'),
 (10, 9, 5, '2024-06-06', 5, 6000, 1200, 4800, 'kansentarief', NULL, 2024, 'trekkingsrecht', '2024-06-06T10:00:00'),
 (11, 6, 4, '2026-02-01', 1, 2500, 500, 2000, 'kansentarief', NULL, 2026, 'trekkingsrecht', '2026-02-01T10:00:00');

INSERT INTO budgets (year, trekkingsrecht_cents, cofinancing_cents, other_cents, updated_at) VALUES
 (2024, 5000, 0, 0, '2024-01-01T10:00:00'),
 (2025, 1944800, 500000, 10000, '2025-01-01T10:00:00');

INSERT INTO expenses (id, year, date, category, amount_cents, description, funding_source, created_at) VALUES
 (1, 2025, '2025-03-01', 'communicatie', 12000, 'Folders', 'trekkingsrecht', '2025-03-01T10:00:00'),
 (2, 2025, '2025-06-15', 'vervoer', 4550, 'Busvervoer', 'cofinanciering', '2025-06-15T10:00:00'),
 (3, 2025, '2025-12-31', 'werking', 1000, 'Koffie', 'trekkingsrecht', '2025-12-31T10:00:00'),
 (4, 2024, '2024-05-05', 'materiaal', 3000, 'Spelmateriaal', 'trekkingsrecht', '2024-05-05T10:00:00');

INSERT INTO meetings (id, date, kind, place, agenda, minutes, poverty_voices, created_at, updated_at) VALUES
 (1, '2025-02-10', 'overleg', 'Stadhuis', 'Jaarplanning', 'Ann Peeters vertelde over de drempels.', 2, '2025-02-10T10:00:00', '2025-02-10T10:00:00'),
 (2, '2025-05-12', 'overleg', 'De Brug', 'Zwembad', '', 0, '2025-05-12T10:00:00', '2025-05-12T10:00:00'),
 (3, '2025-09-08', 'werkgroep', 'Domo', 'Folder', '', 1, '2025-09-08T10:00:00', '2025-09-08T10:00:00'),
 (4, '2025-11-17', 'evaluatie', 'Stadhuis', 'Evaluatie', 'Evaluatie van de acties.', 3, '2025-11-17T10:00:00', '2025-11-17T10:00:00'),
 (5, '2024-03-03', 'overleg', 'Stadhuis', '', '', 1, '2024-03-03T10:00:00', '2024-03-03T10:00:00'),
 (6, '2024-06-06', 'overleg', 'Stadhuis', '', '', 0, '2024-06-06T10:00:00', '2024-06-06T10:00:00'),
 (7, '2026-03-03', 'overleg', 'Stadhuis', '', '', 2, '2026-03-03T10:00:00', '2026-03-03T10:00:00');

INSERT INTO meeting_attendance (meeting_id, partner_id, presence) VALUES
 (1, 1, 'present'), (1, 2, 'present'), (1, 3, 'present'), (1, 4, 'present'), (1, 5, 'present'),
 (1, 6, 'absent'), (1, 7, 'present'),
 (2, 1, 'present'), (2, 2, 'excused'), (2, 3, 'present'), (2, 4, 'present'), (2, 5, 'absent'),
 (2, 6, 'absent'), (2, 7, 'present'),
 (3, 6, 'present'),
 (4, 1, 'present'), (4, 2, 'absent'), (4, 4, 'present'), (4, 5, 'present'), (4, 6, 'absent'),
 (4, 7, 'present'),
 (5, 1, 'present'), (5, 6, 'present');

INSERT INTO meeting_actions (id, meeting_id, text, owner_partner_id, due_date, done_on, created_at) VALUES
 (1, 1, 'Folder aanbod vernieuwen', 1, '2025-04-01', '2025-03-20', '2025-02-10T10:00:00'),
 (2, 2, 'Contact zwembad over kansentarief', 4, '2025-10-01', NULL, '2025-05-12T10:00:00'),
 (3, 4, 'Evaluatieverslag naar de gemeenteraad', 5, '2026-01-31', '2026-02-01', '2025-11-17T10:00:00'),
 (4, 5, 'Oude actie', NULL, '2024-12-01', '2025-01-15', '2024-03-03T10:00:00');

INSERT INTO evaluations (goal_id, year, state, comment, evaluated_at) VALUES
 ((SELECT id FROM goals WHERE code = 'SD1'), 2025, 'lopend', 'Advies over kansentarief gegeven', '2025-12-01T10:00:00'),
 ((SELECT id FROM goals WHERE code = 'OD1.1'), 2025, 'gerealiseerd', '', '2025-12-01T10:00:00'),
 ((SELECT id FROM goals WHERE code = 'A1.1.1'), 2025, 'bijgestuurd', 'Minder vergaderingen, meer terreinbezoeken', '2025-12-01T10:00:00'),
 ((SELECT id FROM goals WHERE code = 'SD2'), 2025, 'lopend', '', '2025-12-01T10:00:00'),
 ((SELECT id FROM goals WHERE code = 'OD2.1'), 2025, 'niet_gestart', '', '2025-12-01T10:00:00'),
 ((SELECT id FROM goals WHERE code = 'A2.1.1'), 2025, 'gerealiseerd', 'Aanbod online', '2025-12-01T10:00:00'),
 ((SELECT id FROM goals WHERE code = 'SD3'), 2025, 'geschrapt', 'Opgenomen in SD2', '2025-12-01T10:00:00'),
 ((SELECT id FROM goals WHERE code = 'SD1'), 2024, 'lopend', '', '2024-12-01T10:00:00');

-- Shared cost (m008): of x5, a free entry recorded with its price, neither the participant nor the
-- network paid anything: the organiser carried it. A database of before m008 is loaded without this
-- block, and the migration backfills the same (tests/test_migrations.py).
UPDATE participations SET organiser_carried_cents = 1000 WHERE id = 5;
