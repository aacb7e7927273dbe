/* Behaviour shared by all pages, kept out of the HTML so the Content-Security-Policy can
   forbid inline script:
   - <select data-autosubmit> submits its form when changed;
   - <form data-confirm="question"> asks before it is submitted;
   - a formset with a <template data-formset-empty> row gets an "add a line" button
     (<button data-formset-add="TEMPLATE_ID">) that appends a row and counts it. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit") && target.form) {
      target.form.submit();
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });
  function enableFormsetButtons() {
    document.querySelectorAll("button[data-formset-add]").forEach(function (button) {
      var template = document.getElementById(button.getAttribute("data-formset-add"));
      var total = document.getElementById(button.getAttribute("data-formset-total"));
      var body = document.querySelector(button.getAttribute("data-formset-body"));
      if (!template || !total || !body) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        var index = parseInt(total.value, 10);
        body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)));
        total.value = String(index + 1);
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enableFormsetButtons);
  } else {
    enableFormsetButtons();
  }
})();
