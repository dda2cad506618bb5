// Package surname is the list of Chinese surnames the kiosk's name picker
// offers: the common ones first, then, behind "其他姓", every surname in
// the list grouped by the first letter of its pinyin, so a resident finds
// 侯 under H without typing.
//
// The data is surnames.txt, embedded: about 480 surnames, single and
// compound (欧阳, 司马), in Simplified script, each with the pinyin of its
// reading as a surname (单 is shan, 曾 zeng, 解 xie, 仇 qiu). The screens
// convert to Traditional for display as they do any text.
package surname
