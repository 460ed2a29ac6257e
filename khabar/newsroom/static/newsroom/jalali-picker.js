// A Jalali (Solar Hijri) date-time picker for inputs marked data-jalali-picker.
// The input stays a plain text field the server parses («۱۴۰۵/۰۹/۰۶ ۱۴:۳۰», Tehran
// time), so typing works without this script. Calendar arithmetic: the well-known
// jalaali algorithm (Borkowski), as in the MIT-licensed jalaali-js.
(function () {
  "use strict";
  function start() {
  var FA = "۰۱۲۳۴۵۶۷۸۹";
  var MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان",
    "آذر", "دی", "بهمن", "اسفند"];
  var DAYS = ["ش", "ی", "د", "س", "چ", "پ", "ج"];
  var BREAKS = [-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097,
    2192, 2262, 2324, 2394, 2456, 3178];

  function div(a, b) { return ~~(a / b); }
  function mod(a, b) { return a - ~~(a / b) * b; }
  function fa(n, width) {
    var s = String(n);
    while (width && s.length < width) s = "0" + s;
    return s.replace(/[0-9]/g, function (d) { return FA[+d]; });
  }
  function latin(s) {
    return s.replace(/[۰-۹]/g, function (d) { return String(FA.indexOf(d)); })
      .replace(/[٠-٩]/g, function (d) { return String(d.charCodeAt(0) - 0x660); });
  }
  function jalCal(jy) {
    var gy = jy + 621, leapJ = -14, jp = BREAKS[0], jm, jump = 0, n, i;
    for (i = 1; i < BREAKS.length; i += 1) {
      jm = BREAKS[i]; jump = jm - jp;
      if (jy < jm) break;
      leapJ = leapJ + div(jump, 33) * 8 + div(mod(jump, 33), 4);
      jp = jm;
    }
    n = jy - jp;
    leapJ = leapJ + div(n, 33) * 8 + div(mod(n, 33) + 3, 4);
    if (mod(jump, 33) === 4 && jump - n === 4) leapJ += 1;
    var leapG = div(gy, 4) - div((div(gy, 100) + 1) * 3, 4) - 150;
    var march = 20 + leapJ - leapG;
    if (jump - n < 6) n = n - jump + div(jump + 4, 33) * 33;
    var leap = mod(mod(n + 1, 33) - 1, 4);
    if (leap === -1) leap = 4;
    return { leap: leap, gy: gy, march: march };
  }
  function g2d(gy, gm, gd) {
    var d = div((gy + div(gm - 8, 6) + 100100) * 1461, 4) + div(153 * mod(gm + 9, 12) + 2, 5) +
      gd - 34840408;
    return d - div(div(gy + 100100 + div(gm - 8, 6), 100) * 3, 4) + 752;
  }
  function d2g(jdn) {
    var j = 4 * jdn + 139361631;
    j = j + div(div(4 * jdn + 183187720, 146097) * 3, 4) * 4 - 3908;
    var i = div(mod(j, 1461), 4) * 5 + 308;
    var gd = div(mod(i, 153), 5) + 1, gm = mod(div(i, 153), 12) + 1;
    return { gy: div(j, 1461) - 100100 + div(8 - gm, 6), gm: gm, gd: gd };
  }
  function j2d(jy, jm, jd) {
    var r = jalCal(jy);
    return g2d(r.gy, 3, r.march) + (jm - 1) * 31 - div(jm, 7) * (jm - 7) + jd - 1;
  }
  function d2j(jdn) {
    var gy = d2g(jdn).gy, jy = gy - 621, r = jalCal(jy), k = jdn - g2d(gy, 3, r.march);
    if (k >= 0) {
      if (k <= 185) return { jy: jy, jm: 1 + div(k, 31), jd: mod(k, 31) + 1 };
      k -= 186;
    } else {
      jy -= 1; k += 179;
      if (r.leap === 1) k += 1;
    }
    return { jy: jy, jm: 7 + div(k, 30), jd: mod(k, 30) + 1 };
  }
  function monthLength(jy, jm) {
    if (jm <= 6) return 31;
    if (jm <= 11) return 30;
    return jalCal(jy).leap === 0 ? 30 : 29;
  }
  function tehranNow() {
    // Tehran is UTC+03:30 all year (no daylight saving since 1401).
    var d = new Date(Date.now() + 210 * 60000);
    var j = d2j(g2d(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()));
    j.h = d.getUTCHours(); j.mi = d.getUTCMinutes();
    return j;
  }
  function parse(value) {
    var m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::\d{2})?)?$/.exec(latin(value.trim()));
    if (!m) return null;
    return { jy: +m[1], jm: +m[2], jd: +m[3], h: m[4] ? +m[4] : 9, mi: m[5] ? +m[5] : 0 };
  }
  function format(s) {
    return fa(s.jy, 4) + "/" + fa(s.jm, 2) + "/" + fa(s.jd, 2) + " " + fa(s.h, 2) + ":" + fa(s.mi, 2);
  }

  function attach(input) {
    var box = document.createElement("div");
    box.className = "jalali-picker";
    box.hidden = true;
    box.setAttribute("role", "dialog");
    input.parentNode.insertBefore(box, input.nextSibling);
    var state = null;

    function render() {
      box.textContent = "";
      var head = document.createElement("div");
      head.className = "jalali-picker__head";
      var prev = button("›", function () { step(-1); });
      var next = button("‹", function () { step(1); });
      prev.setAttribute("aria-label", "ماه قبل");
      next.setAttribute("aria-label", "ماه بعد");
      var title = document.createElement("strong");
      title.textContent = MONTHS[state.jm - 1] + " " + fa(state.jy);
      head.appendChild(prev); head.appendChild(title); head.appendChild(next);
      box.appendChild(head);
      var table = document.createElement("table");
      var tr = document.createElement("tr");
      DAYS.forEach(function (d) { var th = document.createElement("th"); th.textContent = d; tr.appendChild(th); });
      table.appendChild(tr);
      var first = (mod(j2d(state.jy, state.jm, 1), 7) + 2) % 7; // Saturday = 0
      var len = monthLength(state.jy, state.jm);
      tr = document.createElement("tr");
      for (var i = 0; i < first; i += 1) tr.appendChild(document.createElement("td"));
      for (var day = 1; day <= len; day += 1) {
        if (tr.children.length === 7) { table.appendChild(tr); tr = document.createElement("tr"); }
        var td = document.createElement("td");
        var b = button(fa(day), pick(day));
        if (day === state.jd) b.className = "is-selected";
        td.appendChild(b);
        tr.appendChild(td);
      }
      table.appendChild(tr);
      box.appendChild(table);
      var time = document.createElement("div");
      time.className = "jalali-picker__time";
      var hh = number(state.h, 23, function (v) { state.h = v; write(); });
      var mm = number(state.mi, 59, function (v) { state.mi = v; write(); });
      hh.setAttribute("aria-label", "ساعت");
      mm.setAttribute("aria-label", "دقیقه");
      time.appendChild(hh); time.appendChild(document.createTextNode(":")); time.appendChild(mm);
      time.appendChild(button("تأیید", function () { write(); box.hidden = true; input.focus(); }));
      box.appendChild(time);
    }
    function button(label, onClick) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = label;
      b.addEventListener("click", function (e) {
        e.stopPropagation(); // the box is redrawn: the outside-click check must not see it
        onClick();
      });
      return b;
    }
    function number(value, max, onChange) {
      var n = document.createElement("input");
      n.type = "number"; n.min = "0"; n.max = String(max); n.value = String(value);
      n.addEventListener("change", function () {
        var v = Math.max(0, Math.min(max, parseInt(latin(n.value), 10) || 0));
        onChange(v);
      });
      return n;
    }
    function pick(day) { return function () { state.jd = day; write(); render(); }; }
    function step(delta) {
      state.jm += delta;
      if (state.jm < 1) { state.jm = 12; state.jy -= 1; }
      if (state.jm > 12) { state.jm = 1; state.jy += 1; }
      state.jd = Math.min(state.jd, monthLength(state.jy, state.jm));
      render();
    }
    function write() { input.value = format(state); }
    input.addEventListener("focus", function () {
      state = parse(input.value) || tehranNow();
      render();
      box.hidden = false;
    });
    document.addEventListener("click", function (e) {
      if (!box.hidden && e.target !== input && !box.contains(e.target)) box.hidden = true;
    });
    input.addEventListener("keydown", function (e) { if (e.key === "Escape") box.hidden = true; });
  }

  var inputs = document.querySelectorAll("input[data-jalali-picker]");
  Array.prototype.forEach.call(inputs, attach);
  }
  // Admin scripts load in <head>: wait for the form to exist.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
