package console

import "github.com/shinan-alliance/alliance/hub"

// Action is what a route does, as the policy table knows it.
type Action string

// Actions. Every route of the console names one (see routes).
const (
	ActDashboard    Action = "dashboard"         // what needs someone today
	ActContent      Action = "content.edit"      // posts, the account card, phone numbers, places
	ActPack         Action = "content.pack"      // upload a content pack
	ActSuggestView  Action = "suggestions.view"  // the inbox, a suggestion, statistics, CSV
	ActSuggestEdit  Action = "suggestions.edit"  // reply, status, transfer, duplicate
	ActSuggestPhone Action = "suggestions.phone" // reveal the call-back number left with a suggestion
	ActTemplates    Action = "templates.edit"    // reply templates
	ActCallbacks    Action = "callbacks"         // the queue, revealing a number, marking a call
	ActEvents       Action = "events.edit"       // create, edit, close, cancel, capacity
	ActRoster       Action = "roster"            // names and phones, cancel, no-show, check-in, CSV
	ActKiosksView   Action = "kiosks.view"       // the kiosks table
	ActKiosksEdit   Action = "kiosks.edit"       // enrol, revoke, rename, move
	ActTraining     Action = "training"          // training reports and CSV
	ActUsers        Action = "users"             // add, disable, reset links
	ActAudit        Action = "audit"             // the audit log
	ActBackup       Action = "backup"            // download a copy of the hub's database
	ActSelf         Action = "self"              // one's own password, logging out, images in previews
)

// Scope is how far a role may do an action.
type Scope int

// Scopes.
const (
	None Scope = iota // never
	Own               // in the user's own community only
	All               // in every community, and district-wide
)

// Policy is the console's one policy table: action × role → scope. Every
// route names an action and the communities it touches; the console
// refuses (403, and a line in the audit log) unless the user's role has
// the action in scope for each of them. The policy test walks every route
// × every role × own and other community against this table.
var Policy = map[Action]map[hub.Role]Scope{
	ActDashboard:    {hub.RoleOperator: All, hub.RoleEditor: All, hub.RoleStaff: Own, hub.RoleTrainer: Own},
	ActContent:      {hub.RoleOperator: All, hub.RoleEditor: All, hub.RoleStaff: Own},
	ActPack:         {hub.RoleOperator: All, hub.RoleEditor: All},
	ActSuggestView:  {hub.RoleOperator: All, hub.RoleEditor: All, hub.RoleStaff: Own},
	ActSuggestEdit:  {hub.RoleOperator: All, hub.RoleStaff: Own},
	ActSuggestPhone: {hub.RoleOperator: All, hub.RoleStaff: Own},
	ActTemplates:    {hub.RoleOperator: All, hub.RoleStaff: Own},
	ActCallbacks:    {hub.RoleOperator: All, hub.RoleStaff: Own},
	ActEvents:       {hub.RoleOperator: All, hub.RoleEditor: All, hub.RoleStaff: Own},
	ActRoster:       {hub.RoleOperator: All, hub.RoleStaff: Own},
	ActKiosksView:   {hub.RoleOperator: All, hub.RoleStaff: Own},
	ActKiosksEdit:   {hub.RoleOperator: All},
	ActTraining:     {hub.RoleOperator: All, hub.RoleStaff: Own, hub.RoleTrainer: Own},
	ActUsers:        {hub.RoleOperator: All},
	ActAudit:        {hub.RoleOperator: All},
	ActBackup:       {hub.RoleOperator: All},
	ActSelf:         {hub.RoleOperator: All, hub.RoleEditor: All, hub.RoleStaff: All, hub.RoleTrainer: All},
}

// Allowed reports whether u may do a in community ("" is district-wide:
// every community at once, or what belongs to no community).
func Allowed(u hub.User, a Action, community string) bool {
	if u.Disabled {
		return false
	}
	switch Policy[a][u.Role] {
	case All:
		return true
	case Own:
		return community != "" && u.Role.Scoped() && community == u.Community
	}
	return false
}

// Can reports whether u may do a anywhere at all: for the menu.
func Can(u hub.User, a Action) bool { return Policy[a][u.Role] != None && !u.Disabled }
