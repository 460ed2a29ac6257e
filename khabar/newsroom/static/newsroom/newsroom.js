// Newsroom admin: tells who else has the article open (heartbeat to the presence URL).
// Loaded as a file (the CSP allows no inline script).
(function () {
  "use strict";
  function start() {
  var box = document.getElementById("presence");
  if (!box || !window.fetch) return;
  var url = box.getAttribute("data-presence-url");
  var every = (parseInt(box.getAttribute("data-ping"), 10) || 20) * 1000;
  var names = box.querySelector(".presence-names");
  function ping() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        names.textContent = data.others.join("، ");
        box.hidden = data.others.length === 0;
      })
      .catch(function () {});
  }
  setInterval(ping, every);
  // Leaving the page: say so at once, so others do not see a ghost for a minute.
  window.addEventListener("pagehide", function () {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!token || !navigator.sendBeacon) return;
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token.value);
    data.append("leave", "1");
    navigator.sendBeacon(url, data);
  });
  }
  // Admin scripts load in <head>: wait for the form to exist.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
