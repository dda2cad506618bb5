-- The phone family a learner uses (huawei, xiaomi, oppo, vivo, iphone; ''
-- while not known), so lessons show her own phone's steps; and the one a
-- trainer picks for a course's class. Both stay on this kiosk: they choose
-- what a screen shows and are no training record, so they are not in the
-- records' JSON and do not travel to the hub. Erasing a learner erases
-- her row, and with it this.
ALTER TABLE learners ADD COLUMN phone_family TEXT NOT NULL DEFAULT '';
ALTER TABLE courses ADD COLUMN phone_family TEXT NOT NULL DEFAULT '';
