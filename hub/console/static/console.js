// The console works without this script; it only makes two things quicker:
// choosing a reply template fills the reply at once, and buttons marked
// data-confirm ask before they act.
(function () {
  var pick = document.getElementById("template-pick");
  if (pick) {
    var apply = document.getElementById("template-apply");
    if (apply) apply.hidden = true;
    pick.addEventListener("change", function () {
      var opt = pick.options[pick.selectedIndex];
      var body = opt && opt.getAttribute("data-body");
      var reply = document.getElementById("reply");
      if (body && reply) { reply.value = body; reply.focus(); }
    });
  }
  document.addEventListener("submit", function (e) {
    var b = e.submitter || document.activeElement;
    var msg = (b && b.getAttribute && b.getAttribute("data-confirm")) || e.target.getAttribute("data-confirm");
    if (msg && !window.confirm(msg)) e.preventDefault();
  });
})();
