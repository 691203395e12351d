/* The counter page's keyboard path and scan uploads (no build step, no CDN).
   - Enter in the procedure search chooses the first match; the arrow keys move through them.
   - Enter in the ID number (or leaving it with a new number) looks the applicant up, instead
     of submitting the form.
   - After each htmx swap the server says where focus goes next (data-then-focus, "a|b": the
     first that exists); otherwise focus stays on the element it was on.
   - A scan is sent on its own as soon as it is chosen, with a <progress> fed by the upload;
     the answer (a signed token, or the reason of a refusal) replaces the row's result. */
(function () {
  "use strict";

  function form() { return document.getElementById("counter-form"); }
  var chooseWhenFound = false, searching = false;
  document.addEventListener("input", function (event) {
    if (event.target.id === "procedure-query") { searching = true; }
  });

  function focusFirst(selectors) {
    var list = (selectors || "").split("|");
    for (var i = 0; i < list.length; i++) {
      var el = document.querySelector(list[i]);
      if (el) { el.focus(); return true; }
    }
    return false;
  }

  // --- Keyboard ---------------------------------------------------------------------------
  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (el.id === "procedure-query") {
      var choices = document.querySelectorAll("#procedure-results .procedure-choice");
      if (event.key === "Enter") {
        event.preventDefault();
        if (choices.length && !searching) { choices[0].click(); return; }
        // Typed faster than the search answered: search now, choose when the answer comes.
        chooseWhenFound = true;
        if (window.htmx) { window.htmx.trigger(el, "search"); }
      } else if (event.key === "ArrowDown" && choices.length) {
        event.preventDefault();
        choices[0].focus();
      }
      return;
    }
    if (el.classList && el.classList.contains("procedure-choice")) {
      var all = Array.prototype.slice.call(document.querySelectorAll("#procedure-results .procedure-choice"));
      var at = all.indexOf(el);
      if (event.key === "ArrowDown" && at < all.length - 1) { event.preventDefault(); all[at + 1].focus(); }
      if (event.key === "ArrowUp") {
        event.preventDefault();
        (at > 0 ? all[at - 1] : document.getElementById("procedure-query")).focus();
      }
      return;
    }
    if (el.dataset && el.dataset.enter === "lookup" && event.key === "Enter") {
      event.preventDefault();
      lookUp(el);
    }
  });

  // The applicant is looked up once per ID number: on Enter, or on leaving the field with a
  // new number. Never twice for the same number, so a lookup cannot overwrite what the
  // officer has typed since.
  function lookUp(input) {
    if (input.dataset.lookedUp === input.value || !window.htmx) { return; }
    input.dataset.lookedUp = input.value;
    window.htmx.trigger(input, "lookup");
  }
  document.addEventListener("change", function (event) {
    if (event.target.dataset && event.target.dataset.enter === "lookup") { lookUp(event.target); }
  });

  // --- Focus after htmx swaps ---------------------------------------------------------------
  var keep = null;
  document.addEventListener("htmx:beforeSwap", function () {
    var active = document.activeElement;
    keep = active && active.id ? active.id : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target || event.target;
    var root = target && target.querySelector ? target : document;
    var directed = (target.matches && target.matches("[data-then-focus]")) ? target
      : root.querySelector("[data-then-focus]");
    if (directed) {
      var where = directed.getAttribute("data-then-focus");
      directed.removeAttribute("data-then-focus");
      if (focusFirst(where)) { return; }
    }
    if (keep && document.activeElement === document.body) {
      var again = document.getElementById(keep);
      if (again) { again.focus(); }
    }
    if (target.id === "procedure-results") {
      searching = false;
      var first = target.querySelector(".procedure-choice");
      if (chooseWhenFound && first) { chooseWhenFound = false; first.click(); return; }
      chooseWhenFound = false;
    }
    if (target.id === "procedure-area") {
      var results = document.getElementById("procedure-results");
      if (results) { results.innerHTML = ""; }
    }
  });

  // --- Scan uploads ---------------------------------------------------------------------------
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.classList || !input.classList.contains("scan-file") || !input.files.length) { return; }
    var page = form();
    var cell = input.closest(".scan");
    var progress = cell.querySelector(".scan-progress");
    var result = cell.querySelector(".scan-result");
    var data = new FormData();
    data.append("component", input.dataset.component);
    data.append("file", input.files[0]);
    var xhr = new XMLHttpRequest();
    xhr.open("POST", page.dataset.scanUrl);
    xhr.setRequestHeader("X-CSRFToken", page.querySelector("[name=csrfmiddlewaretoken]").value);
    progress.value = 0;
    progress.hidden = false;
    result.textContent = page.dataset.uploading;
    xhr.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) { progress.max = e.total; progress.value = e.loaded; }
    });
    xhr.addEventListener("load", function () {
      progress.hidden = true;
      result.innerHTML = xhr.responseText;
      if (xhr.status === 200) {
        var button = cell.querySelector(".scan-button");
        if (button && button.firstChild) { button.firstChild.textContent = page.dataset.scanAgain; }
        input.value = "";
        var given = document.getElementById(input.dataset.given);
        if (given && !given.checked) { given.checked = true; }
      }
    });
    xhr.addEventListener("error", function () {
      progress.hidden = true;
      result.textContent = page.dataset.uploadFailed;
    });
    xhr.send(data);
  });

  // --- After a refused submission, the summary of what to fix comes first -------------------
  document.addEventListener("DOMContentLoaded", function () {
    var errors = document.getElementById("counter-errors");
    if (errors) { errors.focus(); }
  });
})();
