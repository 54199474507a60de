/* Offline search over window.NEWS_DIGEST_SEARCH (search-index.js, loaded before
   this file). Runs in the browser, so it works from file:// and on any static host.
   Results are built with DOM methods and textContent: index text is never markup. */
(function () {
  "use strict";
  var data = window.NEWS_DIGEST_SEARCH;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  if (!form || !input || !results) { return; }
  var root = form.getAttribute("data-root") || ".";
  var KIND = { country: "Country", organisation: "Organisation", legal_instrument: "Legal instrument" };

  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];

  function longDate(iso) {
    var parts = iso.split("-");
    return Number(parts[2]) + " " + MONTHS[Number(parts[1]) - 1] + " " + parts[0];
  }

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function href(url) {
    return root + "/" + url;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  var articles = data ? data.articles.map(function (a) {
    return { item: a, title: fold(a.title), entities: fold(a.entities.join(" | ")),
             rest: fold([a.summary, a.source, a.date].join(" | ")) };
  }) : [];
  var entities = data ? data.entities.map(function (e) {
    return { item: e, name: fold(e.name), also: fold(e.also.join(" | ")) };
  }) : [];

  function scoreArticle(entry, terms) {
    var score = 0;
    for (var i = 0; i < terms.length; i += 1) {
      var term = terms[i];
      var hit = 0;
      if (entry.title.indexOf(term) !== -1) { hit += 5; }
      if (entry.entities.indexOf(term) !== -1) { hit += 3; }
      if (entry.rest.indexOf(term) !== -1) { hit += 1; }
      if (!hit) { return 0; }
      score += hit;
    }
    return score;
  }

  function scoreEntity(entry, terms) {
    var score = 0;
    for (var i = 0; i < terms.length; i += 1) {
      var hit = entry.name.indexOf(terms[i]) !== -1 ? 3 : (entry.also.indexOf(terms[i]) !== -1 ? 1 : 0);
      if (!hit) { return 0; }
      score += hit;
    }
    return score;
  }

  function ranked(list, scorer, terms) {
    return list.map(function (entry, index) { return [scorer(entry, terms), index, entry.item]; })
      .filter(function (row) { return row[0] > 0; })
      .sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; })
      .map(function (row) { return row[2]; });
  }

  function render(query) {
    var terms = fold(query).split(/\s+/).filter(Boolean);
    results.textContent = "";
    if (!data) {
      status.textContent = "The search index (search-index.js) could not be loaded.";
      return;
    }
    if (!terms.length) {
      status.textContent = "Type a word: a title word, a country, an organisation or a law.";
      return;
    }
    var foundEntities = ranked(entities, scoreEntity, terms).slice(0, 12);
    var foundArticles = ranked(articles, scoreArticle, terms);
    status.textContent = foundArticles.length + (foundArticles.length === 1 ? " article" : " articles") +
      " and " + foundEntities.length + (foundEntities.length === 1 ? " entity" : " entities") +
      " match \u201c" + query.trim() + "\u201d.";

    if (foundEntities.length) {
      var section = element("section", "result-group");
      section.setAttribute("aria-label", "Matching entities");
      section.appendChild(element("h2", "", "Entities"));
      var chips = element("ul", "chip-list");
      foundEntities.forEach(function (e) {
        var li = element("li");
        var a = element("a", "chip chip--" + e.kind, e.name);
        a.href = href(e.url);
        var count = element("span", "chip-count", String(e.articles));
        count.appendChild(element("span", "visually-hidden", e.articles === 1 ? " article" : " articles"));
        a.appendChild(document.createTextNode(" "));
        a.appendChild(count);
        a.title = KIND[e.kind] + (e.description ? ": " + e.description : "");
        li.appendChild(a);
        chips.appendChild(li);
      });
      section.appendChild(chips);
      results.appendChild(section);
    }
    if (foundArticles.length) {
      var group = element("section", "result-group");
      group.setAttribute("aria-label", "Matching articles");
      group.appendChild(element("h2", "", "Articles"));
      var list = element("ol", "card-list");
      foundArticles.slice(0, 50).forEach(function (a) {
        var li = element("li");
        var card = element("article", "card");
        var title = element("h3", "card-title");
        var link = element("a", "", a.title);
        link.href = href(a.url);
        title.appendChild(link);
        card.appendChild(title);
        var meta = element("p", "meta");
        if (a.date) {
          var time = element("time", "", longDate(a.date));
          time.setAttribute("datetime", a.date);
          meta.appendChild(time);
        } else {
          meta.appendChild(element("span", "undated", "Undated"));
        }
        if (a.source) { meta.appendChild(document.createTextNode(" \u00b7 " + a.source)); }
        card.appendChild(meta);
        if (a.summary) { card.appendChild(element("p", "summary", a.summary)); }
        if (a.entities.length) { card.appendChild(element("p", "meta", "Names " + a.entities.join(", "))); }
        li.appendChild(card);
        list.appendChild(li);
      });
      group.appendChild(list);
      results.appendChild(group);
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

  function fromLocation() {
    var match = /[?&]q=([^&#]*)/.exec(window.location.search);
    return match ? decodeQueryValue(match[1]) : "";
  }

  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { render(input.value); }, 150);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    render(input.value);
  });
  input.value = fromLocation();
  render(input.value);
}());
