// Page behaviour beyond htmx attributes. The server renders every page; this file only guards against lost edits.

// A form marked data-warn-unsaved makes the browser confirm before leaving the page with unsubmitted changes.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("form[data-warn-unsaved]").forEach(function (form) {
    var dirty = false;
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty) {
        event.preventDefault();
        event.returnValue = "";
      }
    });
  });
});
