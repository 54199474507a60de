/* Offline search. search-index.js (the manifest, loaded before this file) says how the index
   is split; the parts a query needs (meta, one postings shard per word, phrase pairs, the
   articles on screen) are added as classic <script> elements, so it works from file://
   and on any static host. Folding and tokenising follow plugins/news_digest/search_index.py.
   Results are built with DOM methods and textContent: index text is never markup. */
(function () {
  "use strict";
  var manifest = window.NEWS_DIGEST_SEARCH;
  var form = document.getElementById("search-form");
  var input = document.getElementById("search-q");
  var status = document.getElementById("search-status");
  var results = document.getElementById("search-results");
  var filters = document.getElementById("search-filters");
  var kindSelect = document.getElementById("search-kind");
  var entitySelect = document.getElementById("search-entity");
  var yearSelect = document.getElementById("search-year");
  if (!form || !input || !results || !status) { return; }
  var root = form.getAttribute("data-root") || ".";
  var PAGE = 10;
  var KIND_LABEL = { country: "Country", organisation: "Organisation", legal_instrument: "Legal instrument" };
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
                "September", "October", "November", "December"];

  // --- loading index parts -------------------------------------------------------------------
  var parts = {};
  var loading = {};
  var loaded = [];  // part names in load order (the benchmark reads this)
  window.NEWS_DIGEST_SEARCH_PART = function (data) { parts[data.part] = data; };
  window.NEWS_DIGEST_SEARCH_LOADED = loaded;

  function load(name) {
    if (!loading[name]) {
      loading[name] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = root + "/search/" + name + ".js";
        // A part runs (and registers itself) before its load event fires.
        script.onload = function () {
          if (parts[name]) { loaded.push(name); resolve(parts[name]); } else { reject(new Error(name)); }
        };
        script.onerror = function () { delete loading[name]; reject(new Error(name)); };
        document.head.appendChild(script);
      });
    }
    return loading[name];
  }

  function loadAll(names) {
    return Promise.all(names.map(load));
  }

  // --- words -----------------------------------------------------------------------------------
  var FOLD = manifest ? manifest.fold : {};
  var DIGIT = {};
  if (manifest) { manifest.digits.split("").forEach(function (c, i) { DIGIT[c] = i; }); }

  function fold(text) {
    return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
      .replace(/[^\x00-\x7f]/g, function (c) { return FOLD[c] || c; });
  }

  function tokens(text) {
    return (fold(text).match(/[\p{L}\p{N}]+/gu) || []).filter(function (w) {
      return w.length <= manifest.maxWord;
    });
  }

  function decode(text) {
    var numbers = [];
    var value = 0;
    var shift = 0;
    for (var i = 0; i < text.length; i += 1) {
      var digit = DIGIT[text.charAt(i)];
      if (digit >= 32) {
        value += (digit - 32) * Math.pow(2, shift);
        shift += 5;
      } else {
        numbers.push(value + digit * Math.pow(2, shift));
        value = 0;
        shift = 0;
      }
    }
    return numbers;
  }

  var CRC = [];
  for (var n = 0; n < 256; n += 1) {
    var c = n;
    for (var k = 0; k < 8; k += 1) { c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; }
    CRC.push(c >>> 0);
  }

  // CRC-32 of the UTF-8 of "word word", as search_index.pair_hash.
  function pairHash(pair) {
    var bytes = new TextEncoder().encode(pair);
    var h = 0xffffffff;
    for (var i = 0; i < bytes.length; i += 1) { h = CRC[(h ^ bytes[i]) & 0xff] ^ (h >>> 8); }
    return (h ^ 0xffffffff) >>> 0;
  }

  // The shard holding a word: the last whose first word is not after it.
  function shardOf(word) {
    var list = manifest.shards;
    var lo = 0;
    var hi = list.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (list[mid] <= word) { lo = mid; } else { hi = mid - 1; }
    }
    return lo;
  }

  function shardsFor(word, prefix) {
    var first = shardOf(word);
    var found = [first];
    // A prefix's words may run on into the next shards; four at most keeps a query small.
    for (var i = first + 1; prefix && i < manifest.shards.length && found.length < 4; i += 1) {
      if (manifest.shards[i].lastIndexOf(word, 0) !== 0) { break; }
      found.push(i);
    }
    return found.map(function (i) { return "t" + i; });
  }

  // --- the query -----------------------------------------------------------------------------
  // Groups of words: a quoted phrase or a hyphenated word ("whac-a-mole") is one group whose
  // words must stand side by side; the last word typed also matches longer words.
  function parse(query) {
    var groups = [];
    var pattern = /"([^"]*)("?)|([^\s"]+)/g;
    var match;
    var closed = false;
    while ((match = pattern.exec(query)) !== null) {
      var words = tokens(match[1] !== undefined ? match[1] : match[3]);
      closed = match[1] !== undefined && match[2] === "\"";
      if (words.length) { groups.push({ words: words, phrase: words.length > 1, quoted: match[1] !== undefined }); }
    }
    var last = groups[groups.length - 1];
    if (last && !last.phrase && !last.quoted && !closed && !/\s$/.test(query) &&
        last.words[0].length >= manifest.minPrefix) {
      last.prefix = true;
    }
    return groups;
  }

  function postings(data, word) {
    var numbers = decode(data.terms[word]);
    var docs = [];
    var weights = [];
    var doc = -1;
    for (var i = 0; i < numbers.length; i += 2) {
      doc += numbers[i] + 1;
      docs.push(doc);
      weights.push(numbers[i + 1]);
    }
    return { docs: docs, weights: weights };
  }

  function idf(df) {
    return Math.log(1 + (manifest.count - df + 0.5) / (df + 0.5));
  }

  // Scores (0 = absent) of every article for one word, or for every word it starts.
  function wordScores(word, prefix) {
    var scores = new Float64Array(manifest.count);
    var df = 0;
    shardsFor(word, prefix).forEach(function (name) {
      var data = parts[name];
      var words = prefix ? Object.keys(data.terms).filter(function (w) { return w.lastIndexOf(word, 0) === 0; })
        : (Object.prototype.hasOwnProperty.call(data.terms, word) ? [word] : []);
      words.forEach(function (w) {
        var list = postings(data, w);
        df += list.docs.length;
        var factor = idf(list.docs.length) * (w === word ? 1 : 0.8);
        for (var i = 0; i < list.docs.length; i += 1) {
          var score = factor * list.weights[i];
          if (score > scores[list.docs[i]]) { scores[list.docs[i]] = score; }
        }
      });
    });
    return { scores: scores, df: df };
  }

  function pairDocs(hash) {
    var data = parts["p" + (hash % manifest.pairShards)];
    var key = hash.toString(16);
    var docs = new Uint8Array(manifest.count);
    if (Object.prototype.hasOwnProperty.call(data.pairs, key)) {
      var doc = -1;
      decode(data.pairs[key]).forEach(function (delta) { doc += delta + 1; docs[doc] = 1; });
    }
    return docs;
  }

  function wordParts(groups) {
    var names = ["meta"];
    groups.forEach(function (group) {
      group.words.forEach(function (word) { names = names.concat(shardsFor(word, group.prefix)); });
    });
    return unique(names);
  }

  function unique(list) {
    return list.filter(function (item, i) { return list.indexOf(item) === i; });
  }

  function chunkOf(doc) {
    return "d" + Math.floor(doc / manifest.docChunk);
  }

  function docRow(doc) {
    return parts[chunkOf(doc)].docs[doc % manifest.docChunk];
  }

  // Every word's scores, and how each phrase's word pairs will be checked: a pair of common
  // words through the pair index, one with a rare word in the text of the few articles holding it.
  function prepare(groups) {
    var plan = { words: [], pairs: [], parts: [] };
    groups.forEach(function (group) {
      group.words.forEach(function (word, i) {
        var scored = wordScores(word, group.prefix);
        plan.words.push(scored.scores);
        if (group.phrase && i > 0) {
          var before = plan.words[plan.words.length - 2];
          var pair = { text: group.words[i - 1] + " " + word, docs: null };
          var both = [];
          for (var d = 0; d < manifest.count; d += 1) {
            if (before[d] > 0 && scored.scores[d] > 0) { both.push(d); }
          }
          if (Math.min(plan.lastDf, scored.df) <= manifest.pairMinDocs) {
            pair.docs = both;
            plan.parts = plan.parts.concat(both.map(chunkOf));
          } else {
            pair.hash = pairHash(pair.text);
            plan.parts.push("p" + (pair.hash % manifest.pairShards));
          }
          plan.pairs.push(pair);
        }
        plan.lastDf = scored.df;
      });
    });
    plan.parts = unique(plan.parts);
    return plan;
  }

  // Whether the words of a pair stand side by side in an article's title, a paragraph or a name.
  function adjacent(meta, doc, first, second) {
    var row = docRow(doc);
    var lines = [row[0]].concat(row[4].split("\n"));
    row[3].forEach(function (i) { lines = lines.concat(meta.entities[i][4]); });
    return lines.some(function (line) {
      var words = tokens(line);
      for (var i = 0; i + 1 < words.length; i += 1) {
        if (words[i] === first && words[i + 1] === second) { return true; }
      }
      return false;
    });
  }

  // Articles matching every word (and every phrase), best first; ties newest first.
  function match(meta, plan) {
    var total = new Float64Array(manifest.count);
    var alive = new Uint8Array(manifest.count).fill(1);
    plan.words.forEach(function (scores) {
      for (var d = 0; d < total.length; d += 1) {
        if (scores[d] > 0) { total[d] += scores[d]; } else { alive[d] = 0; }
      }
    });
    plan.pairs.forEach(function (pair) {
      var together = new Uint8Array(manifest.count);
      if (pair.docs) {
        var words = pair.text.split(" ");
        pair.docs.forEach(function (doc) { together[doc] = adjacent(meta, doc, words[0], words[1]) ? 1 : 0; });
      } else {
        together = pairDocs(pair.hash);
      }
      for (var e = 0; e < total.length; e += 1) { if (!together[e]) { alive[e] = 0; } }
    });
    var found = [];
    for (var doc = 0; doc < total.length; doc += 1) { if (alive[doc]) { found.push(doc); } }
    found.sort(function (a, b) { return total[b] - total[a] || a - b; });
    return found;
  }

  // --- entities and filters -------------------------------------------------------------------
  var entityWords = null;

  function entityInfo(meta, index) {
    var row = meta.entities[index];
    return { index: index, kind: manifest.kinds[row[0]], id: row[1], name: row[2], count: row[3], names: row[4] };
  }

  function entityUrl(entity) {
    return root + "/" + manifest.entityUrl.replace("{kind}", entity.kind).replace("{id}", entity.id);
  }

  // Entities one of whose spellings holds every query word (the last as a prefix).
  function matchingEntities(meta, groups) {
    if (!entityWords) {
      entityWords = meta.entities.map(function (row) { return row[4].map(tokens); });
    }
    var wanted = [];
    groups.forEach(function (group) {
      group.words.forEach(function (word) { wanted.push({ word: word, prefix: !!group.prefix }); });
    });
    var found = [];
    entityWords.forEach(function (spellings, index) {
      var best = 0;
      spellings.forEach(function (words) {
        var ok = wanted.every(function (w) {
          return words.some(function (x) { return x === w.word || (w.prefix && x.lastIndexOf(w.word, 0) === 0); });
        });
        if (ok) { best = Math.max(best, words.length === wanted.length ? 2 : 1); }
      });
      if (best) { found.push([best, index]); }
    });
    found.sort(function (a, b) {
      return b[0] - a[0] || meta.entities[b[1]][3] - meta.entities[a[1]][3] || a[1] - b[1];
    });
    return found.map(function (pair) { return entityInfo(meta, pair[1]); });
  }

  function docFacts(meta, doc) {
    var numbers = decode(meta.docs[doc]);
    return { year: numbers[0] ? meta.firstYear + numbers[0] : 0, entities: numbers.slice(1) };
  }

  function fillSelect(select, options, chosen, anyLabel) {
    select.textContent = "";
    var any = document.createElement("option");
    any.value = "";
    any.textContent = anyLabel;
    select.appendChild(any);
    options.forEach(function (option) {
      var parent = select;
      if (option.group) {
        parent = select.querySelector("optgroup[label=\"" + option.group + "\"]");
        if (!parent) {
          parent = document.createElement("optgroup");
          parent.label = option.group;
          select.appendChild(parent);
        }
      }
      var node = document.createElement("option");
      node.value = option.value;
      node.textContent = option.label;
      parent.appendChild(node);
    });
    select.value = chosen;
    if (select.value !== chosen) { select.value = ""; }
  }

  // --- snippets --------------------------------------------------------------------------------
  // What to highlight: each query group (a phrase only where its words stand together), and
  // the spellings of the entities the query found, so that "rattighetsalliansen" shows
  // where the article says "Rights Alliance".
  function units(groups, entities) {
    var list = groups.map(function (group) { return { words: group.words, prefix: !!group.prefix, query: true }; });
    entities.slice(0, 12).forEach(function (entity) {
      entity.names.forEach(function (name) {
        var words = tokens(name);
        if (words.length) { list.push({ words: words, prefix: false }); }
      });
    });
    return list;
  }

  function same(token, word, prefix) {
    return token === word || (prefix && token.lastIndexOf(word, 0) === 0);
  }

  function wordsOf(text, wanted) {
    var list = [];
    var pattern = /[\p{L}\p{N}\p{M}]+/gu;
    var m;
    while ((m = pattern.exec(text)) !== null) {
      // Folding is costly and most words are plain ASCII, which only needs lower case.
      var token = /^[\x00-\x7f]*$/.test(m[0]) ? m[0].toLowerCase() : tokens(m[0]).join("");
      list.push({ start: m.index, end: m.index + m[0].length, token: token, hit: -1 });
    }
    wanted.forEach(function (unit, u) {
      var n = unit.words.length;
      for (var i = 0; i + n <= list.length; i += 1) {
        var ok = true;
        for (var k = 0; k < n && ok; k += 1) {
          ok = same(list[i + k].token, unit.words[k], unit.prefix && k === n - 1);
        }
        if (ok) {
          for (k = 0; k < n; k += 1) { if (list[i + k].hit < 0) { list[i + k].hit = u; } }
        }
      }
    });
    return list;
  }

  function highlighted(text, words, from, to) {
    var fragment = document.createDocumentFragment();
    var at = from;
    var mark = null;
    var last = null;
    words.forEach(function (w) {
      if (w.hit < 0 || w.start < from || w.end > to) { return; }
      // Highlighted words only a space or hyphen apart ("Whac-a-Mole") share one mark.
      if (mark && w.start - last.end <= 2 && /^[\s\-\u2010-\u2014]*$/.test(text.slice(last.end, w.start))) {
        mark.textContent = text.slice(mark.from, w.end);
      } else {
        if (w.start > at) { fragment.appendChild(document.createTextNode(text.slice(at, w.start))); }
        mark = document.createElement("mark");
        mark.from = w.start;
        mark.textContent = text.slice(w.start, w.end);
        fragment.appendChild(mark);
      }
      at = w.end;
      last = w;
    });
    if (at < to) { fragment.appendChild(document.createTextNode(text.slice(at, to))); }
    return fragment;
  }

  // About 32 words around the passage holding the most different query words.
  function snippet(text, wanted) {
    var SPAN = 32;
    var words = wordsOf(text, wanted);
    var hits = [];
    words.forEach(function (w, i) { if (w.hit >= 0) { hits.push(i); } });
    var start = 0;
    var best = -1;
    hits.slice(0, 300).forEach(function (h) {
      var from = Math.max(0, h - 6);
      var seen = {};
      var score = 0;
      // The query's own words first, then other spellings of the entities it found.
      for (var j = from; j < Math.min(words.length, from + SPAN); j += 1) {
        var u = words[j].hit;
        if (u >= 0) {
          score += 1;
          if (!seen[u]) { seen[u] = true; score += wanted[u].query ? 10000 : 100; }
        }
      }
      if (score > best) { best = score; start = from; }
    });
    var p = document.createElement("p");
    p.className = "search-snippet";
    if (!words.length) { return p; }
    var end = Math.min(words.length, start + SPAN) - 1;
    var from = words[start].start;
    var to = words[end].end;
    if (/[.!?]$/.test(text.slice(to, to + 1))) { to += 1; }
    if (start > 0) { p.appendChild(document.createTextNode("\u2026 ")); }
    p.appendChild(highlighted(text, words, from, to));
    if (to < text.length) { p.appendChild(document.createTextNode(" \u2026")); }
    return p;
  }

  // --- rendering -------------------------------------------------------------------------------
  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function longDate(iso) {
    var p = iso.split("-");
    return Number(p[2]) + " " + MONTHS[Number(p[1]) - 1] + " " + p[0];
  }

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function chip(entity, small) {
    var a = element("a", "chip chip--" + entity.kind, entity.name);
    a.href = entityUrl(entity);
    a.title = KIND_LABEL[entity.kind];
    if (!small) {
      var count = element("span", "chip-count", String(entity.count));
      count.appendChild(element("span", "visually-hidden", entity.count === 1 ? " article" : " articles"));
      a.appendChild(document.createTextNode(" "));
      a.appendChild(count);
    }
    return a;
  }

  function articleCard(meta, row, hit) {
    var li = element("li", "search-hit");
    var card = element("article", "card");
    var heading = element("h3", "card-title");
    var link = element("a", "result-link");
    link.href = root + "/" + row[1];
    var titleWords = wordsOf(row[0], hit);
    link.appendChild(highlighted(row[0], titleWords, 0, row[0].length));
    heading.appendChild(link);
    card.appendChild(heading);
    var metaLine = element("p", "meta");
    if (row[2]) {
      var time = element("time", "", longDate(row[2]));
      time.setAttribute("datetime", row[2]);
      metaLine.appendChild(time);
    } else {
      metaLine.appendChild(element("span", "undated", "Undated"));
    }
    card.appendChild(metaLine);
    card.appendChild(snippet(row[4], hit));
    if (row[3].length) {
      var chips = element("ul", "chip-list search-chips");
      chips.setAttribute("aria-label", "Names");
      row[3].slice(0, 5).forEach(function (index) {
        var li2 = element("li");
        li2.appendChild(chip(entityInfo(meta, index), true));
        chips.appendChild(li2);
      });
      card.appendChild(chips);
    }
    li.appendChild(card);
    return li;
  }

  // --- state: the box, the filters and the address ----------------------------------------------
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

  function param(name) {
    var m = new RegExp("[?&]" + name + "=([^&#]*)").exec(window.location.search);
    return m ? decodeQueryValue(m[1]) : "";
  }

  function stateFromLocation() {
    var shown = window.history.state && window.history.state.shown;
    return { q: param("q"), kind: param("kind"), entity: param("entity"), year: param("year"),
             shown: shown > PAGE ? shown : PAGE };
  }

  var state = stateFromLocation();

  function address(s) {
    var query = "?q=" + encodeURIComponent(s.q);
    ["kind", "entity", "year"].forEach(function (name) {
      if (s[name]) { query += "&" + name + "=" + encodeURIComponent(s[name]); }
    });
    return query;
  }

  function remember(push) {
    var url = window.location.pathname + address(state) + window.location.hash;
    try {
      if (push) {
        window.history.pushState({ shown: state.shown }, "", url);
      } else {
        window.history.replaceState({ shown: state.shown }, "", url);
      }
    } catch (error) {
      // Some browsers refuse history changes on file:// pages; the search still works.
    }
  }

  var generation = 0;

  function say(text) {
    status.textContent = text;
  }

  function render(focusFrom) {
    var current = generation += 1;
    var query = state.q;
    if (!manifest) {
      say("The search index (search-index.js) could not be loaded.");
      return Promise.resolve();
    }
    var groups = parse(query);
    if (!groups.length) {
      results.textContent = "";
      if (filters) { filters.hidden = true; }
      say("Type a word: from an article's text or title, a country, an organisation or a law. " +
          "Put a phrase in quotes.");
      return Promise.resolve();
    }
    var started = window.performance.now();
    var plan = null;
    var times = window.NEWS_DIGEST_SEARCH_TIMES = { start: started };
    return loadAll(wordParts(groups)).then(function () {
      times.words = window.performance.now();
      plan = prepare(groups);
      return loadAll(plan.parts);
    }).then(function () {
      if (current !== generation) { return null; }
      times.phrases = window.performance.now();
      var meta = parts.meta;
      var found = match(meta, plan);
      var entities = matchingEntities(meta, groups);
      var kind = KIND_LABEL[state.kind] ? state.kind : "";
      if (kind) {
        entities = entities.filter(function (e) { return e.kind === kind; });
        var keep = {};
        entities.forEach(function (e) { keep[e.index] = true; });
        found = found.filter(function (doc) {
          return docFacts(meta, doc).entities.some(function (i) { return keep[i]; });
        });
      }
      // Filter choices come from the matches, so every choice leads somewhere.
      var years = {};
      var named = {};
      found.forEach(function (doc) {
        var facts = docFacts(meta, doc);
        var y = facts.year ? String(facts.year) : "undated";
        years[y] = (years[y] || 0) + 1;
        facts.entities.forEach(function (i) { named[i] = (named[i] || 0) + 1; });
      });
      var filtered = found.filter(function (doc) {
        var facts = docFacts(meta, doc);
        if (state.year && (facts.year ? String(facts.year) : "undated") !== state.year) { return false; }
        if (state.entity) {
          var ok = facts.entities.some(function (i) {
            var e = meta.entities[i];
            return manifest.kinds[e[0]] + "/" + e[1] === state.entity;
          });
          if (!ok) { return false; }
        }
        return true;
      });
      var shown = filtered.slice(0, state.shown);
      times.matched = window.performance.now();
      return loadAll(unique(shown.map(chunkOf))).then(function () {
        if (current !== generation) { return null; }
        times.articles = window.performance.now();
        draw(meta, groups, entities, found, filtered, shown, years, named, focusFrom);
        // For benchmarks/search_bench.py: ms from this query's start, and from the page's.
        times.drawn = window.performance.now();
        window.NEWS_DIGEST_SEARCH_TIME = window.performance.now() - started;
        window.NEWS_DIGEST_SEARCH_DONE = window.performance.now();
        return null;
      });
    }).catch(function (error) {
      if (current === generation) {
        say("Part of the search index (" + error.message + ") could not be loaded. Rebuild the site.");
      }
    });
  }

  function draw(meta, groups, entities, found, filtered, shown, years, named, focusFrom) {
    var hit = units(groups, entities);
    results.textContent = "";
    if (filters) {
      filters.hidden = false;
      var yearOptions = Object.keys(years).sort().reverse().map(function (y) {
        return { value: y, label: (y === "undated" ? "Undated" : y) + " (" + years[y] + ")" };
      });
      fillSelect(yearSelect, yearOptions, state.year, "Any year");
      // The 40 entities named most often among the matches, by kind, then name (the table's order).
      var top = Object.keys(named).map(Number).sort(function (a, b) {
        return named[b] - named[a] || a - b;
      }).slice(0, 40);
      var entityOptions = top.sort(function (a, b) { return a - b; }).map(function (i) {
        var e = entityInfo(meta, i);
        return { value: e.kind + "/" + e.id, label: e.name + " (" + named[i] + ")",
                 group: { country: "Countries", organisation: "Organisations", legal_instrument: "Legal instruments" }[e.kind] };
      });
      fillSelect(entitySelect, entityOptions, state.entity, "Any entity");
      kindSelect.value = KIND_LABEL[state.kind] ? state.kind : "";
    }
    var q = state.q.trim();
    var text = filtered.length === 0 ? "No article matches \u201c" + q + "\u201d" :
      plural(filtered.length, "article matches", "articles match") + " \u201c" + q + "\u201d";
    if (filtered.length !== found.length) { text += " with these filters (" + found.length + " without)"; }
    if (filtered.length > shown.length) { text += "; showing the first " + shown.length; }
    text += ".";
    if (entities.length) { text += " " + plural(entities.length, "entity", "entities") + " too."; }
    say(text);

    if (entities.length) {
      var section = element("section", "result-group");
      section.setAttribute("aria-label", "Matching entities");
      section.appendChild(element("h2", "", "Entities"));
      var chips = element("ul", "chip-list");
      entities.slice(0, 12).forEach(function (e) {
        var li = element("li");
        li.appendChild(chip(e, false));
        chips.appendChild(li);
      });
      section.appendChild(chips);
      results.appendChild(section);
    }
    if (shown.length) {
      var group = element("section", "result-group");
      group.setAttribute("aria-label", "Matching articles");
      group.appendChild(element("h2", "", "Articles"));
      var list = element("ol", "card-list search-list");
      shown.forEach(function (doc) {
        list.appendChild(articleCard(meta, docRow(doc), hit));
      });
      group.appendChild(list);
      if (filtered.length > shown.length) {
        var more = element("button", "search-more",
          "More results (" + Math.min(PAGE, filtered.length - shown.length) + " of " +
          (filtered.length - shown.length) + " more)");
        more.type = "button";
        more.addEventListener("click", function () {
          var from = state.shown;
          state.shown += PAGE;
          remember(false);
          render(from);
        });
        group.appendChild(more);
      }
      results.appendChild(group);
    }
    if (focusFrom !== undefined) {
      var links = resultLinks();
      if (links[focusFrom]) { links[focusFrom].focus(); }
    }
  }

  function resultLinks() {
    return Array.prototype.slice.call(results.querySelectorAll("a.result-link"));
  }

  // --- events ----------------------------------------------------------------------------------
  var timer = null;
  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () {
      state.q = input.value;
      state.shown = PAGE;
      remember(false);
      render();
    }, 120);
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    window.clearTimeout(timer);
    var changed = state.q !== input.value;
    state.q = input.value;
    if (changed) { state.shown = PAGE; }
    remember(false);
    render();
  });
  [[kindSelect, "kind"], [entitySelect, "entity"], [yearSelect, "year"]].forEach(function (pair) {
    if (!pair[0]) { return; }
    pair[0].addEventListener("change", function () {
      state[pair[1]] = pair[0].value;
      state.shown = PAGE;
      remember(true);  // a filter is a step Back can undo
      render();
    });
  });
  window.addEventListener("popstate", function () {
    state = stateFromLocation();
    input.value = state.q;
    render();
  });
  // "/" goes to the box; arrows walk the results; Enter opens the focused one (it is a link).
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (/^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) || target.isContentEditable);
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
      event.preventDefault();
      input.focus();
      input.select();
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
    var links = resultLinks();
    var at = links.indexOf(target);
    if (target === input && event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[0].focus();
    } else if (at >= 0) {
      event.preventDefault();
      if (event.key === "ArrowDown" && at + 1 < links.length) { links[at + 1].focus(); }
      if (event.key === "ArrowUp") { (at > 0 ? links[at - 1] : input).focus(); }
    }
  });
  // Back to this page from a result: the browser may restore it from memory, address and all.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && input.value !== state.q) { input.value = state.q; }
  });

  input.value = state.q;
  render();
}());
