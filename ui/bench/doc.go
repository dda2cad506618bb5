// Command bench measures the kiosk's screens on a generated 100k-post store
// and prints each figure beside a baseline measured in the same run:
//
//   - cold start: the real kiosk (bin/kiosk --exit-after-first-frame) under
//     Xvfb, from exec to its first frame of home, vs. an empty full-screen
//     Fyne window (cmd/kiosk/emptywindow) started the same way;
//   - memory (heap in use, RSS) after browsing 50 screens vs. right after
//     home is shown, in a fresh process on Fyne's test driver;
//   - opening the 微市南 screen on a column of 10k posts (first page laid
//     out) vs. the store query for that first page.
//
// Run it with `make bench` (after the store's bench); -posts, -column and
// -runs scale it down for a quick look.
package main
