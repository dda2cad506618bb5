// Package yamlfield reads hand-written YAML records field by field, and
// reports every problem it finds as "file:line: what is wrong", so that an
// editor can fix a whole file in one pass.
//
// Content packs (package pack) use it; the lesson loader (package lessons)
// can use the same Problem, Parse and Fields for lesson.yaml. Every text
// and date it reads follows the domain's rules (alliance.CheckText,
// alliance.CheckTime), so that what a checker accepts, the hub and every
// kiosk accept too.
package yamlfield
