-- The trainers' PIN: it opens the class tools only, never the staff panel.
-- Set by staff; wrong attempts count toward the staff PIN's lockout (one
-- counter, in staff_pin), so two PINs give no extra guesses.
CREATE TABLE trainer_pin (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    hash TEXT NOT NULL
) STRICT;
