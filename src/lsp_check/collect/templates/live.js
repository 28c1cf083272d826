// Live counts: server-sent events update the numbers in place; without them the page is reloaded by hand.
(function () {
  "use strict";
  if (!window.EventSource) { return; }
  var live = document.getElementById("live");
  var source = new EventSource("/room/events");
  source.onmessage = function (event) {
    var data = JSON.parse(event.data);
    function put(key, value) {
      var found = document.querySelectorAll("[data-count]");
      for (var i = 0; i < found.length; i++) {
        if (found[i].getAttribute("data-count") === key && found[i].textContent !== value) { found[i].textContent = value; }
      }
    }
    put("joined", data.joined); put("started", data.started); put("finished", data.finished);
    for (var key in data.questions) { if (Object.prototype.hasOwnProperty.call(data.questions, key)) { put(key, data.questions[key]); } }
    document.documentElement.setAttribute("data-live", "on");
  };
  source.onerror = function () {
    document.documentElement.setAttribute("data-live", "lost");
    if (live && !document.getElementById("reconnecting")) {
      var note = document.createElement("span");
      note.id = "reconnecting";
      note.textContent = " Live updates lost; trying again (or reload the page).";
      live.appendChild(note);
    }
  };
  source.onopen = function () {
    var note = document.getElementById("reconnecting");
    if (note) { note.parentNode.removeChild(note); }
  };
})();
