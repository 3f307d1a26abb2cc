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

// A checkbox with data-pauses="ID" stops the htmx polling of element ID while it is ticked. Requests of other
// elements that target ID, such as a Refresh button, still go through.
document.addEventListener("htmx:beforeRequest", function (event) {
  var pause = document.querySelector("[data-pauses='" + event.detail.elt.id + "']");
  if (pause && pause.checked) {
    event.preventDefault();
  }
});

// A button with data-copy="ID" copies the text of element ID to the clipboard.
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy]");
  if (!button) {
    return;
  }
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (source && navigator.clipboard) {
    navigator.clipboard.writeText(source.textContent).then(function () { button.textContent = "Copied"; });
  }
});

// A form marked data-confirm="question" shows the question in a confirmation dialog before it is submitted, for
// actions that are hard to undo.
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Editing an input marked data-custom-range switches its form's range preset to "custom", because the server reads
// the from and to fields only for a custom range.
document.addEventListener("change", function (event) {
  if (!event.target.matches || !event.target.matches("[data-custom-range]") || !event.target.form) {
    return;
  }
  var range = event.target.form.querySelector("select[name='range']");
  if (range && event.target.value) {
    range.value = "custom";
  }
});
