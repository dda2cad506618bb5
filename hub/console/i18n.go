package console

import "fmt"

// Lang is the console's language: Simplified Chinese first, English second.
type Lang int

// Languages.
const (
	Zh Lang = iota
	En
)

// Code is the language's BCP 47 code for <html lang>.
func (l Lang) Code() string {
	if l == En {
		return "en"
	}
	return "zh-Hans"
}

// T translates a key; a key without a translation shows as itself (the
// i18n test finds those).
func (l Lang) T(key string) string {
	if m, ok := messages[key]; ok {
		if l == En && m[1] != "" {
			return m[1]
		}
		return m[0]
	}
	return key
}

// Tf translates a key and fills in its %v.
func (l Lang) Tf(key string, args ...any) string { return fmt.Sprintf(l.T(key), args...) }

// Has reports whether a key has a translation.
func (l Lang) Has(key string) bool { _, ok := messages[key]; return ok }

// messages: key → {Simplified Chinese, English}.
var messages = map[string][2]string{
	"app.name": {"市南社区联盟 · 管理后台", "Shinan Alliance Console"}, "app.sub": {"中心服务器", "district hub"},
	"app.menu": {"主菜单", "Main menu"}, "app.skip": {"跳到正文", "Skip to content"},

	"nav.dashboard": {"今日待办", "Today"}, "nav.posts": {"发布内容", "Posts"}, "nav.suggestions": {"征求意见", "Suggestions"},
	"nav.callbacks": {"回电请求", "Call-backs"}, "nav.events": {"活动报名", "Events"}, "nav.directory": {"电话与地点", "Numbers & places"},
	"nav.places": {"地点", "Places"}, "nav.kiosks": {"社区终端", "Kiosks"}, "nav.training": {"手机课堂", "Training"},
	"nav.users": {"用户", "Users"}, "nav.audit": {"操作日志", "Audit log"}, "nav.password": {"修改密码", "Change password"},
	"nav.logout": {"退出登录", "Log out"},

	"title.dashboard": {"今日待办", "What needs someone today"}, "title.posts": {"发布内容", "Posts"}, "title.pack": {"上传内容包", "Upload a content pack"},
	"title.account": {"社区名片", "Account card"}, "title.directory": {"便民电话", "Phone directory"}, "title.places": {"地点", "Places"},
	"title.inbox": {"征求意见", "Suggestions inbox"}, "title.stats": {"意见统计", "Suggestion statistics"}, "title.templates": {"回复模板", "Reply templates"},
	"title.callbacks": {"回电请求", "Call-back requests"}, "title.events": {"活动报名", "Events"}, "title.kiosks": {"社区终端", "Kiosks"},
	"title.training": {"手机课堂报告", "Training reports"}, "title.users": {"用户管理", "Users"}, "title.audit": {"操作日志", "Audit log"},
	"title.login": {"登录", "Log in"}, "title.setup": {"设置密码", "Set your password"}, "title.password": {"修改密码", "Change password"},
	"title.error": {"出错了", "Something is wrong"}, "title.checkin": {"签到", "Check-in"}, "title.roster": {"报名名单", "Roster"},

	"err.title": {"无法完成", "This could not be done"}, "err.home": {"回到首页", "Home"}, "err.back": {"返回上一页", "Back"},
	"err.notfound":    {"找不到这一页或这条记录，可能已被删除。", "This page or record does not exist; it may have been deleted."},
	"err.forbidden":   {"您的账号无权查看或修改这一项。这次尝试已记入操作日志。", "Your account may not see or change this. The attempt is in the audit log."},
	"err.session":     {"登录已过期或已退出，请重新登录。", "Your session has ended; please log in again."},
	"err.internal":    {"服务器出错了，请稍后再试；问题已记录。", "The hub failed; try again shortly. The problem was logged."},
	"err.crossorigin": {"这个请求来自其他网站，已被拒绝。", "This request came from another site and was refused."},

	"login.intro": {"社区工作人员、编辑和管理员登录。", "For community staff, editors and operators."},
	"login.login": {"账号", "Login"}, "login.password": {"密码", "Password"}, "login.submit": {"登录", "Log in"},
	"login.bad":       {"账号或密码不对。", "Wrong login or password."},
	"login.throttled": {"失败次数太多，请过一刻钟再试。", "Too many failed attempts; try again in a quarter of an hour."},
	"setup.title":     {"设置密码", "Set your password"}, "setup.for": {"%v（账号 %v），请为您的账号设置密码。", "%v (login %v), choose your password."},
	"setup.password": {"新密码", "New password"}, "setup.again": {"再输一遍", "Again"}, "setup.submit": {"保存密码", "Save password"},
	"setup.hint":     {"至少10个字符；可以用一句好记的话。", "At least 10 characters; a sentence you remember works well."},
	"setup.mismatch": {"两次输入的密码不一样。", "The two passwords differ."}, "setup.short": {"密码至少要 %v 个字符。", "A password has at least %v characters."},
	"setup.expired": {"这个链接已失效（只能用一次，72小时内有效）。请联系管理员重新发送。", "This link no longer works (it works once, for 72 hours). Ask the operator for a new one."},
	"password.old":  {"现在的密码", "Current password"}, "password.wrong": {"现在的密码不对。", "The current password is wrong."},

	"form.save": {"保存", "Save"}, "form.cancel": {"取消", "Cancel"}, "form.delete": {"删除", "Delete"},
	"f.community": {"社区", "Community"}, "f.all": {"全部", "All"}, "f.apply": {"筛选", "Filter"}, "f.status": {"状态", "Status"},
	"f.category": {"类别", "Category"}, "f.age": {"时间", "Age"}, "f.any": {"不限", "Any"}, "f.olderthan": {"超过%v天", "older than %v days"},
	"f.open": {"待处理", "Open"}, "f.overdue": {"已超期（%v个工作日）", "Overdue (%v working days)"}, "f.count": {"共 %v 条", "%v in all"},
	"f.empty": {"没有记录。", "Nothing here."}, "f.csv": {"导出表格", "Export CSV"}, "f.district": {"全区（不属于某个社区）", "The whole district"},

	"dash.today": {"%v · 需要处理的事", "%v · what needs someone"}, "dash.overdue": {"超期未答复的意见", "Overdue suggestions"},
	"dash.open": {"待处理的意见", "Open suggestions"}, "dash.callbacks": {"等待回电", "Waiting for a call"},
	"dash.failing": {"同步失败的终端", "Kiosks failing"}, "dash.late": {"%v台未按时同步", "%v late"},
	"dash.filling": {"快报满的活动", "Events filling up"}, "dash.kiosks": {"终端状态", "Kiosks"},
	"dash.kiosksok": {"所有终端都按时同步。", "Every kiosk synced on time."}, "dash.none": {"没有。", "None."},
	"dash.since": {"收到于 %v", "received %v"}, "dash.course": {"上课%v次 · 学员%v人 · 完成%v课 · 需要帮助%v", "%v classes · %v learners · %v lessons done · %v need help"},

	"post.new": {"写新内容", "New post"}, "post.edit": {"修改内容", "Edit post"}, "post.back": {"返回列表", "Back to posts"},
	"post.account": {"发布账号", "Account"}, "post.column": {"栏目", "Column"}, "post.title": {"标题", "Title"}, "post.body": {"正文", "Text"},
	"post.bodyhint":  {"可以用 **加粗**、空行分段、- 列表。网页代码不会生效。", "You may use **bold**, blank lines, - lists. HTML is not run."},
	"post.published": {"发布时间", "Published"}, "post.schedulehint": {"填将来的时间，终端到时才显示。", "A future time: kiosks show it from then."},
	"post.expires": {"下线时间", "Expires"}, "post.expireshint": {"到时从终端上撤下；不填则一直显示。", "Kiosks drop it then; empty: never."},
	"post.pin": {"置顶（在终端上排在最前面）", "Pin (first at the kiosk)"}, "post.pinned": {"置顶", "Pinned"},
	"post.images": {"图片", "Images"}, "post.upload": {"添加图片", "Add images"},
	"post.uploadhint": {"PNG、JPEG、GIF 或 WebP，每张不超过8MB；照片中的位置等信息会被去除。", "PNG, JPEG, GIF or WebP up to 8 MB each; location and camera data are removed."},
	"post.more":       {"来源和链接", "Source and link"}, "post.source": {"来源", "Source"}, "post.link": {"原文链接", "Link"},
	"post.publish": {"发布", "Publish"}, "post.preview": {"预览", "Preview"}, "post.kioskpreview": {"终端上的样子", "As the kiosk shows it"},
	"post.previewhint": {"写好后点“预览”，这里显示终端上的样子。", "Write, then press Preview: the kiosk's view shows here."},
	"post.shotalt":     {"终端阅读页面的画面", "The kiosk's reading screen"},
	"post.shotcaption": {"终端屏幕 %d×%d，用终端自己的字体和样式画出。", "A %d×%d kiosk screen, drawn with the kiosk's own font and style."},
	"post.nopreview":   {"终端画面没能画出来，下面是网页上的近似样子。", "The kiosk's screen could not be drawn; below is the web page's approximation."},
	"post.withdraw":    {"撤下", "Withdraw"}, "post.withdrawhint": {"所有终端下次同步时删除。", "Every kiosk deletes it at its next sync."},
	"post.withdrawconfirm": {"确定撤下吗？所有终端都会删除它。", "Withdraw it? Every kiosk will delete it."},
	"post.state":           {"状态", "State"}, "post.scheduled": {"定时", "Scheduled"}, "post.expired": {"已下线", "Expired"}, "post.live": {"显示中", "Live"},
	"post.fromconsole": {"后台发布", "from the console"}, "post.districtcol": {"这个栏目只有区里的编辑能发。", "Only district editors publish in this column."},
	"post.noimage": {"有一张图片找不到了，请重新上传。", "An image is missing; upload it again."},

	"pack.intro": {"上传内容包（zip）：先检查并告诉您会改动什么，确认后才发布。与 alliance-sync import 用的是同一套检查和发布。", "Upload a content pack (zip): it is checked and you see what would change before anything is published. Same checks and the same publishing as alliance-sync import."},
	"pack.file":  {"内容包文件", "Pack file"}, "pack.check": {"检查", "Check"}, "pack.choose": {"请选择一个 zip 文件。", "Choose a zip file."},
	"pack.checked": {"%v：内容包 %v，第 %v 版，检查通过", "%v: pack %v, version %v, checks passed"}, "pack.prev": {"中心现有第 %v 版。", "The hub has version %v."},
	"pack.plan": {"新增 %v，更新 %v，删除 %v", "%v added, %v updated, %v deleted"}, "pack.unchanged": {"%v 项不变", "%v unchanged"},
	"pack.confirm": {"确认发布", "Publish"}, "pack.expired": {"上传已过期，请重新上传。", "The upload expired; upload it again."},
	"note.packed": {"已发布：新增 %v，更新 %v，删除 %v。", "Published: %v added, %v updated, %v deleted."},

	"acc.name": {"名称", "Name"}, "acc.address": {"地址", "Address"}, "acc.hours": {"办公时间", "Office hours"}, "acc.phone": {"电话", "Phone"}, "acc.wechat": {"微信公众号", "WeChat account"},
	"dir.name": {"名称", "Name"}, "dir.number": {"号码", "Number"}, "dir.hours": {"时间", "Hours"}, "dir.category": {"类别", "Category"}, "dir.note": {"备注", "Note"}, "dir.add": {"添加电话", "Add a number"},
	"dc.community": {"社区", "Community"}, "dc.elderly": {"养老", "Elderly care"}, "dc.health": {"医疗", "Health"}, "dc.hotline": {"热线", "Hotline"},
	"dc.repair": {"维修", "Repairs"}, "dc.safety": {"安全", "Safety"}, "dc.legal": {"法律", "Legal"},
	"pl.name": {"名称", "Name"}, "pl.kind": {"类型", "Kind"}, "pl.tags": {"标签（用顿号隔开）", "Tags (comma-separated)"}, "pl.description": {"介绍", "Description"}, "pl.add": {"添加地点", "Add a place"},
	"pk.food": {"美食", "Food"}, "pk.sight": {"风景", "Sight"}, "pk.service": {"服务点", "Service point"},

	"sug.received": {"收到时间", "Received"}, "sug.text": {"内容", "Suggestion"}, "sug.anonymous": {"匿名", "Anonymous"},
	"sug.hasphone": {"留了回电号码", "left a call-back number"}, "sug.overdue": {"超期", "Overdue"}, "sug.title": {"意见", "Suggestion"},
	"sug.back": {"返回列表", "Back to the inbox"}, "sug.meta": {"%v 提交 · 给%v · 终端 %v", "made %v · to %v · kiosk %v"}, "sug.from": {"原来是给%v的", "first addressed to %v"},
	"sug.anonhint": {"居民选择匿名：不显示、不导出任何能找到她的信息。", "She chose to stay anonymous: nothing that leads to her is shown or exported."},
	"sug.callback": {"回电号码：", "Call-back number:"}, "sug.showphone": {"显示号码", "Show number"}, "sug.nophone": {"没有留电话。", "No phone number left."},
	"sug.duplicateof": {"与这条重复：", "Duplicate of:"}, "sug.replies": {"答复", "Replies"}, "sug.noreplies": {"还没有答复。", "No reply yet."},
	"sug.template": {"回复模板", "Template"}, "sug.usetemplate": {"用这个模板", "Use template"}, "sug.reply": {"答复居民", "Reply to the resident"},
	"sug.replyhint": {"居民凭回执号和查询码在任何一台终端都能看到答复；请不要写姓名和电话。", "She reads this at any kiosk with her receipt and PIN: write no names or phone numbers."},
	"sug.by":        {"署名", "Signed"}, "sug.auto": {"自动（有答复即“已答复”）", "Automatic (a reply makes it answered)"}, "sug.send": {"发送", "Send"},
	"sug.transfer": {"转给其他社区", "Transfer to another community"}, "sug.to": {"转给", "To"}, "sug.reason": {"转交原因", "Why"},
	"sug.reasonhint": {"居民会看到这段话。", "The resident reads this."}, "sug.dotransfer": {"转交", "Transfer"},
	"sug.duplicate": {"标记为重复", "Mark as a duplicate"}, "sug.sameas": {"和这条意见重复", "Same as"}, "sug.dupreply": {"给居民的说明（可不填）", "A word to the resident (optional)"},
	"sug.markdup": {"标记重复", "Mark duplicate"}, "sug.readonly": {"您可以查看，但不能答复或修改。", "You may read this, not answer or change it."},
	"note.transferred": {"已转交。", "Transferred."},
	"cat.environment":  {"环境卫生", "Environment"}, "cat.safety": {"安全", "Safety"}, "cat.elderly": {"为老服务", "Elderly care"},
	"cat.activities": {"社区活动", "Activities"}, "cat.repairs": {"维修", "Repairs"}, "cat.other": {"其他", "Other"},
	"status.submitted": {"已提交", "Submitted"}, "status.received": {"已收到", "Received"}, "status.in_progress": {"办理中", "In progress"},
	"status.answered": {"已答复", "Answered"}, "status.forwarded": {"已转有关部门", "Forwarded"}, "status.transferred": {"已转其他社区", "Transferred"},
	"status.duplicate": {"重复", "Duplicate"}, "status.closed": {"已办结", "Closed"},
	"stats.total":  {"合计", "Total"},
	"tpl.intro":    {"按类别准备好的答复，答复时可以直接选用再修改。带“全区”的是区里统一的模板。", "Ready replies by category, to pick and adjust. Those marked district are shared by all."},
	"tpl.district": {"全区", "District"}, "tpl.title": {"名称", "Name"}, "tpl.body": {"内容", "Text"}, "tpl.add": {"新建模板", "New template"},
	"tpl.deleteconfirm": {"删除这个模板？", "Delete this template?"},

	"cb.intro": {"居民在终端上请社区回电。打开一条才显示完整号码（会记入操作日志）。", "Residents asked the office to call them back. A number shows in full only when opened (audited)."},
	"cb.open":  {"待回电", "Open"}, "cb.handle": {"处理", "Handle"}, "cb.title": {"回电请求", "Call-back request"}, "cb.back": {"返回列表", "Back to the queue"},
	"cb.callher": {"请拨打：", "Call:"}, "cb.meta": {"%v 在终端 %v 提交", "made %v at kiosk %v"}, "cb.entry": {"当时在看：%v", "looking at: %v"},
	"cb.revealed": {"查看号码已记入操作日志。", "Seeing this number is in the audit log."}, "cb.note": {"备注（仅工作人员可见）", "Note (staff only)"},
	"cb.notehint": {"不会发给居民。", "Not sent to the resident."}, "cb.markcalled": {"已回电", "Called"}, "cb.marknoanswer": {"无人接听", "No answer"}, "cb.markdone": {"已办结", "Done"},
	"cb.requested": {"等待回电", "Waiting"}, "cb.called": {"已回电", "Called"}, "cb.no_answer": {"无人接听", "No answer"}, "cb.done": {"已办结", "Done"},

	"ev.new": {"新建活动", "New event"}, "ev.when": {"时间", "When"}, "ev.upcoming": {"未结束的", "Upcoming"}, "ev.past": {"已结束的", "Past"},
	"ev.starts": {"开始", "Starts"}, "ev.ends": {"结束", "Ends"}, "ev.title": {"活动名称", "Title"}, "ev.places": {"名额", "Places"},
	"ev.taken": {"已报 %v / %v", "%v of %v taken"}, "ev.nolimit": {"已报 %v（不限）", "%v taken (no limit)"}, "ev.waiting": {"候补 %v", "%v waiting"},
	"ev.roster": {"名单", "Roster"}, "ev.checkin": {"签到", "Check-in"}, "ev.back": {"返回活动列表", "Back to events"},
	"ev.summary": {"已占名额 %v · 确认 %v 人次 · 候补 %v 人次", "%v places taken · %v confirmed · %v waiting"},
	"ev.place":   {"地点", "Place"}, "ev.capacity": {"名额", "Capacity"}, "ev.capacityhint": {"空着表示不限。加名额会按顺序让候补的人转正。", "Empty: no limit. Raising it confirms the waitlist in order."},
	"ev.opens": {"报名开始", "Sign-up opens"}, "ev.closes": {"报名截止", "Sign-up closes"}, "ev.waitlist": {"满了可以候补", "Waitlist when full"},
	"ev.description": {"介绍", "Description"}, "ev.close": {"停止报名", "Close sign-up"}, "ev.cancel": {"取消活动", "Cancel the event"}, "ev.reopen": {"重新开放报名", "Reopen"},
	"ev.closeconfirm": {"停止报名？已报名的人不受影响。", "Close sign-up? Those signed up stay."}, "ev.cancelconfirm": {"取消这个活动？所有终端都会显示“已取消”。", "Cancel the event? Every kiosk will show it cancelled."},
	"event.badcapacity": {"名额要填数字。", "Capacity is a number."},
	"es.open":           {"报名中", "Open"}, "es.closed": {"停止报名", "Closed"}, "es.cancelled": {"已取消", "Cancelled"},

	"ro.showphones": {"显示电话", "Show phones"}, "ro.event": {"活动信息", "Event"}, "ro.counts": {"确认 %v · 候补 %v · 来自 %v 台终端 · 已签到 %v", "%v confirmed · %v waiting · from %v kiosks · %v checked in"},
	"ro.revealed": {"完整电话已显示，并记入操作日志。", "Phone numbers shown in full; this is in the audit log."},
	"ro.assisted": {"%v代报", "entered by %v"}, "ro.here": {"已到", "Here"}, "ro.cancel": {"代为取消", "Cancel for her"}, "ro.noshow": {"未到", "No-show"},
	"ro.cancelconfirm":     {"替%v取消报名？候补的人会按顺序转正。", "Cancel %v's sign-up? The waitlist moves up in order."},
	"ro.noshowconfirm":     {"把%v记为未到？她的名额会给候补的人。", "Mark %v a no-show? Her place goes to the waitlist."},
	"ro.empty":             {"还没有人报名。", "Nobody has signed up yet."},
	"ro.hint":              {"名单汇总所有终端的报名；取消和未到都会让候补按顺序转正，居民在终端上能看到。", "The roster gathers every kiosk's sign-ups; a cancellation or no-show moves the waitlist up in order, and residents see it at the kiosk."},
	"note.staff_cancelled": {"已代为取消，候补已按顺序转正。", "Cancelled; the waitlist moved up in order."}, "note.no_show": {"已记为未到，候补已按顺序转正。", "Marked a no-show; the waitlist moved up in order."},
	"su.provisional": {"待确认", "Provisional"}, "su.confirmed": {"已确认", "Confirmed"}, "su.waitlisted": {"候补", "Waitlisted"},
	"su.rejected": {"未成功", "Rejected"}, "su.cancelled": {"已取消", "Cancelled"},
	"reason.staff_cancelled": {"工作人员代取消", "cancelled by staff"}, "reason.no_show": {"未到", "no-show"}, "reason.event_full": {"已满", "full"},
	"reason.event_ended": {"活动已结束", "event ended"}, "reason.signup_closed": {"不在报名时间", "sign-up closed"}, "reason.event_cancelled": {"活动已取消", "event cancelled"},
	"reason.event_unknown": {"活动不存在", "unknown event"},
	"ci.count":             {"已到 %v / %v", "%v of %v here"}, "ci.hint": {"居民到了就点她的名字；点错了再点一次。", "Tap a name when she arrives; tap again to undo."},

	"ks.name": {"终端名称", "Kiosk"}, "ks.lastseen0": {"最近同步", "Last sync"}, "ks.version": {"版本", "Version"}, "ks.lag": {"落后", "Lag"}, "ks.backlog": {"待上传", "Backlog"},
	"ks.failing": {"同步失败", "Failing"}, "ks.late": {"没按时同步", "Late"}, "ks.never": {"还没同步过", "Never synced"}, "ks.ok": {"正常", "OK"}, "ks.revoked": {"已停用", "Revoked"},
	"ks.since": {"从 %v 起", "since %v"}, "ks.lastseen": {"最近同步 %v", "last synced %v"}, "ks.manage": {"管理", "Manage"}, "ks.rename": {"改名", "Rename"},
	"ks.move": {"换社区", "Move to"}, "ks.revoke": {"停用", "Revoke"}, "title.kiosk": {"终端", "Kiosk"},
	"ks.revokehint": {"停用后它马上不能同步；已经上传的记录留在中心。要再用，重新登记。", "It stops syncing at once; what it pushed stays at the hub. Enrol it again to use it."}, "ks.revokeconfirm": {"停用 %v？它马上就不能同步了。", "Revoke %v? It stops syncing at once."},
	"ks.enrol": {"登记新终端", "Enrol a kiosk"}, "ks.getcode": {"生成登记码", "Get a code"},
	"ks.enrolhint": {"已有同名终端时会生成新码，旧终端在新码用过后停止工作。", "For an existing name a new code is made; the old kiosk stops once it is used."},
	"ks.typecode":  {"在终端上：工作人员 → 输入密码 → 加入中心，输入下面的登记码：", "On the kiosk: staff → PIN → join the hub, and type this code:"},
	"ks.code":      {"登记码", "Enrolment code"}, "ks.qr": {"登记码的二维码", "QR code of the enrolment code"}, "ks.until": {"只能用一次，%v 前有效。", "Works once, until %v."},
	"note.revoked": {"已停用。", "Revoked."},

	"tr.courses": {"课程", "Courses"}, "tr.bycommunity": {"各社区合计", "By community"}, "tr.lessons": {"课数", "Lessons"}, "tr.sessions": {"上课次数", "Classes"},
	"tr.learners": {"到课学员", "Learners"}, "tr.attendance": {"签到人次", "Check-ins"}, "tr.completed": {"完成的课", "Lessons completed"}, "tr.withhelp": {"其中在帮助下完成", "Of those, with help"},
	"tr.needshelp": {"需要帮助", "Need help"}, "tr.certificates": {"结业证书", "Certificates"}, "tr.registered": {"登记学员", "Learners registered"},
	"tr.privacy": {"报告只有人数，不含学员姓名和电话。", "Reports hold counts only, no learners' names or phones."},

	"users.name": {"姓名", "Name"}, "users.role": {"角色", "Role"}, "users.last": {"最近登录", "Last login"}, "users.active": {"正常", "Active"},
	"users.disabled": {"已停用", "Disabled"}, "users.nopassword": {"未设密码", "No password yet"}, "users.reset": {"重设密码链接", "Reset link"},
	"users.enable": {"启用", "Enable"}, "users.disable": {"停用", "Disable"}, "users.disableconfirm": {"停用 %v？她马上会被退出。", "Disable %v? She is logged out at once."},
	"users.add": {"添加用户", "Add a user"}, "users.create": {"添加", "Add"}, "users.nocommunity": {"（编辑和管理员不选）", "(none for editors and operators)"},
	"users.addhint": {"添加后会得到一个一次性链接，发给她设置密码。", "You get a one-time link to send her to set her password."},
	"users.added":   {"已添加", "Added"}, "users.sendlink": {"把这个链接发给%v，她打开后设置自己的密码：", "Send %v this link to set her password:"},
	"users.link": {"一次性链接", "One-time link"}, "users.linkuntil": {"只能用一次，%v 前有效。", "Works once, until %v."},
	"users.notself": {"不能停用自己的账号。", "You cannot disable yourself."}, "users.backup": {"下载数据库备份", "Download a backup"},
	"role.operator": {"管理员", "Operator"}, "role.editor": {"区编辑", "District editor"}, "role.staff": {"社区工作人员", "Community staff"}, "role.trainer": {"培训老师", "Trainer"},
	"rolehint.operator": {"用户、终端、备份、日志和全部内容", "users, kiosks, backups, audit and everything"},
	"rolehint.editor":   {"所有账号的内容，只读看意见", "content of every account; suggestions read-only"},
	"rolehint.staff":    {"本社区的内容、意见、回电和报名", "their community's content, suggestions, call-backs, rosters"},
	"rolehint.trainer":  {"本社区的手机课堂报告", "their community's training reports"},

	"au.intro": {"每次修改、查看电话号码、导出和被拒绝的访问都记在这里；涉及居民记录的条目随记录一起按期删除。", "Every write, phone number seen, export and refusal is here; lines about a resident's record are deleted with it."},
	"au.when":  {"时间", "When"}, "au.from": {"来源地址", "From"}, "au.action": {"操作", "Action"}, "au.subject": {"对象", "Subject"}, "au.detail": {"详情", "Detail"},

	"note.published": {"已发布，终端下次同步时更新。", "Published; kiosks get it at their next sync."}, "note.withdrawn": {"已撤下。", "Withdrawn."},
	"note.saved": {"已保存。", "Saved."}, "note.deleted": {"已删除。", "Deleted."}, "note.password": {"密码已修改。", "Password changed."},

	"csv.received": {"收到时间", "Received"}, "csv.community": {"社区", "Community"}, "csv.category": {"类别", "Category"}, "csv.text": {"内容", "Text"},
	"csv.status": {"状态", "Status"}, "csv.receipt": {"回执号", "Receipt"}, "csv.kiosk": {"终端", "Kiosk"}, "csv.replies": {"答复", "Replies"},
	"csv.phone": {"电话", "Phone"}, "csv.note": {"备注", "Note"}, "csv.order": {"序号", "No."}, "csv.name": {"姓名", "Name"}, "csv.party": {"人数", "Party"},
	"csv.checkedin": {"签到", "Checked in"}, "csv.signedup": {"报名时间", "Signed up"}, "csv.course": {"课程", "Course"},

	"col.release": {"市南发布", "Shinan Releases"}, "col.broadcast": {"市南播报", "Shinan News"}, "col.scenery": {"市南风情", "Shinan Scenes"},
	"col.food": {"美食搜索", "Food Finder"}, "col.welfare": {"福利派送", "Benefits"}, "col.policy": {"政策解读", "Policy Explained"},
	"col.notice": {"通知公告", "Notices"}, "col.community": {"社区动态", "Community News"},
}
