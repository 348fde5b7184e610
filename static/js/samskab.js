// What a failed htmx request says: every error that is not a form's own (422 or 409, swapped into
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

// The header's menu is DKFDS's own: its navigation script opens and closes the mobile drawer
// (focus kept inside, Escape closes it) and moves the entries that do not fit on a narrower
// desktop into a "more" menu, whose label it writes in Danish; the page gives it in its language.
(function () {
  "use strict";
  if (!window.DKFDS) return;
  new window.DKFDS.Navigation().init();
  var menu = document.querySelector(".navigation-menu[data-more-label]");
  var more = document.querySelector(".navigation-menu .more-button span");
  if (menu && more) more.textContent = menu.dataset.moreLabel;
})();
