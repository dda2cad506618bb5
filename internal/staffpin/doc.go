// Package staffpin is the kiosk's PIN policy: the staff PIN that opens the
// staff panel (and from it everything), the trainers' PIN that opens the
// class tools only, bcrypt hashes of both, and one lockout for wrong
// guesses at either, kept in the kiosk's database so that a restart does
// not reset it.
//
// The first three wrong PINs cost nothing; the fourth locks for 30
// seconds, and each after it twice as long as the last, up to an hour. No
// lockout ever ends more than an hour from now, whatever the clock said
// when it was taken. The PIN generated at the first start must be changed
// at first use.
//
// The screens (package ui) ask for PINs and call this package; store
// keeps the hashes and the lockout.
package staffpin
