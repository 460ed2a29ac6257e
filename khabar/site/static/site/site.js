/* Khabar reader site: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";

  var html = document.documentElement;

  /* Font size: the A− / A / A+ links go to /settings/font/<action> without JS;
     here we set the same cookie and change the <html> class with no reload. */
  function currentStep() {
    var match = /(?:^|\s)font-step-(-?\d+)(?:\s|$)/.exec(html.className);
    return match ? parseInt(match[1], 10) : 0;
  }

  function setStep(step, cookieName) {
    html.className = html.className.replace(/(?:^|\s)font-step--?\d+(?=\s|$)/g, "").trim();
    html.classList.add("font-step-" + step);
    document.cookie = cookieName + "=" + step + "; path=/; max-age=31536000; samesite=lax" +
      (location.protocol === "https:" ? "; secure" : "");
  }

  function cookieStep(cookieName, min, max) {
    var match = new RegExp("(?:^|; )" + cookieName + "=(-?\\d+)").exec(document.cookie);
    var step = match ? parseInt(match[1], 10) : 0;
    return step >= min && step <= max ? step : 0;
  }

  function initFontControl(control) {
    var min = parseInt(control.getAttribute("data-font-min"), 10);
    var max = parseInt(control.getAttribute("data-font-max"), 10);
    var cookieName = control.getAttribute("data-font-cookie");
    // A page from a shared cache may carry someone else's size: the reader's cookie wins.
    var saved = cookieStep(cookieName, min, max);
    if (saved !== currentStep()) {
      html.className = html.className.replace(/(?:^|\s)font-step--?\d+(?=\s|$)/g, "").trim();
      html.classList.add("font-step-" + saved);
    }
    control.addEventListener("click", function (event) {
      var link = event.target.closest("[data-font-action]");
      if (!link) return;
      event.preventDefault();
      var action = link.getAttribute("data-font-action");
      var step = currentStep();
      if (action === "smaller") step = Math.max(min, step - 1);
      else if (action === "larger") step = Math.min(max, step + 1);
      else step = 0;
      setStep(step, cookieName);
    });
  }

  /* Copy the short link: the button is hidden unless this script runs. */
  function initCopyButton(button) {
    var text = button.getAttribute("data-copy-text");
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () {
        button.textContent = button.getAttribute("data-copied-label");
        button.classList.add("is-done");
        window.setTimeout(function () {
          button.textContent = label;
          button.classList.remove("is-done");
        }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { selectTarget(button); });
      } else {
        selectTarget(button);
      }
    });
  }

  function selectTarget(button) {
    var target = document.getElementById(button.getAttribute("data-copy-target"));
    if (!target) return;
    var range = document.createRange();
    range.selectNodeContents(target);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  /* Count this reading for «most read»: the page itself may come from a cache, so the
     count is a tiny POST to a never-cached address (once per page shown). */
  function sendSeen(article) {
    var url = article.getAttribute("data-seen-url");
    if (navigator.sendBeacon && navigator.sendBeacon(url)) return;
    if (window.fetch) fetch(url, { method: "POST", keepalive: true, credentials: "omit" });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-font-control]"), initFontControl);
    Array.prototype.forEach.call(document.querySelectorAll("[data-copy-text]"), initCopyButton);
    Array.prototype.forEach.call(document.querySelectorAll("[data-seen-url]"), sendSeen);
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
