// propsvc web desk: countdowns, the live box, confirmations. The pages work without it.
(function () {
  "use strict";
  var zh = document.documentElement.lang !== "en";
  // the server's clock at page load, so countdowns agree with the server's deadlines
  var serverNow = Date.parse(document.body ? document.body.getAttribute("data-now") : "");
  var skew = isNaN(serverNow) ? 0 : serverNow - Date.now();

  function span(minutes) {
    var m = Math.abs(minutes), h = zh ? " 小时 " : "h ", mins = zh ? " 分钟" : "m";
    var text = m >= 60 ? Math.floor(m / 60) + h + String(m % 60).padStart(2, "0") + mins : m + mins;
    if (minutes < 0) return zh ? "已超时 " + text : text + " overdue";
    return zh ? "剩余 " + text : "in " + text;
  }

  function tick() {
    var now = Date.now() + skew;
    document.querySelectorAll(".countdown[data-due]").forEach(function (el) {
      var due = Date.parse(el.getAttribute("data-due"));
      if (isNaN(due)) return;
      var minutes = Math.floor((due - now) / 60000);
      el.textContent = span(minutes);
      el.classList.toggle("late", minutes < 0);
    });
  }

  function live() {
    var box = document.getElementById("live");
    if (!box) return;
    fetch("/live.json", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (!d) return;
        document.querySelectorAll("[data-live]").forEach(function (el) {
          var key = el.getAttribute("data-live");
          if (key in d) el.textContent = d[key];
        });
        var parts = [];
        if (d.overdue) parts.push((zh ? "超时 " : "overdue ") + d.overdue);
        if (d.due_soon) parts.push((zh ? "即将到期 " : "due soon ") + d.due_soon);
        if (d.notifications) parts.push((zh ? "未读通知 " : "unread notifications ") + d.notifications);
        box.textContent = parts.join(" · ");
      })
      .catch(function () { /* offline for a moment: try again next time */ });
  }

  function stream() {
    var box = document.getElementById("live");
    var url = box && box.getAttribute("data-stream");
    if (!url || !window.EventSource) return false;
    var source = new EventSource(url);
    source.onmessage = function () { live(); };
    source.onerror = function () { source.close(); };
    return true;
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    var ask = form.getAttribute && form.getAttribute("data-confirm");
    if (ask && !window.confirm(ask)) e.preventDefault();
  });

  document.addEventListener("DOMContentLoaded", function () {
    tick();
    setInterval(tick, 30000);
    live();
    stream();
    setInterval(live, 60000);
  });
})();
