// casegate: "Select all on this page" for the clients list's bulk actions.
// A pure enhancement: without it every client is ticked one by one.
(function () {
  var form = document.getElementById("bulk-form");
  if (!form) { return; }
  var boxes = form.querySelectorAll("input[type=checkbox][name=ids]");
  if (boxes.length < 2) { return; }
  var legend = form.querySelector(".clients-bulk legend");
  var label = document.createElement("label");
  label.className = "clients-all";
  var all = document.createElement("input");
  all.type = "checkbox";
  all.id = "bulk-all";
  label.appendChild(all);
  label.appendChild(document.createTextNode(" " + (form.getAttribute("data-select-all") || "")));
  legend.parentNode.insertBefore(label, legend.nextSibling);
  all.addEventListener("change", function () {
    for (var i = 0; i < boxes.length; i++) { boxes[i].checked = all.checked; }
  });
})();
