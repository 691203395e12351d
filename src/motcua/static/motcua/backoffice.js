/* The staff workspace's only script besides htmx: ask before an irreversible action.
   A form (or button) with data-confirm="question" opens the page's <dialog>; only "Confirm"
   submits it. htmx requests with hx-confirm use the same dialog. */
(function () {
  "use strict";
  var dialog, text, confirmed = new WeakSet();

  function ask(question, onConfirm) {
    dialog = dialog || document.getElementById("confirm-dialog");
    text = text || document.getElementById("confirm-dialog-text");
    if (!dialog || typeof dialog.showModal !== "function") {
      if (window.confirm(question)) { onConfirm(); }
      return;
    }
    text.textContent = question;
    dialog.returnValue = "";
    dialog.addEventListener("close", function done() {
      dialog.removeEventListener("close", done);
      if (dialog.returnValue === "confirm") { onConfirm(); }
    });
    dialog.showModal();
    document.getElementById("confirm-dialog-ok").focus();
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var question = (submitter && submitter.dataset.confirm) || form.dataset.confirm;
    if (!question || confirmed.has(form)) { confirmed.delete(form); return; }
    event.preventDefault();
    ask(question, function () {
      confirmed.add(form);
      if (submitter && submitter.name) {
        var carry = document.createElement("input");
        carry.type = "hidden"; carry.name = submitter.name; carry.value = submitter.value;
        form.appendChild(carry);
      }
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    });
  }, true);

  document.addEventListener("htmx:confirm", function (event) {
    if (!event.detail.question) { return; }
    event.preventDefault();
    ask(event.detail.question, function () { event.detail.issueRequest(true); });
  });
})();
