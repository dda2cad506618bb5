// Package speech reads text aloud (朗读), offline, in Mandarin.
//
// An [Engine] speaks one text and returns when it has finished or when its
// context is cancelled. A [Reader] is what a screen holds: Read starts
// reading (stopping whatever was being read), Stop silences it at once, as
// when the resident leaves the screen. Engines that can also write speech to
// a WAV file implement [Renderer]; tests use it to check that speech is not
// silent and grows with the text.
//
// [ESpeak] drives Debian's espeak-ng with its Mandarin voice. Debian's
// espeak-ng 1.51 speaks Chinese characters correctly only with the voice
// "cmn-latn-pinyin": its plain "cmn" voice turns characters into pinyin
// and then reads that pinyin as English. Traditional characters are read as
// well as Simplified ones. A centre with a better voice plugs it in through
// [Command] (any program that reads text on standard input, such as
// `spd-say -e -w` for speech-dispatcher) or its own [Engine].
//
// [Prepare] turns written text into what should be said, for any engine:
// phone numbers, codes and other long digit strings are read digit by
// digit (1 as 幺, as people read numbers aloud), the hidden digits of a
// masked number (138****5678) are announced instead of read as stars,
// years are read digit by digit (二〇二五年; 2015-03-06 is
// 二〇一五年三月六日), clock times as 9点30分, and Markdown marks and web
// addresses are left out.
//
// Nothing here logs, and errors never carry the text: what is read aloud
// can hold a resident's name or phone number. Text reaches espeak-ng on
// its standard input, not on its command line, where other users of the
// machine could see it.
package speech
