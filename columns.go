package alliance

import "strings"

// Column is a news column, stored by a short ASCII id so that packs written
// in Simplified or Traditional script land in the same column.
type Column string

// The columns of the alliance, as the launch report names them.
const (
	ColRelease   Column = "release"   // 市南發布
	ColBroadcast Column = "broadcast" // 市南播報
	ColScenery   Column = "scenery"   // 市南風情
	ColFood      Column = "food"      // 美食搜索
	ColWelfare   Column = "welfare"   // 福利派送
	ColNotice    Column = "notice"    // 通知公告
	ColCommunity Column = "community" // 社區動態
	ColPolicy    Column = "policy"    // 政策解讀
)

// ColumnInfo names a column in each of the kiosk's languages.
type ColumnInfo struct {
	ID          Column
	Name        Text
	DistrictCol bool // a 微市南 column (as opposed to a community's)
}

// Columns lists every column in the order the kiosk shows them.
var Columns = []ColumnInfo{
	{ColRelease, Text{"市南发布", "市南發布", "Shinan Releases"}, true},
	{ColBroadcast, Text{"市南播报", "市南播報", "Shinan News"}, true},
	{ColScenery, Text{"市南风情", "市南風情", "Shinan Scenes"}, true},
	{ColFood, Text{"美食搜索", "美食搜索", "Food Finder"}, true},
	{ColWelfare, Text{"福利派送", "福利派送", "Benefits"}, true},
	{ColPolicy, Text{"政策解读", "政策解讀", "Policy Explained"}, true},
	{ColNotice, Text{"通知公告", "通知公告", "Notices"}, false},
	{ColCommunity, Text{"社区动态", "社區動態", "Community News"}, false},
}

// ParseColumn accepts a column's id or its name in either script.
func ParseColumn(s string) (Column, bool) {
	s = strings.TrimSpace(s)
	for _, c := range Columns {
		if s == string(c.ID) || s == c.Name.Hans || s == c.Name.Hant {
			return c.ID, true
		}
	}
	return "", false
}

// Info returns the column's names; ok is false for an unknown column.
func (c Column) Info() (ColumnInfo, bool) {
	for _, ci := range Columns {
		if ci.ID == c {
			return ci, true
		}
	}
	return ColumnInfo{}, false
}
