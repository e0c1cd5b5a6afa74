/*
 * 站内搜索 — the browser side of the static bigram index (scripts/gongkai/search/).
 *
 * A query is normalised like the indexed text, split into overlapping character
 * pairs, and only the index shards holding those pairs are fetched. Documents
 * containing every pair are candidates; each candidate shown is confirmed by
 * looking for the whole query in its text, so a result always contains exactly
 * what was typed. Candidates are confirmed lazily, in ranking order, a page of
 * results at a time: a page that does not contain the query is never listed.
 *
 * No dependencies, no requests to any other host.
 */
(function () {
  "use strict";

  // ---- Normalisation: must match scripts/gongkai/search/normalize.py -------------
  var WHITESPACE = new RegExp("[\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200b\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]+", "g");
  var DOCNO_YEAR = /[(\[【〔﹝](\d{4})[)\]】〕﹞]/g;
  var DOCNO_NIAN = /(?<!\d)(\d{4})年(?=第?\d+号)/g;
  var DOCNO_ORDINAL = /〕第(?=\d)/g;
  var DOCNO_CORE = /〔\d{4}〕\d+号/g; // indexed as one term: a 文号 query needs one short posting list
  // The index layout this client reads (gongkai/search/index.py FORMAT_VERSION). A page
  // cached from an earlier build must not misread a newer index, or the reverse.
  var INDEX_FORMAT = 1;
  var LOAD_FAILED = "搜索索引加载失败，请稍后刷新页面重试。";
  var OTHER_FORMAT = "搜索程序与网站的搜索索引版本不一致，请刷新页面（必要时清除浏览器缓存）后重试。";

  function normalize(text) {
    return text.normalize("NFKC").replace(WHITESPACE, "").replace(DOCNO_YEAR, "〔$1〕").replace(DOCNO_NIAN, "〔$1〕").replace(DOCNO_ORDINAL, "〕");
  }

  /* The same rules, keeping for each normalised character the index of the
     original character it came from (to highlight the match in the excerpt). */
  function normalizeWithMap(text) {
    var chars = [];
    var origins = [];
    var index = 0;
    for (var cp of text) {
      var folded = cp.normalize("NFKC").replace(WHITESPACE, "");
      for (var i = 0; i < folded.length; i++) {
        chars.push(folded[i]);
        origins.push(index);
      }
      index += cp.length;
    }
    var joined = chars.join("");
    joined.replace(DOCNO_YEAR, function (match, year, offset) {
      chars[offset] = "〔";
      chars[offset + match.length - 1] = "〕";
      return match;
    });
    // 2021年 before a serial becomes 〔2021〕: one character more, mapped to the year's first digit.
    var opened = {};
    chars.join("").replace(DOCNO_NIAN, function (match, year, offset) {
      opened[offset] = true;
      chars[offset + 4] = "〕";
      return match;
    });
    if (Object.keys(opened).length) {
      var widened = [];
      var widenedOrigins = [];
      for (var k = 0; k < chars.length; k++) {
        if (opened[k]) {
          widened.push("〔");
          widenedOrigins.push(origins[k]);
        }
        widened.push(chars[k]);
        widenedOrigins.push(origins[k]);
      }
      chars = widened;
      origins = widenedOrigins;
    }
    var kept = [];
    var keptOrigins = [];
    var normalized = chars.join("");
    var drop = {};
    normalized.replace(DOCNO_ORDINAL, function (match, offset) {
      drop[offset + 1] = true;
      return match;
    });
    for (var j = 0; j < chars.length; j++) {
      if (!drop[j]) {
        kept.push(chars[j]);
        keptOrigins.push(origins[j]);
      }
    }
    return { text: kept.join(""), origins: keptOrigins };
  }

  function queryTerms(normalized) {
    if (normalized.length === 1) return [normalized];
    var seen = {};
    var terms = [];
    function add(term) {
      if (!seen[term]) {
        seen[term] = true;
        terms.push(term);
      }
    }
    for (var i = 0; i + 1 < normalized.length; i++) add(normalized.slice(i, i + 2));
    (normalized.match(DOCNO_CORE) || []).forEach(add);
    return terms;
  }

  // ---- Index files ---------------------------------------------------------------
  var encoder = new TextEncoder();
  var decoder = new TextDecoder();

  function fnv1a32(bytes) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      hash ^= bytes[i];
      hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash >>> 0;
  }

  function Index(root) {
    this.root = root;
    this.cache = {};
  }

  Index.prototype.bytes = function (path) {
    if (!this.cache[path]) {
      this.cache[path] = fetch(this.root + path).then(function (response) {
        if (!response.ok) throw new Error(path + ": HTTP " + response.status);
        return response.arrayBuffer();
      }).then(function (buffer) {
        var data = new Uint8Array(buffer);
        // Some servers already undo the gzip (Content-Encoding); check the magic bytes.
        if (data.length < 2 || data[0] !== 0x1f || data[1] !== 0x8b) return data;
        var stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Response(stream).arrayBuffer().then(function (plain) { return new Uint8Array(plain); });
      });
    }
    return this.cache[path];
  };

  Index.prototype.json = function (path) {
    return this.bytes(path).then(function (data) { return JSON.parse(decoder.decode(data)); });
  };

  Index.prototype.manifest = function () {
    if (!this._manifest) {
      this._manifest = fetch(this.root + "manifest.json").then(function (r) { return r.json(); }).then(function (manifest) {
        if (manifest.version !== INDEX_FORMAT) {
          var error = new Error("search index format " + manifest.version + ", this client reads " + INDEX_FORMAT);
          error.otherFormat = true;
          throw error;
        }
        return manifest;
      });
    }
    return this._manifest;
  };

  Index.prototype.meta = function () { return this.json("meta.json.gz"); };

  Index.prototype.document = function (id) { return this.json("docs/" + id + ".json.gz"); };

  /* The term's entry in its shard: {count, postings} inline, or {count, file} for a frequent term. */
  Index.prototype.entry = function (term) {
    var self = this;
    var encoded = encoder.encode(term);
    return this.manifest().then(function (manifest) {
      var shard = fnv1a32(encoded) & (manifest.shards - 1);
      return self.bytes("shards/" + shard + ".bin.gz");
    }).then(function (data) { return findTerm(data, encoded); });
  };

  Index.prototype.postings = function (entry) {
    if (entry.postings) return Promise.resolve(entry.postings);
    return this.bytes("long/" + entry.file + ".bin.gz").then(function (data) {
      return decodePostings(data, { at: 0 }, entry.count);
    });
  };

  function readVarint(data, state) {
    var value = 0;
    var shift = 0;
    var byte;
    do {
      byte = data[state.at++];
      value += (byte & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (byte & 0x80);
    return value;
  }

  function sameBytes(data, offset, term) {
    for (var i = 0; i < term.length; i++) if (data[offset + i] !== term[i]) return false;
    return true;
  }

  function decodePostings(data, state, count) {
    var ids = new Int32Array(count);
    var weights = new Uint8Array(count);
    var id = 0;
    for (var i = 0; i < count; i++) {
      id += readVarint(data, state);
      ids[i] = id;
      weights[i] = data[state.at++];
    }
    return { ids: ids, weights: weights };
  }

  /* Scan one shard for a term; returns its entry or null. */
  function findTerm(data, term) {
    var state = { at: 0 };
    while (state.at < data.length) {
      var length = readVarint(data, state);
      var match = length === term.length && sameBytes(data, state.at, term);
      state.at += length;
      var count = readVarint(data, state);
      var external = data[state.at++] === 1;
      if (external) {
        var file = readVarint(data, state);
        if (match) return { count: count, file: file };
        continue;
      }
      if (match) return { count: count, postings: decodePostings(data, state, count) };
      for (var skip = 0; skip < count; skip++) {
        while (data[state.at] & 0x80) state.at++;
        state.at += 2;
      }
    }
    return null;
  }

  // ---- Searching -----------------------------------------------------------------
  /* Documents holding every term, with a ranking prior:
     all terms in the title first, then the rarest term's frequency. */
  function intersect(lists) {
    lists.sort(function (a, b) { return a.ids.length - b.ids.length; });
    var result = [];
    var first = lists[0];
    var cursors = lists.map(function () { return 0; });
    outer: for (var i = 0; i < first.ids.length; i++) {
      var id = first.ids[i];
      var title = first.weights[i] & 0x80;
      var frequency = first.weights[i] & 0x7f;
      for (var l = 1; l < lists.length; l++) {
        var list = lists[l];
        var c = cursors[l];
        while (c < list.ids.length && list.ids[c] < id) c++;
        cursors[l] = c;
        if (c >= list.ids.length || list.ids[c] !== id) continue outer;
        title &= list.weights[c] & 0x80;
        frequency = Math.min(frequency, list.weights[c] & 0x7f);
      }
      result.push({ id: id, title: title ? 1 : 0, frequency: frequency });
    }
    return result;
  }

  var PAGE_SIZE = 10;
  var NARROW_ENOUGH = 64; // candidates few enough to stop fetching frequent terms' postings
  var MAX_PARALLEL = 24; // documents fetched at once while confirming candidates
  // Candidates checked in the background for an exact total. Each costs its page's file, so a query
  // with more candidates says how many are still unchecked instead of fetching them all (at 100,000
  // pages a common word would cost megabytes); the reader checks on with 显示更多结果.
  var COUNT_LIMIT = 48;

  /* A search in progress: candidates in ranking order, confirmed lazily. */
  function Search(index, query, options) {
    this.index = index;
    this.query = query;
    this.normalized = normalize(query);
    this.options = options || {};
    this.confirmed = [];
    this.next = 0;
  }

  Search.prototype.start = function () {
    var self = this;
    if (!this.normalized) {
      this.candidates = [];
      return Promise.resolve(this);
    }
    var terms = queryTerms(this.normalized);
    return Promise.all([this.index.meta(), this.index.manifest()].concat(terms.map(function (t) { return self.index.entry(t); })))
      .then(function (loaded) {
        self.meta = loaded[0];
        self.manifest = loaded[1];
        var entries = loaded.slice(2);
        if (entries.some(function (e) { return !e; })) return [];
        return self.narrow(entries);
      })
      .then(function (candidates) {
        self.candidates = candidates.filter(function (c) { return self.accepts(c.id); });
        self.candidates.sort(self.options.sort === "date" ? byDate(self.meta) : byRelevance(self.meta));
        return self;
      });
  };

  /* Intersect postings, rarest first. Inline postings cost nothing more; a frequent
     term's own file is fetched only while the candidates are still many. Candidates
     are a superset of the matches either way: each one shown is confirmed. */
  Search.prototype.narrow = function (entries) {
    var index = this.index;
    entries.sort(function (a, b) { return (a.postings ? 0 : 1) - (b.postings ? 0 : 1) || a.count - b.count; });
    var used = [];
    var candidates = null;
    function step(i) {
      if (i >= entries.length || (candidates && candidates.length <= NARROW_ENOUGH && !entries[i].postings)) {
        return Promise.resolve(candidates);
      }
      return index.postings(entries[i]).then(function (list) {
        used.push(list);
        candidates = intersect(used.slice());
        return step(i + 1);
      });
    }
    return step(0);
  };

  Search.prototype.accepts = function (id) {
    var o = this.options;
    var m = this.meta;
    if (o.kind && this.manifest.kinds[m.kind[id]] !== o.kind) return false;
    if (o.status && this.manifest.statuses[m.status[id]] !== o.status) return false;
    if (o.unit && this.manifest.units[m.unit[id]] !== o.unit) return false;
    if (o.year && String(m.year[id]) !== String(o.year)) return false;
    return true;
  };

  function byRelevance(meta) {
    return function (a, b) {
      return (b.title - a.title) || (b.frequency - a.frequency) || (meta.date[b.id] - meta.date[a.id]) || (a.id - b.id);
    };
  }

  function byDate(meta) {
    return function (a, b) {
      return (meta.date[b.id] - meta.date[a.id]) || (b.title - a.title) || (b.frequency - a.frequency) || (a.id - b.id);
    };
  }

  Search.prototype.done = function () { return this.next >= this.candidates.length; };

  /* Confirm candidates until `count` more results are known, none are left, or (with `upTo`)
     that many candidates have been checked. Calls are queued, so results are always confirmed
     in ranking order. */
  Search.prototype.more = function (count, upTo) {
    var self = this;
    this.busy = (this.busy || 0) + 1;
    this.pending = (this.pending || Promise.resolve()).then(function () { return self.confirm(count, upTo); })
      .then(function (confirmed) { self.busy -= 1; return confirmed; }, function (error) { self.busy -= 1; throw error; });
    return this.pending;
  };

  /* Every candidate has been checked (not only handed out to a batch still being fetched). */
  Search.prototype.settled = function () { return this.done() && !this.busy; };

  Search.prototype.confirm = function (count, upTo) {
    var self = this;
    var target = this.confirmed.length + count;
    var limit = upTo === undefined ? Infinity : upTo;
    function step() {
      if (self.confirmed.length >= target || self.done() || self.next >= limit) return Promise.resolve(self.confirmed);
      var wanted = Math.min(Math.max(target - self.confirmed.length, 1), MAX_PARALLEL, limit - self.next);
      var batch = self.candidates.slice(self.next, self.next + wanted);
      self.next += batch.length;
      return Promise.all(batch.map(function (c) { return self.index.document(c.id); })).then(function (documents) {
        documents.forEach(function (doc, i) {
          var found = normalizeWithMap(doc.x);
          var at = found.text.indexOf(self.normalized);
          if (at >= 0) self.confirmed.push(result(doc, batch[i].id, found, at, self.normalized.length));
        });
        return step();
      });
    }
    return step();
  };

  Search.prototype.all = function () {
    return this.more(this.candidates.length);
  };

  function result(doc, id, found, at, length) {
    var start = found.origins[at];
    var end = found.origins[at + length - 1] + 1;
    // The excerpt starts just before the match (not at a notice or a table header above it);
    // later occurrences of the same words in it are highlighted too.
    var lead = 16;
    var before = doc.x.slice(Math.max(0, start - lead), start);
    var match = doc.x.slice(start, end);
    var after = doc.x.slice(end, end + 100);
    return {
      id: id, url: doc.u, title: doc.t, kind: doc.k, code: doc.c, date: doc.d, status: doc.s, unit: doc.n,
      excerpt: { before: (start > lead ? "…" : "") + before, match: match, after: after.split(match),
                 more: end + 100 < doc.x.length },
    };
  }

  // ---- Page ----------------------------------------------------------------------
  var FILTERS = ["kind", "year", "unit", "status", "sort"];

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    (children || []).forEach(function (child) {
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function fillSelect(select, values, label) {
    var current = select.value;
    select.textContent = "";
    select.appendChild(el("option", { value: "" }, [label]));
    values.forEach(function (value) { select.appendChild(el("option", { value: String(value) }, [String(value)])); });
    select.value = current;
  }

  function Page(container) {
    // On a phone the filters fold away so the results come first; one tap opens them.
    var filters = container.querySelector("details.gk-filters");
    if (filters && !window.matchMedia("(min-width: 45em)").matches) filters.open = false;
    this.filterSummary = filters && filters.querySelector("summary");
    this.root = container.getAttribute("data-index");
    this.siteRoot = container.getAttribute("data-root");
    this.index = new Index(this.root);
    this.form = container.querySelector("form");
    this.input = this.form.querySelector("input[name=q]");
    this.status = container.querySelector(".gk-search-status");
    this.list = container.querySelector(".gk-results");
    this.moreButton = container.querySelector(".gk-more");
    this.selects = {};
    var self = this;
    FILTERS.forEach(function (name) { self.selects[name] = self.form.querySelector("[name=" + name + "]"); });
    this.serial = 0;
    this.bind();
    this.readUrl();
    this.prepareFilters().then(function () { self.readUrl(); self.run(false); });
  }

  Page.prototype.bind = function () {
    var self = this;
    var timer = null;
    var composing = false;
    // Chinese is typed through an IME: search when a word is committed, not on every keystroke inside it.
    this.input.addEventListener("compositionstart", function () { composing = true; });
    this.input.addEventListener("compositionend", function () { composing = false; self.run(true); });
    this.input.addEventListener("input", function (event) {
      if (composing || event.isComposing) return;
      clearTimeout(timer);
      timer = setTimeout(function () { self.run(true); }, 250);
    });
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearTimeout(timer);
      self.run(true);
    });
    FILTERS.forEach(function (name) {
      self.selects[name].addEventListener("change", function () { self.run(true); });
    });
    this.moreButton.addEventListener("click", function () { self.showMore(); });
  };

  Page.prototype.prepareFilters = function () {
    var self = this;
    return Promise.all([this.index.manifest(), this.index.meta()]).then(function (loaded) {
      var manifest = loaded[0];
      var years = Array.from(new Set(loaded[1].year.filter(function (y) { return y > 0; }))).sort(function (a, b) { return b - a; });
      fillSelect(self.selects.kind, manifest.kinds, "全部类别");
      fillSelect(self.selects.year, years, "全部年份");
      fillSelect(self.selects.unit, manifest.units.slice().sort(), "全部单位");
      fillSelect(self.selects.status, manifest.statuses, "全部状态");
    }).catch(function (error) {
      self.status.textContent = error && error.otherFormat ? OTHER_FORMAT : LOAD_FAILED;
    });
  };

  Page.prototype.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    this.input.value = params.get("q") || this.input.value;
    var self = this;
    FILTERS.forEach(function (name) {
      var value = params.get(name);
      if (value !== null) self.selects[name].value = value;
    });
  };

  Page.prototype.options = function () {
    var options = {};
    var self = this;
    FILTERS.forEach(function (name) { if (self.selects[name].value) options[name] = self.selects[name].value; });
    return options;
  };

  Page.prototype.writeUrl = function () {
    var params = new URLSearchParams();
    if (this.input.value) params.set("q", this.input.value);
    var options = this.options();
    Object.keys(options).forEach(function (name) { params.set(name, options[name]); });
    var query = params.toString();
    window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
  };

  Page.prototype.run = function (updateUrl) {
    var self = this;
    var serial = ++this.serial;
    if (updateUrl) this.writeUrl();
    var chosen = Object.keys(this.options()).length;
    if (this.filterSummary) this.filterSummary.textContent = "筛选和排序" + (chosen ? "（已选 " + chosen + " 项）" : "");
    this.list.textContent = "";
    this.moreButton.hidden = true;
    this.shown = 0;
    var query = this.input.value.trim();
    if (!normalize(query)) {
      this.status.textContent = "请输入要查找的词语、文号或标题。";
      return Promise.resolve();
    }
    this.status.textContent = "正在搜索……";
    var search = new Search(this.index, query, this.options());
    this.search = search;
    return search.start().then(function () { return search.more(PAGE_SIZE); }).then(function () {
      if (serial !== self.serial) return;
      self.render();
      return self.count(serial);
    }).catch(function (error) {
      if (serial === self.serial) self.status.textContent = error && error.otherFormat ? OTHER_FORMAT : "搜索出错，请稍后重试。";
    });
  };

  /* A number is given as the total only once every candidate is confirmed (in the background,
     after the first results are shown, up to COUNT_LIMIT candidates); until then the status says
     how many were found so far and how many pages are still unchecked. */
  Page.prototype.count = function (serial) {
    var self = this;
    var search = this.search;
    this.announce();
    if (search.settled()) return Promise.resolve();
    return search.more(Infinity, COUNT_LIMIT).then(function () {
      if (serial === self.serial) self.announce();
    });
  };

  Page.prototype.announce = function () {
    var search = this.search;
    var found = search.confirmed.length;
    if (!search.settled() && (search.busy || search.next < COUNT_LIMIT)) {
      this.status.textContent = "已找到 " + found + " 条包含“" + search.query + "”的结果，正在统计总数……";
    } else if (!search.settled()) {
      this.status.textContent = "已找到 " + found + " 条包含“" + search.query + "”的结果；另有 " +
        (search.candidates.length - search.next) + " 个页面可能包含，尚未核对，总数可能更多（点“显示更多结果”继续查找）";
    } else {
      this.status.textContent = found
        ? "找到 " + found + " 条包含“" + search.query + "”的结果"
        : "没有找到包含“" + search.query + "”的内容。可以换一个词，或减少筛选条件。";
    }
    this.moreButton.hidden = this.shown >= found && search.settled();
  };

  Page.prototype.showMore = function () {
    var self = this;
    var search = this.search;
    var shown = this.shown;
    this.moreButton.disabled = true;
    var ready = search.confirmed.length >= shown + PAGE_SIZE || search.settled() ? Promise.resolve() : search.more(PAGE_SIZE);
    ready.then(function () {
      self.moreButton.disabled = false;
      self.render();
      self.announce();
      var first = self.list.children[shown];
      if (first) first.querySelector("a").focus();
    });
  };

  /* Append the next page of confirmed results. */
  Page.prototype.render = function () {
    var results = this.search.confirmed;
    var until = Math.min(results.length, this.shown + PAGE_SIZE);
    for (var i = this.shown; i < until; i++) this.list.appendChild(this.item(results[i]));
    this.shown = until;
  };

  Page.prototype.item = function (r) {
    var labels = [r.kind, r.code, r.date, r.status, r.unit].filter(Boolean).join(" · ");
    var pieces = [r.excerpt.before, el("mark", {}, [r.excerpt.match])];
    r.excerpt.after.forEach(function (text, i) {
      if (i > 0) pieces.push(el("mark", {}, [r.excerpt.match]));
      pieces.push(text);
    });
    if (r.excerpt.more) pieces.push("…");
    var excerpt = el("p", { "class": "gk-result-excerpt" }, pieces);
    return el("li", { "class": "gk-result" }, [
      el("a", { href: this.siteRoot + r.url, "class": "gk-result-title" }, [r.title || r.url]),
      el("p", { "class": "gk-result-labels" }, [labels]),
      excerpt,
    ]);
  };

  // For tests and for pages that embed search: the engine without the page.
  var indexes = {};
  window.gkSearch = {
    normalize: normalize,
    indexFormat: INDEX_FORMAT,
    /* Every result for `query`, all candidates confirmed (an Index per root is reused). */
    search: function (root, query, options) {
      var index = indexes[root] || (indexes[root] = new Index(root));
      var search = new Search(index, query, options);
      return search.start().then(function () { return search.all(); });
    },
  };

  var container = document.getElementById("gk-search");
  if (container) new Page(container);
})();
