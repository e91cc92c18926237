/* The "Print / save as PDF" button of a conference's printable catalog: hidden in the
 * page (it does nothing without a script), shown and wired here. No inline script:
 * the site's Content-Security-Policy allows scripts from the site's own files only. */
(function () {
  "use strict";
  document.querySelectorAll("[data-campaign-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
