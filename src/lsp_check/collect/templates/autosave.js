// Saves each answer as it is chosen (the form works without this: Save and go on saves the whole part).
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData || !window.URLSearchParams) { return; }
  var status = document.getElementById("saved");
  var busy = false, again = false, held = null;
  function say(text) { if (status) { status.textContent = text; } }
  function settled() {
    busy = false;
    if (again) { again = false; save(); return; }
    if (held) {
      // The part was sent while an answer was being saved: send it now, with the revision that save returned.
      var button = held;
      held = null;
      if (form.requestSubmit) { form.requestSubmit(button); } else { button.click(); }
    }
  }
  function save() {
    if (busy) { again = true; return; }
    busy = true;
    var body = new URLSearchParams(new FormData(form));
    body.set("go", "stay");
    fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin",
      headers: {"Accept": "application/json"}
    }).then(function (response) {
      return response.json().then(function (data) { return {ok: response.ok, data: data}; },
                                   function () { return {ok: false, data: {message: "Not saved (" + response.status + "): press Save and go on."}}; });
    }).then(function (result) {
      if (result.data.rev) { form.elements.rev.value = result.data.rev; }
      say(result.data.message || (result.ok ? "Saved." : "Not saved."));
    }, function () {
      say("Not saved: the laptop cannot be reached. Your answers stay on this page; press Save and go on when it is back.");
    }).then(settled);
  }
  form.addEventListener("change", save);
  form.addEventListener("submit", function (event) {
    if (busy || again) {
      event.preventDefault();
      held = event.submitter || form.querySelector("button[value=next]");
    }
  });
})();
