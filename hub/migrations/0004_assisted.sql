-- Who assisted (issue 11): staff who filled a suggestion or a call-back
-- request in for a resident at the kiosk, as sign-ups already say
-- (signups.assisted_by). '' when she entered it herself; records from
-- before the field existed had no assisted mode, so there is nothing to
-- fill in from their payloads.
ALTER TABLE suggestions ADD COLUMN assisted_by TEXT NOT NULL DEFAULT '';
ALTER TABLE callbacks ADD COLUMN assisted_by TEXT NOT NULL DEFAULT '';
