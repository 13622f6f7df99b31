// casegate: the sharing picker narrows as you type. An enhancement only:
// without this file the search form submits and the page lists the matches.
// The list comes from the server as HTML (same origin, already escaped),
// from the address in the list's data-source.
(function () {
  "use strict";
  var input = document.getElementById("share-find");
  var list = document.getElementById("share-candidates");
  if (!input || !list || !window.fetch) {
    return;
  }
  var source = list.getAttribute("data-source");
  var timer = null;
  var asked = input.value.trim();
  function ask() {
    var find = input.value.trim();
    if (find === asked) {
      return;
    }
    asked = find;
    fetch(source + "?find=" + encodeURIComponent(find), {
      credentials: "same-origin",
      headers: { Accept: "text/html" }
    })
      .then(function (answer) {
        return answer.ok ? answer.text() : null;
      })
      .then(function (fragment) {
        // A slower answer for older text must not replace a newer one.
        if (fragment !== null && find === asked) {
          list.innerHTML = fragment;
        }
      })
      .catch(function () {});
  }
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, 200);
  });
  // Enter in the box narrows at once instead of reloading the page.
  input.form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    ask();
  });
})();
