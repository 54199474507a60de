/* Timeline filter: show only what names one entity, and recount.
   The chosen entity lives in the address (?entity=kind/id), so Back, reload and a
   shared link show the same thing, and links to other years keep it.
   A year page filters its own articles ([data-entities]) and events ([data-names]);
   the overview loads the entity's counts per year from timeline/<kind>/<id>.js, a
   script that hands its data to window.newsDigestTimeline, so it works from file://.
   Progressive enhancement: without JavaScript the form stays hidden and all shows. */
(function () {
  "use strict";
  var form = document.getElementById("timeline-filter");
  var select = document.getElementById("entity-filter");
  if (!form || !select) { return; }
  var status = document.getElementById("filter-status");
  var scope = form.getAttribute("data-scope");
  var script = document.currentScript;
  var root = script ? script.getAttribute("src").replace(/theme\/js\/timeline\.js$/, "") : "";
  var all = function (selector) { return Array.prototype.slice.call(document.querySelectorAll(selector)); };
  var items = all("[data-entities]");
  var events = all("[data-names]");
  var counts = all("[data-count]");
  var rows = all("[data-year]");
  var keepLinks = all("a[data-keep-filter]");
  var pageCount = document.querySelector("[data-page-count]");
  var pageCountText = pageCount ? pageCount.textContent : "";
  var loaded = {};

  function plural(count, one, many) { return count + " " + (count === 1 ? one : many); }

  // A query that is not valid percent-encoding ("?entity=%", "%E0") must not stop this
  // script: each run of escapes is decoded on its own, and one that will not decode stays as typed.
  function decodeQueryValue(value) {
    return value.replace(/\+/g, " ").replace(/(?:%[0-9A-Fa-f]{2})+/g, function (escapes) {
      try { return decodeURIComponent(escapes); } catch (error) { return escapes; }
    });
  }

  function keyFromAddress() {
    var match = /[?&]entity=([^&#]*)/.exec(window.location.search);
    return match ? decodeQueryValue(match[1]) : "";
  }

  function isKey(key) { return /^(country|organisation|legal_instrument)\/[a-z0-9][a-z0-9-]*$/.test(key); }

  function offered(key) {
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === key) { return select.options[i]; }
    }
    return null;
  }

  function withFilter(href, key) {
    var parts = /^([^?#]*)(\?[^#]*)?(#.*)?$/.exec(href);
    var query = (parts[2] || "").replace(/^\?/, "").split("&").filter(function (part) {
      return part && part.indexOf("entity=") !== 0;
    });
    if (key) { query.push("entity=" + encodeURIComponent(key).replace(/%2F/g, "/")); }
    return parts[1] + (query.length ? "?" + query.join("&") : "") + (parts[3] || "");
  }

  function nameOf(key) {
    var option = offered(key);
    return option ? option.text : key.replace(/^[^/]*\//, "").replace(/-/g, " ");
  }

  function countText(articles, eventCount, ofArticles, ofEvents, key) {
    var text = !ofArticles ? "" : key ? articles + " of " + plural(ofArticles, "article", "articles")
      : plural(articles, "article", "articles");
    if (ofEvents) {
      text += (text ? " · " : "") + (key ? eventCount + " of " + plural(ofEvents, "event", "events") : plural(eventCount, "event", "events"));
    }
    return text;
  }

  function filterYearPage(key) {
    var shownArticles = 0;
    var shownEvents = 0;
    items.forEach(function (item) {
      var visible = !key || item.getAttribute("data-entities").split(/\s+/).indexOf(key) !== -1;
      item.hidden = !visible;
      if (visible) { shownArticles += 1; }
    });
    events.forEach(function (event) {
      var visible = !key || event.getAttribute("data-names").split(/\s+/).indexOf(key) !== -1;
      event.hidden = !visible;
      if (visible) { shownEvents += 1; }
    });
    counts.forEach(function (count) {
      var section = count.closest("section");
      var articles = section.querySelectorAll("[data-entities]:not([hidden])").length;
      var eventCount = section.querySelectorAll("[data-names]:not([hidden])").length;
      var ofArticles = Number(count.getAttribute("data-articles"));
      var ofEvents = Number(count.getAttribute("data-events"));
      if (!ofArticles && !ofEvents) { return; }
      count.textContent = countText(articles, eventCount, ofArticles, ofEvents, key);
      all("#" + section.id + " .tl-events").forEach(function (box) {
        box.hidden = Boolean(key) && !box.querySelector("[data-names]:not([hidden])");
      });
    });
    if (status) {
      status.textContent = key
        ? plural(shownArticles, "article", "articles") + " and " + plural(shownEvents, "event", "events") +
          " on this page name " + nameOf(key) + "."
        : "Showing all " + plural(items.length, "article", "articles") + " and " +
          plural(events.length, "event", "events") + ".";
    }
  }

  function recountOverview(key, data) {
    var totalArticles = 0;
    var totalEvents = 0;
    var years = 0;
    rows.forEach(function (row) {
      var year = row.getAttribute("data-year");
      var ofArticles = Number(row.getAttribute("data-articles"));
      var ofEvents = Number(row.getAttribute("data-events"));
      var found = !key ? [ofArticles, ofEvents]
        : (year === "undated" ? [data.undated || 0, 0] : (data.years[year] || [0, 0]));
      row.hidden = Boolean(key) && !found[0] && !found[1];
      var top = row.querySelector("[data-unfiltered]");
      if (top) { top.hidden = Boolean(key); }
      var text = row.querySelector("[data-year-count]");
      if (text) {
        text.textContent = key ? countText(found[0], found[1], ofArticles, ofEvents, key) + " mentioned"
          : countText(ofArticles, ofEvents, ofArticles, ofEvents, "") + (ofEvents ? " mentioned" : "");
      }
      if (key && (found[0] || found[1])) { years += 1; }
      totalArticles += found[0];
      totalEvents += found[1];
    });
    if (status) {
      status.textContent = key
        ? plural(totalArticles, "article", "articles") + " and " + plural(totalEvents, "event", "events") +
          " name " + nameOf(key) + ", over " + plural(years, "year", "years") + "."
        : "Showing every year.";
    }
  }

  var wanted = "";

  function loadCounts(key) {
    if (loaded[key]) { recountOverview(key, loaded[key]); return; }
    if (status) { status.textContent = "Counting " + nameOf(key) + "…"; }
    var tag = document.createElement("script");
    tag.src = root + "timeline/" + key + ".js";
    tag.onerror = function () {
      if (status && wanted === key) { status.textContent = "No counts were found for " + nameOf(key) + "."; }
    };
    document.head.appendChild(tag);
  }

  window.newsDigestTimeline = function (data) {
    if (!data || typeof data.key !== "string") { return; }
    loaded[data.key] = data;
    if (data.key === wanted) { recountOverview(wanted, data); }
  };

  function apply(key) {
    wanted = key;
    select.value = offered(key) ? key : "";
    keepLinks.forEach(function (link) {
      link.setAttribute("href", withFilter(link.getAttribute("href"), key));
    });
    if (scope === "overview") {
      if (key) { loadCounts(key); } else { recountOverview("", null); }
    } else {
      filterYearPage(offered(key) ? key : "");
      if (key && !offered(key) && status) {
        status.textContent = "Nothing on this page names " + nameOf(key) + ".";
        items.forEach(function (item) { item.hidden = true; });
        events.forEach(function (event) { event.hidden = true; });
      }
    }
    if (pageCount) { pageCount.hidden = Boolean(key); }
  }

  function fromAddress() {
    var key = keyFromAddress();
    apply(isKey(key) ? key : "");
  }

  form.hidden = false;
  select.addEventListener("change", function () {
    var key = select.value;
    var address = withFilter(window.location.pathname.replace(/^.*\//, "") + window.location.search, key);
    window.history.pushState({ entity: key }, "", address);
    apply(key);
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("popstate", fromAddress);
  // A page restored from the back-forward cache keeps its own address: show what it says.
  window.addEventListener("pageshow", function (event) { if (event.persisted) { fromAddress(); } });
  fromAddress();
}());
