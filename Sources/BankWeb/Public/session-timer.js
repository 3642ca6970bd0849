// 自動ログアウトまでの残り時間 and the warning before it, on every signed-in page.
// The server writes the minutes left and decides the timeout; this only counts down, opens the
// warning dialog, posts 「延長する」 and, when the time is up, loads a page so the server shows
// the login screen with its message. Every text comes from the page (the catalog), none from here.
(function () {
  "use strict";
  var timer = document.getElementById("session-timer");
  var dialog = document.getElementById("session-dialog");
  if (!timer || !dialog || typeof dialog.showModal !== "function") { return; }
  var left = document.getElementById("session-left");
  var status = document.getElementById("session-status");
  var body = document.getElementById("session-dialog-body");
  var failure = document.getElementById("session-dialog-error");
  var extendForm = document.getElementById("session-extend-form");
  var extendButton = document.getElementById("session-extend");
  var closeButton = document.getElementById("session-close");

  // Counted on the page's own monotonic clock from the seconds the server gave: the
  // computer's wall clock may be wrong, and a sleeping laptop wakes up past the deadline.
  var deadline = performance.now() + Number(timer.dataset.seconds) * 1000;
  var warning = Number(timer.dataset.warning) * 1000;
  var final = timer.dataset.final === "true";
  var dismissed = false;
  var returnFocus = null;
  var ticking = null;
  var GRACE = 1500;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : all;
    });
  }

  function remaining() { return Math.max(0, deadline - performance.now()); }

  function tick() {
    var ms = remaining();
    // A moment past the deadline, so that the page's request surely finds the session ended
    // (arriving a little early, it would count as activity and restart the idle clock).
    if (deadline + GRACE <= performance.now()) { expire(); return; }
    if (ms <= 0) { return; }
    var seconds = Math.ceil(ms / 1000);
    left.textContent = fill(timer.dataset.template, { minutes: Math.max(1, Math.ceil(seconds / 60)), time: timer.dataset.time });
    if (ms <= warning && !dismissed && !dialog.open) { open(); }
    if (dialog.open) {
      var minutes = Math.floor(seconds / 60);
      var timeLeft = fill(minutes > 0 ? body.dataset.timeLeft : body.dataset.timeLeftSeconds, { m: minutes, s: seconds % 60 });
      body.textContent = fill(final ? body.dataset.final : body.dataset.idle, { time_left: timeLeft, time: timer.dataset.time });
    }
  }

  function open() {
    returnFocus = document.activeElement;
    // At the limit since login nothing extends the session: the dialog only tells and closes.
    extendForm.hidden = final;
    closeButton.hidden = !final;
    failure.hidden = true;
    dialog.showModal();
    (final ? closeButton : extendButton).focus();
  }

  // The time is up: a page the server answers, as the session ended, with the login screen.
  function expire() {
    window.clearInterval(ticking);
    window.location.assign(timer.dataset.expired);
  }

  dialog.addEventListener("close", function () {
    if (returnFocus && typeof returnFocus.focus === "function") { returnFocus.focus(); }
  });
  // Escape or 閉じる: no second warning; the line under the header keeps counting.
  dialog.addEventListener("cancel", function () { dismissed = true; });
  closeButton.addEventListener("click", function () { dismissed = true; dialog.close(); });

  extendForm.addEventListener("submit", function (event) {
    event.preventDefault();
    extendButton.disabled = true;
    fetch(extendForm.action, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(new FormData(extendForm)).toString()
    }).then(function (response) {
      // A session that ended meanwhile is answered with the login screen: go there.
      if (response.redirected) { window.location.assign(response.url); return null; }
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (answer) {
      if (!answer) { return; }
      deadline = performance.now() + answer.seconds * 1000;
      final = answer.final === true;
      timer.dataset.time = answer.time;
      dismissed = false;
      status.textContent = fill(final ? body.dataset.extendedFinal : body.dataset.extended, { time: answer.time });
      if (final && remaining() <= warning) {
        // Extended up to the limit since login, which is already near: say so in the dialog.
        extendForm.hidden = true;
        closeButton.hidden = false;
        closeButton.focus();
      } else {
        dialog.close();
      }
      tick();
    }).catch(function () {
      failure.hidden = false;
    }).then(function () {
      extendButton.disabled = false;
    });
  });

  ticking = window.setInterval(tick, 1000);
  tick();
}());
