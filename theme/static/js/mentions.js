/* Mention tooltips on touch screens: the first tap on a mention shows its tooltip (name,
   kind, description, drawn by the stylesheet); a second tap on it opens the entity's page.
   A tap elsewhere or Escape closes it. Mouse and keyboard need no script (hover, focus). */
(function () {
  "use strict";
  var open = null;
  var touch = false;

  function close() {
    if (open) { open.classList.remove("is-open"); open = null; }
  }

  document.addEventListener("pointerdown", function (event) {
    touch = event.pointerType === "touch" || event.pointerType === "pen";
  }, true);
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.mention") : null;
    if (!link) { close(); return; }
    if (touch && link !== open) {
      event.preventDefault();
      close();
      open = link;
      link.classList.add("is-open");
      link.focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { close(); }
  });
}());
