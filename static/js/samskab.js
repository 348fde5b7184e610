// What a failed htmx request says: every error that is not a form's own (422, swapped into
// its place) is announced in the page's live region (#request-error), in the page's language.
(function () {
  "use strict";
  function show(message) {
    var region = document.getElementById("request-error");
    if (!region) return;
    region.querySelector(".alert-text").textContent = message;
    region.hidden = false;
  }
  document.addEventListener("htmx:responseError", function (event) {
    var region = document.getElementById("request-error");
    var status = event.detail.xhr.status;
    var key = status === 403 ? "forbidden" : status === 404 ? "missing" : status >= 500 ? "server" : "failed";
    show(region.dataset[key] + " (" + status + ")");
  });
  document.addEventListener("htmx:sendError", function () {
    show(document.getElementById("request-error").dataset.offline);
  });
  document.addEventListener("htmx:beforeRequest", function () {
    var region = document.getElementById("request-error");
    if (region) region.hidden = true;
  });
})();
