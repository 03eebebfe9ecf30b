// Site-wide behaviour. No inline scripts anywhere, so the Content-Security-Policy stays strict.
document.addEventListener("htmx:configRequest", (event) => {
  event.detail.headers["X-CSRFToken"] = document.body.dataset.csrfToken;
});

document.addEventListener("change", (event) => {
  if (event.target.matches("[data-autosubmit]")) {
    event.target.form.submit();
  }
});

// The menu button of narrow screens (app.css collapses the header tools and the navigation
// below 1024px; css/noscript.css keeps them open where scripts do not run).
document.addEventListener("click", (event) => {
  const toggle = event.target.closest("[data-menu-toggle]");
  if (!toggle) {
    return;
  }
  const open = toggle.getAttribute("aria-expanded") !== "true";
  toggle.setAttribute("aria-expanded", String(open));
  document.body.classList.toggle("menu-open", open);
});

document.addEventListener("keydown", (event) => {
  const toggle = document.querySelector("[data-menu-toggle][aria-expanded='true']");
  if (event.key === "Escape" && toggle) {
    toggle.setAttribute("aria-expanded", "false");
    document.body.classList.remove("menu-open");
    toggle.focus();
  }
});

// Money inputs (core.forms.MoneyInput): thousands separators while the amount is typed, the
// caret kept after the same digit. Anything but digits, commas and spaces (50억, 1,000원) is
// left as typed; the form reads 원 and explains how to write a Korean unit.
document.addEventListener("input", (event) => {
  const input = event.target;
  if (!input.matches("[data-money]") || event.isComposing || !/^[\d,\s]*$/.test(input.value)) {
    return;
  }
  const typed = input.value;
  const caret = input.selectionStart ?? typed.length;
  const digitsBeforeCaret = typed.slice(0, caret).replace(/\D/g, "").length;
  const grouped = typed.replace(/\D/g, "").replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  if (grouped === typed) {
    return;
  }
  input.value = grouped;
  let position = 0;
  for (let seen = 0; position < grouped.length && seen < digitsBeforeCaret; position += 1) {
    if (grouped[position] !== ",") {
      seen += 1;
    }
  }
  input.setSelectionRange(position, position);
});
