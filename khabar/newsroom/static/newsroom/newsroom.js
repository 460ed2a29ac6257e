// Newsroom admin: tells who else has the article open (heartbeat to the presence URL).
// Loaded as a file (the CSP allows no inline script).
(function () {
  "use strict";
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
})();
