/* Timeline filter: show only the articles tagged with one entity.
   Progressive enhancement: without JavaScript the form stays hidden and every
   article shows. Reads only the page itself, so it works from file://. */
(function () {
  "use strict";
  var form = document.getElementById("timeline-filter");
  var select = document.getElementById("entity-filter");
  if (!form || !select) { return; }
  var status = document.getElementById("filter-status");
  var items = Array.prototype.slice.call(document.querySelectorAll("[data-entities]"));
  var events = Array.prototype.slice.call(document.querySelectorAll("[data-event-entity]"));
  var sections = Array.prototype.slice.call(document.querySelectorAll("[data-filter-section]"));
  var yearLinks = Array.prototype.slice.call(document.querySelectorAll("[data-filter-group]"));

  function keysOf(element) {
    return element.getAttribute("data-entities").split(/\s+/);
  }

  function apply() {
    var key = select.value;
    var shown = 0;
    items.forEach(function (item) {
      var visible = !key || keysOf(item).indexOf(key) !== -1;
      item.hidden = !visible;
      if (visible) { shown += 1; }
    });
    events.forEach(function (event) {
      event.hidden = Boolean(key) && event.getAttribute("data-event-entity") !== key;
    });
    // Innermost sections first, so a year notices that all its months are now hidden.
    sections.slice().reverse().forEach(function (section) {
      section.hidden = Boolean(key) &&
        !section.querySelector("[data-entities]:not([hidden]), [data-event-entity]:not([hidden])");
    });
    yearLinks.forEach(function (link) {
      var section = document.querySelector('[data-filter-section="' + link.getAttribute("data-filter-group") + '"]');
      link.hidden = Boolean(section && section.hidden);
    });
    if (status) {
      var name = key ? select.options[select.selectedIndex].text.replace(/\s*\(\d+\)$/, "") : "";
      status.textContent = key
        ? shown + (shown === 1 ? " article names " : " articles name ") + name + "."
        : "Showing all " + items.length + (items.length === 1 ? " article." : " articles.");
    }
  }

  // A query that is not valid percent-encoding ("?q=%", "?q=%E0") must not stop this
  // script: each run of escapes is decoded on its own, and one that will not decode stays as typed.
  function decodeQueryValue(value) {
    return value.replace(/\+/g, " ").replace(/(?:%[0-9A-Fa-f]{2})+/g, function (escapes) {
      try {
        return decodeURIComponent(escapes);
      } catch (error) {
        return escapes;
      }
    });
  }

  function initialKey() {
    var match = /[?&]entity=([^&#]*)/.exec(window.location.search);
    if (!match) { return ""; }
    var key = decodeQueryValue(match[1]);
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === key) { return key; }
    }
    return "";
  }

  form.hidden = false;
  select.value = initialKey();
  select.addEventListener("change", apply);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    apply();
  });
  apply();
}());
