// Package printing prints the kiosk's pages through the system's print
// service, CUPS: the class register, a learner's progress card and her
// certificate.
//
// Pages are pictures (A4 at 150 dots per inch, drawn by package report);
// PDF wraps them into one document, Printer.Print hands it to CUPS with
// `lp` and returns only once CUPS has accepted the job, and
// Printer.Job follows the job until it is printed or has failed, over
// IPP (Get-Job-Attributes), since `lpstat` does not say whether a job
// that left the queue was printed or aborted. Printer.Status says
// whether there is a printer at all and whether it is ready, so a
// screen can say so honestly.
//
// Package printing/cupstest starts a private CUPS scheduler with a PDF
// printer (Debian's printer-driver-cups-pdf) for the tests.
package printing
