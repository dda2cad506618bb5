// Package lessons holds the smartphone lessons the kiosk teaches residents
// over 60: the lesson format with its loader and validator, the curriculum
// (lessons in teaching order) and the player, the state of one learner going
// through one lesson. It imports no database, network or UI code, so the
// kiosk's screens, the sync programs and the trainers' command-line checker
// all share it.
//
// # A lesson is a folder
//
//	lesson.yaml    the lesson: fields below
//	*.png, *.jpg   its pictures, referenced from lesson.yaml by their path in the folder
//	README*        notes for trainers, ignored
//
// Folders are read through internal/safefs, whoever wrote them: regular
// files and folders only (a symbolic link, a pipe or a device is a problem
// at its name, never followed or waited on), each file's size checked before
// it is read. Problems are reported as "file:line: what is wrong", with
// internal/yamlfield's field reader and Problem type, as content packs are.
//
// lesson.yaml holds:
//
//	id: wechat-install         lowercase letters, digits and dashes; unique in a curriculum
//	version: 1                 raise it when the steps change: saved progress of
//	                           an older version starts the lesson again
//	title:                     in all three languages (see "Text" below)
//	  zh-Hans: 安装微信
//	  en: Installing WeChat
//	level: 1                   1 入门 (first steps), 2 基础 (basics), 3 进阶 (going further)
//	minutes: 20                about how long a learner takes, 1 to 120
//	cover: home.png            optional picture for the lesson list (else the first step's)
//	goals: [text, …]           what she will be able to do, 1 to 6
//	phones: [huawei, xiaomi, oppo, vivo, iphone]
//	                           the phone families its variant steps cover
//	                           (see "Phones"); only for a lesson with such steps
//	checked:                   what the lesson was last checked against (required)
//	  date: 2025-06-30         the day; a check more than a year old is a warning
//	  wechat: 8.0.54           optional: the WeChat version
//	  phones: [huawei, iphone] optional: the families checked
//	  how: 据华为、苹果帮助页核对，未用真机   optional note for trainers
//	steps: [step, …]           1 to 40, each with a kind:
//
//	- kind: explain            large text (Markdown) and an optional picture
//	  text: …
//	  image: home.png
//	- kind: practice           a picture of a phone screen; she taps where she would on her phone
//	  text: 点一下绿色的按钮。  what to do
//	  image: call.png
//	  tap: [[60, 780, 140, 140]]   right areas as [x, y, width, height] in image pixels; any one counts
//	  hint: 绿色的圆按钮在左下角。  shown after a wrong tap
//	  praise: 接通了！         optional: shown after the right tap (else a standard praise)
//	  avoid:                   optional: places that look right but are not, up to 4;
//	    - area: [250, 478, 274, 120]   a tap there is wrong, however near a right area
//	      why: 这是“收付款”……  and is answered with why
//
//	                           instead of tap, a practice may teach another thing the
//	                           finger does (one of them), with the same text, hint, praise:
//	  swipe: {from: [270, 800], to: [270, 300], tolerance: 0.15}
//	                           slide from one point to another (picture pixels); right
//	                           when it starts near from, goes at least 60% of the way
//	                           and wobbles no more than ±tolerance of the picture's
//	                           width (0.05 to 0.3, default 0.15), however slowly
//	  hold: {area: [x, y, w, h], seconds: 1.5}
//	                           press and hold the place (0.5 to 5 seconds, default
//	                           1.5): saving a photo, a message's menu
//	  slide-cancel: {area: [x, y, w, h], cancel: [x, y, w, h]}
//	                           press the button (area), slide up and let go on the
//	                           cancel place (above it), as WeChat cancels a voice message
//	  type: {text: 你好, keyboard: nine}
//	                           type the text (Chinese characters, Simplified, up to
//	                           12) on a drawn phone keyboard: nine (9-key pinyin, the
//	                           default), full (full pinyin) or hand (handwriting);
//	                           the picture is optional here
//	                           a miss is answered as a missed tap is: what went wrong
//	                           (let go too soon, not far enough), the hint, and from
//	                           the second miss on the places lit up; avoid is for taps
//	                           only; variants may change a gesture's words, not its
//	                           picture or places
//	- kind: quiz               one question, 2 to 4 answers, exactly one of them right
//	  question: …
//	  image: scam.png          optional
//	  answers:
//	    - text: 挂断电话
//	      right: true
//	      why: …               optional: feedback when this answer is chosen
//	    - text: 把验证码告诉他
//	  why: …                   the reason the right answer is right, shown after any answer
//	- kind: recap              what was learned and what to try at home
//	  text: …                  optional
//	  learned: [text, …]
//	  home: [text, …]
//
// Explain, practice and quiz steps may also have:
//
//	safety: 付款码只给收银员扫。   a safety note, shown apart on the step (see "Safety")
//	tags: [money, code]         what the step touches when its words do not say:
//	                            money, code, link, download, personal (numbers)
//
// # Safety
//
// A step that touches money, codes (payment, verification, 辅助验证), links,
// downloads or personal numbers must carry a safety note: the loader refuses
// an explain or practice step whose words hold one of SafetyTriggers (付款,
// 验证码, 下载, 手机号 …), or any step with tags, that has none. Quizzes
// are judged by their tags only: their wrong answers name mistakes on
// purpose, and their reason says what is safe.
//
// # Phones
//
// Where phones differ (the side keys, the settings, the app store), a step
// gives its variant for each family of the lesson's phones, under phones:
// its text, picture, tap areas, hint, praise, places to avoid and safety
// note, whichever differ; the rest comes from the step as written, which is
// the generic form shown to a learner who does not know her phone. Every
// variant step must cover every family of the lesson's phones; "iphone: {}"
// says the generic form is right for it. A variant with its own picture
// needs its own tap areas.
//
//	steps:
//	- kind: practice
//	  text: 在设置里找到“显示”。        the generic form
//	  image: settings.png
//	  tap: [[0, 300, 540, 100]]
//	  hint: …
//	  phones:
//	    huawei: {text: 点“显示和亮度”。}
//	    iphone:
//	      text: 点“显示与亮度”。
//	      image: settings-iphone.png
//	      tap: [[0, 420, 540, 100]]
//	    xiaomi: {}
//	    …
//
// The learner picks her phone once; her learner card remembers it, and a
// trainer picks one for the class (Lesson.ForPhone).
//
// # The community's own details
//
// Texts may hold placeholders the kiosk fills with its own community's
// details (Fill): {community} (盐城路社区), {community_phone},
// {community_address}, {office_hours}, {street_office} and
// {district_account} (微市南). Other names in braces are refused.
//
// # Words
//
// Residents say 软件, not App, and 无线网, not Wi-Fi (their phones say WLAN):
// the loader refuses those words in Chinese text ("App Store", the name on
// the iPhone's icon, is allowed). One action a sentence, and quiz answers
// that are believable mistakes, are for the writer and the reviewing
// trainer.
//
// # Text
//
// Every text is either a plain string, in Simplified Chinese, or a mapping
// with the keys zh-Hans, zh-Hant and en. Simplified Chinese is always
// required: it is the district's own script and what trainers write.
// Traditional Chinese is generated from it with OpenCC's s2tw conversion
// (package internal/chinese, the one the kiosk shows all content with) when
// not given; give zh-Hant only to correct a conversion. Texts follow the
// domain's rule for text shown to residents (alliance.CheckText): no control
// characters, no bidirectional overrides. English cannot be generated
// offline, so it is required where the kiosk cannot do without it — the
// lesson title, which the lesson list shows in every language — and is
// otherwise all or nothing within a lesson: a lesson that translates one
// text must translate them all, because a half-English lesson is harder to
// follow than one in Chinese. Where a lesson has no English, the kiosk shows
// the Simplified text.
//
// # A curriculum is a folder of lesson folders
//
// Lessons are taught in the order of their folder names, so trainers name
// them 01-phone-basics, 02-wechat-install and so on. Problems are reported
// as "file:line: what is wrong", every one of them, with file names
// relative to the curriculum folder; warnings (a lesson checked more than
// a year ago) the same way, in Lesson.Warnings, without stopping the load.
package lessons
