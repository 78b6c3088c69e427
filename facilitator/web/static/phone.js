// Only improves the pages: they work without it. Follows the room by asking the laptop,
// every few seconds, whether this page is out of date, and reloads it unless the person
// has typed something not yet saved (then a banner says the room has moved on).
(function () {
  "use strict";
  var body = document.body;
  var version = body.getAttribute("data-v");
  var url = body.getAttribute("data-now");
  if (!version || !url || !window.fetch) { return; }
  var typed = false;
  var failures = 0;
  document.addEventListener("input", function () { typed = true; });
  document.addEventListener("change", function () { typed = true; });
  document.addEventListener("submit", function (event) {
    typed = false;
    var buttons = event.target.querySelectorAll("button[type=submit]");
    window.setTimeout(function () {
      for (var i = 0; i < buttons.length; i += 1) { buttons[i].disabled = true; }
    }, 0);
  });
  function show(id) {
    var element = document.getElementById(id);
    if (element) { element.hidden = false; }
  }
  function poll() {
    fetch(url, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        failures = data ? 0 : failures + 1;
        if (data && data.v !== version) {
          if (typed) { show("moved"); } else { window.location.replace(window.location.pathname); return; }
        }
        if (failures >= 3) { show("lost"); }
        window.setTimeout(poll, 3000);
      })
      .catch(function () {
        failures += 1;
        if (failures >= 3) { show("lost"); }
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 3000);
})();
