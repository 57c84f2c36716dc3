// Yokoten's progressive enhancements. Every page works without them.
(function () {
  "use strict";

  // On a narrow screen the site menu and the filter panels fold behind their
  // button (「メニュー」, 「絞り込み（n）」), so the page's own content comes
  // first; on a wide screen they stay open. A panel whose form has an error
  // stays open. Without JavaScript every panel is open.
  var narrow = window.matchMedia("(max-width: 48rem)");
  function fold() {
    document.querySelectorAll("details[data-fold-when-narrow]").forEach(function (panel) {
      panel.open = !narrow.matches || panel.hasAttribute("data-keep-open");
    });
  }
  fold();
  narrow.addEventListener("change", fold);

  // A form submitted with errors opens on its error summary; each link in it
  // focuses its field and shows the field's label above it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      var input = link && document.getElementById(link.getAttribute("href").slice(1));
      if (!input) return;
      event.preventDefault();
      var field = input.closest(".field") || input;
      field.scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }

  // While a question's title is typed, the questions and case studies that may
  // already answer it appear below the form (the same list as the form's
  // 「似た質問を確認」 button shows without JavaScript).
  var similar = document.querySelector("[data-similar-url]");
  var title = similar && similar.closest("form").querySelector("input[name='title']");
  if (title) {
    var timer, asked = "";
    title.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var text = title.value.trim();
        if (text.length < 2 || text === asked) return;
        asked = text;
        var url = similar.dataset.similarUrl + "?title=" + encodeURIComponent(text);
        fetch(url, { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.text() : ""; })
          .then(function (html) { if (asked === text) similar.innerHTML = html; })
          .catch(function () {});
      }, 400);
    });
  }

  // A municipality chooser (community/municipalities/chooser.py) is a text input
  // the server understands by code, name, kana or romaji; as the reader types,
  // its <datalist> fills with the matching towns, which the keyboard can pick.
  document.querySelectorAll("input[data-municipality-chooser]").forEach(function (input) {
    var list = input.list;
    if (!list) return;
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var typed = input.value.trim();
        if (!typed || typed === asked) return;
        asked = typed;
        var url = input.getAttribute("data-municipality-chooser") + "?q=" + encodeURIComponent(typed);
        fetch(url, { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            if (asked !== typed) return;
            list.replaceChildren.apply(list, data.results.map(function (town) {
              var option = document.createElement("option");
              option.value = town.label;
              option.textContent = town.kana ? town.label + "（" + town.kana + "）" : town.label;
              return option;
            }));
          })
          .catch(function () {});
      }, 200);
    });
  });
})();
