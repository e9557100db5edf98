/* The badge search page, made faster: as-you-type suggestions (the ARIA 1.2 combobox
   pattern) and new results without a full page load, the URL kept in step for sharing.
   Without this script the page still works: the form submits and the links navigate. */
(function () {
  "use strict";
  var form = document.getElementById("discover-form");
  if (!form || !window.fetch || !window.history.pushState) return;
  var input = document.getElementById("discover-q");
  var listbox = document.getElementById("discover-suggestions");
  var status = document.getElementById("discover-status");
  var region = document.getElementById("discover-results");
  document.documentElement.classList.add("js"); // hides the "Apply filters" and "Sort" buttons

  /* Results */
  var pending = null;
  // On narrow screens the filters start folded so the results come first.
  var narrow = window.matchMedia("(max-width: 52rem)");
  var filtersOpen = !narrow.matches;

  function foldFilters() {
    var panel = region.querySelector(".facet-panel");
    if (!panel) return;
    panel.open = filtersOpen || !narrow.matches;
    panel.addEventListener("toggle", function () {
      filtersOpen = panel.open;
    });
  }
  foldFilters();

  function formUrl() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, name) {
      if (value !== "") params.append(name, value);
    });
    var query = params.toString();
    return form.action + (query ? "?" + query : "");
  }

  function load(url, push, focusHeading) {
    if (pending) pending.abort();
    pending = new AbortController();
    var active = document.activeElement;
    var keep = active && active.form === form && active.type === "checkbox"
      ? 'input[name="' + CSS.escape(active.name) + '"][value="' + CSS.escape(active.value) + '"]'
      : active && active.id ? "#" + CSS.escape(active.id) : null;
    region.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "X-Discovery-Partial": "results" }, signal: pending.signal })
      .then(function (response) {
        if (!response.ok && response.status !== 400) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        region.innerHTML = html;
        region.removeAttribute("aria-busy");
        foldFilters();
        if (push) window.history.pushState({ discover: true }, "", url);
        var q = new URL(url, window.location.href).searchParams.get("q") || "";
        input.value = q;
        document.title = (q ? q + " · " : "") + form.getAttribute("data-title-suffix");
        var summary = region.querySelector("[data-summary]");
        status.textContent = summary ? summary.getAttribute("data-summary") : "";
        var heading = region.querySelector("h2[id]");
        var again = keep && region.querySelector(keep);
        if (focusHeading && heading) {
          heading.setAttribute("tabindex", "-1");
          heading.focus();
          heading.scrollIntoView({ block: "start" });
        } else if (again) {
          again.focus();
        }
      })
      .catch(function (error) {
        if (error.name !== "AbortError") window.location.assign(url); // let the browser try
      });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    closeList();
    // A new search starts at page 1 and keeps the filters chosen.
    load(formUrl(), true, false);
  });
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.form === form && (target.type === "checkbox" || target.tagName === "SELECT")) {
      load(formUrl(), true, false);
    }
  });
  region.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-results-link]");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    load(link.href, true, true);
  });
  window.addEventListener("popstate", function () {
    load(window.location.href, false, false);
  });

  /* Suggestions: a listbox popup of the search box; focus stays in the box. */
  var options = [];
  var current = -1;
  var timer = null;
  var suggestUrl = form.getAttribute("data-suggest-url");

  function closeList() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    current = -1;
  }

  function openList() {
    if (!options.length) return;
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }

  function mark(text, typed) {
    var item = document.createElement("li");
    var at = text.toLowerCase().indexOf(typed.toLowerCase());
    if (at < 0 || !typed) {
      item.textContent = text;
      return item;
    }
    item.append(text.slice(0, at));
    var strong = document.createElement("strong");
    strong.textContent = text.slice(at, at + typed.length);
    item.append(strong, text.slice(at + typed.length));
    return item;
  }

  function show(texts, typed) {
    options = texts.map(function (text, i) {
      var item = mark(text, typed);
      item.id = "discover-suggestion-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-value", text);
      return item;
    });
    listbox.replaceChildren.apply(listbox, options);
    current = -1;
    input.removeAttribute("aria-activedescendant");
    if (options.length) openList();
    else closeList();
  }

  function highlight(index) {
    current = index;
    options.forEach(function (item, i) {
      item.setAttribute("aria-selected", i === index ? "true" : "false");
    });
    input.setAttribute("aria-activedescendant", options[index].id);
    options[index].scrollIntoView({ block: "nearest" });
  }

  function choose(index) {
    input.value = options[index].getAttribute("data-value");
    closeList();
    form.requestSubmit();
  }

  function suggest() {
    var typed = input.value.trim();
    if (typed.length < 2) {
      show([], "");
      return;
    }
    fetch(suggestUrl + "?q=" + encodeURIComponent(typed))
      .then(function (response) {
        return response.ok ? response.json() : { suggestions: [] };
      })
      .then(function (data) {
        if (input.value.trim() !== typed || document.activeElement !== input) return; // stale
        var texts = [];
        data.suggestions.forEach(function (s) {
          if (texts.indexOf(s.text) < 0) texts.push(s.text);
        });
        show(texts, typed);
      })
      .catch(function () {
        show([], "");
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(suggest, 150);
  });
  input.addEventListener("keydown", function (event) {
    var open = !listbox.hidden;
    if (event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      openList();
      highlight(current < options.length - 1 ? current + 1 : 0);
    } else if (event.key === "ArrowUp" && open) {
      event.preventDefault();
      highlight(current > 0 ? current - 1 : options.length - 1);
    } else if (event.key === "Enter" && open && current >= 0) {
      event.preventDefault();
      choose(current);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      closeList();
    }
  });
  input.addEventListener("blur", closeList);
  // Keep focus in the box while a pointer picks an option.
  listbox.addEventListener("mousedown", function (event) {
    event.preventDefault();
  });
  listbox.addEventListener("click", function (event) {
    var item = event.target.closest("[role=option]");
    if (item) choose(options.indexOf(item));
  });
})();
