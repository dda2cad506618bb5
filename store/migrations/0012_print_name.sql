-- The name a learner chose to have printed on her certificate (surname
-- and given name), '' for the name she goes by. Optional, and kept on
-- this kiosk: no training record carries it to the hub. Erasing a learner
-- erases her row, and with it this.
ALTER TABLE learners ADD COLUMN print_name TEXT NOT NULL DEFAULT '';
