#!/usr/bin/env bash
# Runs the real kiosk under Xvfb against the sample content and saves a PNG
# of each main screen in docs/screenshots/ (1920x1080, and 1280x800 for a
# few). Called by `make screenshots`.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/screenshots
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"; [ -n "${xvfb:-}" ] && kill "$xvfb" 2>/dev/null || true' EXIT

shoot() { # size name screen
  local size=$1 name=$2 screen=$3
  local disp=:$((90 + RANDOM % 100))
  Xvfb "$disp" -screen 0 "${size}x24" -nolisten tcp >/dev/null 2>&1 &
  xvfb=$!
  sleep 1
  local w=${size%x*} h=${size#*x}
  local args=(--screen "$screen")
  [ "$screen" = maintenance ] && args=(--maintenance) # the session's maintenance screen
  # One database for all shots: the sample content loads once.
  DISPLAY=$disp LANG=en_US.UTF-8 ./bin/kiosk --db "$work/kiosk.db" "${args[@]}" >/dev/null 2>&1 &
  local k=$!
  # Wait for the kiosk's first frame (an empty X screen is black; a busy
  # machine takes longer than a quiet one), then a second more for it to
  # settle.
  local i
  for i in $(seq 30); do
    sleep 1
    DISPLAY=$disp import -window root "$work/probe.png" 2>/dev/null || continue
    [ "$(convert "$work/probe.png" -format '%[fx:mean>0.05]' info:)" = 1 ] && break
  done
  sleep 2
  DISPLAY=$disp import -window root "$out/$name.png"
  kill "$k" 2>/dev/null || true
  wait "$k" 2>/dev/null || true
  kill "$xvfb" 2>/dev/null || true
  wait "$xvfb" 2>/dev/null || true
  echo "$out/$name.png"
}

for s in home news reader communities community search services phone callback places events event signup signup-again suggest suggest-lookup records pin staff staff-pin maintenance \
  lessons lesson-practice lesson-quiz presenter class-overview attract; do
  shoot 1920x1080 "$s" "$s"
done
# Lesson steps (issue 15): the + menu, one step on two phone families, the
# phone question, a new lesson, a safety note.
for s in lesson:scan-qr:4=lesson-plus-menu lesson:phone-basics:3:huawei=lesson-phone-huawei \
  lesson:phone-basics:3:iphone=lesson-phone-iphone lesson:phone-basics:10:oppo=lesson-phone-oppo-settings \
  lesson:phone-basics:pick=lesson-phone-pick lesson:pay-safely:2=lesson-new-pay \
  lesson:scam-rehearsal-2:3=lesson-safety-note; do
  shoot 1920x1080 "${s#*=}" "${s%%=*}"
done
# Gesture and typing practice (issue 14): unlocking by a swipe, a voice
# message held and slid to ×, typing 好的. (The presenter on a second
# screen: docs/screenshots/presenter-second-screen.png, shot on a 2560x800
# Xvfb with --monitors 1280x800+0+0,1280x800+1280+0.)
for s in lesson:phone-basics:6=lesson-swipe lesson:family-group:8=lesson-hold \
  lesson:family-group:9=lesson-slide-cancel lesson:voice-input:10=lesson-type; do
  shoot 1280x800 "${s#*=}-1280x800" "${s%%=*}"
done
# Every resident screen at 1280x800, with and without 大字, and the input
# panel (issue 11).
for s in home news reader communities community search services phone callback places events event \
  signup signup-other signup-title signup-phone signup-party signup-confirm \
  suggest suggest-phrases suggest-words suggest-place suggest-phone suggest-confirm suggest-lookup records \
  receipt-signup receipt-suggest assist assist-suggest pin \
  input-hand input-pinyin input-nine lessons lesson-practice lesson-quiz attract; do
  shoot 1280x800 "$s-1280x800" "$s"
  shoot 1280x800 "$s-1280x800-large" "$s+large"
done
# The smallest supported screen, with and without 大字, and the staff panel
# at 1280x800 (issue 11).
for s in home reader communities staff staff-pin attract; do
  shoot 1024x768 "$s-1024x768" "$s"
  shoot 1024x768 "$s-1024x768-large" "$s+large"
done
for s in staff staff-pin; do
  shoot 1280x800 "$s-1280x800" "$s"
  shoot 1280x800 "$s-1280x800-large" "$s+large"
done
