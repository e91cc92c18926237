/* Contact e-mail addresses are printed "name [at] example [dot] org", so programs that
 * harvest addresses from pages find none, and a person without JavaScript can still
 * read them. Here each gets a button that turns it into a mailto: link, on request. */
(function () {
  "use strict";

  // the button's word in the page's language, from the script element (main.html)
  const script = document.currentScript;
  const label = (script && script.dataset.labelShow) || "Show address";

  document.querySelectorAll("[data-campaign-email]").forEach(function (holder) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "catalog-email__show";
    button.textContent = label;
    button.addEventListener("click", function () {
      // an address has no spaces, so the written form turns back without ambiguity
      const address = holder.textContent.trim().split(" [at] ").join("@")
        .split(" [dot] ").join(".");
      const link = document.createElement("a");
      link.href = "mailto:" + address;
      link.textContent = address;
      holder.replaceChildren(link);
      button.remove();
      link.focus();
    });
    holder.after(" ", button);
  });
})();
