# Remakes NotoSansSC-Bold-kiosk.otf, the bold face of headings, from Debian's
# fonts-noto-cjk (apt-get install fonts-noto-cjk python3-fonttools): the SC face
# cut down to GB2312, Big5's frequent characters, the characters of the
# kiosk's texts and content, and punctuation (about 10,000; 4.3 MB).
# Run: python3 assets/fonts/subset-bold.py
import os, glob
from fontTools.ttLib import TTFont, TTCollection
from fontTools import subset
cps = set(range(0x20, 0x7f)) | set(range(0xa0, 0x180)) | set(range(0x2000, 0x2070)) | set(range(0x3000, 0x3040)) | set(range(0xff00, 0xfff0))
cps |= {0x2713, 0x2714, 0x25b2, 0x25bc, 0x2190, 0x2192, 0x2191, 0x2193, 0x00b7, 0x2026, 0x2116, 0x2460, 0x2461, 0x2462, 0x2463, 0x2464}
for hi in range(0xa1, 0xf8):
    for lo in range(0xa1, 0xff):
        try: cps |= {ord(c) for c in bytes([hi, lo]).decode('gb2312')}
        except Exception: pass
for hi in range(0xa1, 0xc7):
    for lo in list(range(0x40, 0x7f)) + list(range(0xa1, 0xff)):
        try: cps |= {ord(c) for c in bytes([hi, lo]).decode('big5')}
        except Exception: pass
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
for pat in ['assets/i18n/*.json', 'assets/sample/**/*', 'assets/curriculum/**/*', 'lessons/**/*.yaml', 'ui/*.go', 'surname/**/*']:
    for p in glob.glob(os.path.join(root, pat), recursive=True):
        if os.path.isfile(p) and os.path.getsize(p) < 5_000_000:
            try: cps |= {ord(c) for c in open(p, encoding='utf-8').read() if ord(c) >= 0x2e80}
            except Exception: pass
c = TTCollection('/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc')
f = c.fonts[2]
have = set(f.getBestCmap().keys())
cps &= have
print('codepoints', len(cps))
opts = subset.Options()
opts.layout_features = ['*']
opts.name_IDs = ['*']
opts.name_languages = ['*']
opts.notdef_outline = True
opts.hinting = False
s = subset.Subsetter(opts)
s.populate(unicodes=cps)
s.subset(f)
# The line metrics of the regular face (Droid Sans Fallback: ascent 1.043 em,
# descent 0.266 em): Fyne sizes a line of text by them, and with Noto's own
# (1.448 em) every bold label, every button's, was 10% taller than the
# regular face's, pushing screens that fit off the smaller windows.
asc, desc = 1043, 266
f['hhea'].ascent, f['hhea'].descent, f['hhea'].lineGap = asc, -desc, 0
os2 = f['OS/2']
os2.sTypoAscender, os2.sTypoDescender, os2.sTypoLineGap = asc, -desc, 0
os2.usWinAscent, os2.usWinDescent = asc, desc
out = os.path.join(root, 'assets/fonts/NotoSansSC-Bold-kiosk.otf')
f.save(out)
print(os.path.getsize(out))
