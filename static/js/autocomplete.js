// Searchable pickers (core/autocomplete.py). htmx fetches the matches as the user types; this
// file lets a click, Enter or the arrow keys choose one. Without scripts the typed text is
// submitted and the server offers the matches.
(() => {
  const parts = (box) => ({
    search: box.querySelector("[data-autocomplete-search]"),
    value: box.querySelector("[data-autocomplete-value]"),
    shown: box.querySelector("[data-autocomplete-shown]"),
    results: box.querySelector(".app-autocomplete-results"),
  });

  const close = (box) => {
    const { search, results } = parts(box);
    results.replaceChildren();
    search.setAttribute("aria-expanded", "false");
  };

  const choose = (box, option) => {
    const { search, value, shown } = parts(box);
    value.value = option.dataset.value;
    search.value = option.dataset.label;
    shown.value = option.dataset.label;
    close(box);
    search.focus();
    value.dispatchEvent(new Event("change", { bubbles: true }));
  };

  // Typing starts a new search: the earlier choice no longer holds.
  document.addEventListener("input", (event) => {
    const box = event.target.closest("[data-autocomplete]");
    if (box && event.target.matches("[data-autocomplete-search]")) {
      parts(box).value.value = "";
    }
  });

  document.addEventListener("htmx:afterSwap", (event) => {
    const box = event.target.closest("[data-autocomplete]");
    if (box) {
      const { search, results } = parts(box);
      const open = results.querySelector(".app-autocomplete-option") !== null;
      search.setAttribute("aria-expanded", String(open));
    }
  });

  document.addEventListener("click", (event) => {
    const option = event.target.closest(".app-autocomplete-option");
    if (option) {
      choose(option.closest("[data-autocomplete]"), option);
      return;
    }
    document.querySelectorAll("[data-autocomplete]").forEach((box) => {
      if (!box.contains(event.target) && box.querySelector(".app-autocomplete-list")) {
        close(box);
      }
    });
  });

  document.addEventListener("keydown", (event) => {
    const box = event.target.closest("[data-autocomplete]");
    if (!box) {
      return;
    }
    const { search } = parts(box);
    const options = [...box.querySelectorAll(".app-autocomplete-option")];
    const index = options.indexOf(event.target);
    if (event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      options[Math.min(index + 1, options.length - 1)].focus();
    } else if (event.key === "ArrowUp" && index >= 0) {
      event.preventDefault();
      (index === 0 ? search : options[index - 1]).focus();
    } else if (event.key === "Escape" && options.length) {
      event.preventDefault();
      close(box);
      search.focus();
    } else if (event.key === "Enter" && event.target === search && options.length) {
      // Enter in the box takes the first match instead of sending the form half filled in.
      event.preventDefault();
      choose(box, options[0]);
    }
  });
})();
