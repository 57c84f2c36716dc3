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
})();
