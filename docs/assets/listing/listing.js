/* A column's listing with combined filters, as readers know it from the government
   portals' 政府信息公开目录: filter by year, unit, status, 主题分类 or 类别 without typing
   a query, sort by date, page through, and download exactly the listed rows as CSV or
   Excel. The filter state is in the page address, so a filtered list can be bookmarked
   or sent on. The rows and their headings come from the column's data file
   (scripts/gongkai/render/list_data.py); without JavaScript the page stays a plain
   paged listing. Every value is written as text (textContent, escaped XML, neutralised
   spreadsheet cells): none of it is ever markup or a formula. */
(function () {
  "use strict";

  var PAGE_SIZE = 20;
  var WIDE = "(min-width: 45em)";
  var SORTS = [["", "按日期（新的在前）"], ["old", "按日期（旧的在前）"], ["title", "按标题"]];

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (key) { node.setAttribute(key, attributes[key]); });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function values(cell) {
    if (cell === null || cell === undefined || cell === "") return [];
    return Array.isArray(cell) ? cell : [cell];
  }

  function text(cell) { return values(cell).join("、"); }

  // ---- Spreadsheet cells that stay data (the same rule as scripts/gongkai/excel/cells.py) ----
  var FORMULA_START = "=+-@";
  var CONTROL_START = "\t\r\n\0";

  function looksLikeFormula(value) {
    if (!value) return false;
    if (CONTROL_START.indexOf(value[0]) >= 0) return true;
    var first = value.normalize("NFKC").replace(/^\s+/, "").charAt(0);
    return first !== "" && FORMULA_START.indexOf(first) >= 0;
  }

  function quotedFormula(value) {
    var rest = value.replace(/^'+/, "");
    return rest.length < value.length && rest !== "" && looksLikeFormula(rest);
  }

  function csvText(value) { return looksLikeFormula(value) || quotedFormula(value) ? "'" + value : value; }
  function xlsxText(value) { return quotedFormula(value) ? "'" + value : value; }

  function csvFile(table) {
    var lines = table.map(function (row) {
      return row.map(function (value) { return '"' + csvText(value).replace(/"/g, '""') + '"'; }).join(",");
    });
    // With a BOM, Excel and WPS open UTF-8 Chinese correctly (as the site's own CSV files do).
    return new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" });
  }

  // ---- A minimal XLSX: one sheet of inline strings, stored (uncompressed) in a ZIP ----
  var CRC_TABLE = (function () {
    var table = [];
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table.push(c >>> 0);
    }
    return table;
  })();

  function crc32(bytes) {
    var crc = 0xffffffff;
    for (var i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
    return (crc ^ 0xffffffff) >>> 0;
  }

  function zip(files) {
    var encoder = new TextEncoder();
    var parts = [];
    var central = [];
    var offset = 0;
    function header(size) { return { bytes: new Uint8Array(size), view: null }; }
    files.forEach(function (file) {
      var name = encoder.encode(file.name);
      var data = encoder.encode(file.text);
      var crc = crc32(data);
      var local = header(30);
      var v = new DataView(local.bytes.buffer);
      v.setUint32(0, 0x04034b50, true); v.setUint16(4, 20, true); v.setUint16(6, 0x0800, true); // UTF-8 names
      v.setUint16(8, 0, true); v.setUint16(10, 0, true); v.setUint16(12, 0x21, true); // stored; 1980-01-01
      v.setUint32(14, crc, true); v.setUint32(18, data.length, true); v.setUint32(22, data.length, true);
      v.setUint16(26, name.length, true); v.setUint16(28, 0, true);
      parts.push(local.bytes, name, data);
      var entry = header(46);
      var w = new DataView(entry.bytes.buffer);
      w.setUint32(0, 0x02014b50, true); w.setUint16(4, 20, true); w.setUint16(6, 20, true); w.setUint16(8, 0x0800, true);
      w.setUint16(10, 0, true); w.setUint16(12, 0, true); w.setUint16(14, 0x21, true);
      w.setUint32(16, crc, true); w.setUint32(20, data.length, true); w.setUint32(24, data.length, true);
      w.setUint16(28, name.length, true); w.setUint32(42, offset, true);
      central.push(entry.bytes, name);
      offset += 30 + name.length + data.length;
    });
    var size = central.reduce(function (sum, part) { return sum + part.length; }, 0);
    var end = new Uint8Array(22);
    var e = new DataView(end.buffer);
    e.setUint32(0, 0x06054b50, true); e.setUint16(8, files.length, true); e.setUint16(10, files.length, true);
    e.setUint32(12, size, true); e.setUint32(16, offset, true);
    return new Blob(parts.concat(central, [end]), { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" });
  }

  function xml(value) {
    // Characters XML 1.0 cannot carry are dropped; the rest is escaped.
    return value.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
      .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  }

  function columnName(index) {
    var name = "";
    for (var n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    return name;
  }

  var MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  var RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  var PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
  var XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

  function xlsxFile(table, sheetName) {
    var rows = table.map(function (row, r) {
      var cells = row.map(function (value, c) {
        // Text that looks like a formula keeps Excel's "quote prefix" style (s=1), as the site's exports do.
        var style = looksLikeFormula(value) ? ' s="1"' : "";
        return '<c r="' + columnName(c) + (r + 1) + '" t="inlineStr"' + style + "><is><t xml:space=\"preserve\">" +
          xml(xlsxText(value)) + "</t></is></c>";
      });
      return '<row r="' + (r + 1) + '">' + cells.join("") + "</row>";
    });
    return zip([
      { name: "[Content_Types].xml", text: XML_HEAD +
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        "</Types>" },
      { name: "_rels/.rels", text: XML_HEAD + '<Relationships xmlns="' + PACKAGE_RELS + '">' +
        '<Relationship Id="rId1" Type="' + RELS + '/officeDocument" Target="xl/workbook.xml"/></Relationships>' },
      { name: "xl/workbook.xml", text: XML_HEAD + '<workbook xmlns="' + MAIN + '" xmlns:r="' + RELS + '"><sheets>' +
        '<sheet name="' + xml(sheetName) + '" sheetId="1" r:id="rId1"/></sheets></workbook>' },
      { name: "xl/_rels/workbook.xml.rels", text: XML_HEAD + '<Relationships xmlns="' + PACKAGE_RELS + '">' +
        '<Relationship Id="rId1" Type="' + RELS + '/worksheet" Target="worksheets/sheet1.xml"/>' +
        '<Relationship Id="rId2" Type="' + RELS + '/styles" Target="styles.xml"/></Relationships>' },
      { name: "xl/styles.xml", text: XML_HEAD + '<styleSheet xmlns="' + MAIN + '">' +
        '<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts>' +
        '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
        '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
        '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
        '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1" applyNumberFormat="1"/></cellXfs>' +
        '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
        "</styleSheet>" },
      { name: "xl/worksheets/sheet1.xml", text: XML_HEAD + '<worksheet xmlns="' + MAIN + '"><sheetData>' +
        rows.join("") + "</sheetData></worksheet>" },
    ]);
  }

  // ---- The listing ------------------------------------------------------------------
  function Listing(mount, source, data) {
    this.mount = mount;
    this.data = data;
    this.siteRoot = new URL("../", source).href; // lists/<kind>.json sits one folder below the root
    this.columns = data.columns;
    this.filters = [];
    var self = this;
    this.columns.forEach(function (column, i) { if (column.key) self.filters.push({ column: column, index: i }); });
    this.dateAt = this.columns.findIndex(function (c) { return c.role === "date"; });
    this.titleAt = this.columns.findIndex(function (c) { return c.role === "title"; });
    this.statusAt = this.columns.findIndex(function (c) { return c.role === "status"; });
    this.build();
    this.readUrl();
    this.show();
  }

  Listing.prototype.build = function () {
    var self = this;
    var rows = this.data.rows;
    this.selects = {};
    var fields = this.filters.map(function (filter) {
      var counts = {};
      rows.forEach(function (row) { values(row.c[filter.index]).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; }); });
      var options = Object.keys(counts).sort(function (a, b) {
        return filter.column.key === "year" ? b.localeCompare(a) : counts[b] - counts[a] || a.localeCompare(b, "zh-CN");
      });
      var select = el("select", { name: filter.column.key }, [el("option", { value: "" }, ["全部"])]);
      options.forEach(function (v) { select.appendChild(el("option", { value: v }, [v + "（" + counts[v] + "）"])); });
      select.addEventListener("change", function () { self.page = 1; self.show(true); });
      self.selects[filter.column.key] = select;
      return el("label", {}, [filter.column.heading + " ", select]);
    });
    this.sort = el("select", { name: "sort" }, SORTS.map(function (s) { return el("option", { value: s[0] }, [s[1]]); }));
    this.sort.addEventListener("change", function () { self.page = 1; self.show(true); });
    var clear = el("button", { type: "button", "class": "gk-list-clear" }, ["清除筛选"]);
    clear.addEventListener("click", function () {
      Object.keys(self.selects).forEach(function (key) { self.selects[key].value = ""; });
      self.sort.value = "";
      self.page = 1;
      self.show(true);
    });
    this.summaryLabel = el("span", {}, ["筛选"]);
    this.filterBox = el("details", { "class": "gk-list-filters" }, [
      el("summary", {}, [this.summaryLabel]),
      el("div", { "class": "gk-list-fields" }, fields.concat([el("label", {}, ["排序 ", this.sort]), clear])),
    ]);
    // Open on wide screens; on a phone the rows come first and the filters open with one tap.
    if (window.matchMedia(WIDE).matches) this.filterBox.open = true;
    this.status = el("p", { "class": "gk-list-status", role: "status", "aria-live": "polite" });
    this.downloads = el("p", { "class": "gk-list-downloads" });
    this.list = el("ol", { "class": "gk-list-rows" });
    this.pager = el("nav", { "class": "gk-list-pager", "aria-label": "分页" });
    this.mount.textContent = "";
    [el("h2", {}, ["查找与筛选"]), this.filterBox, this.status, this.downloads, this.list, this.pager]
      .forEach(function (node) { self.mount.appendChild(node); });
    window.addEventListener("popstate", function () { self.readUrl(); self.show(false); });
  };

  Listing.prototype.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    var self = this;
    Object.keys(this.selects).forEach(function (key) {
      var select = self.selects[key];
      var wanted = params.get(key) || "";
      var known = Array.prototype.some.call(select.options, function (o) { return o.value === wanted; });
      select.value = known ? wanted : "";
    });
    this.sort.value = SORTS.some(function (s) { return s[0] === params.get("sort"); }) ? params.get("sort") : "";
    this.page = Math.max(1, parseInt(params.get("page"), 10) || 1);
  };

  Listing.prototype.writeUrl = function () {
    var params = new URLSearchParams();
    var self = this;
    Object.keys(this.selects).forEach(function (key) { if (self.selects[key].value) params.set(key, self.selects[key].value); });
    if (this.sort.value) params.set("sort", this.sort.value);
    if (this.page > 1) params.set("page", String(this.page));
    var query = params.toString();
    var address = window.location.pathname + (query ? "?" + query : "");
    if (address !== window.location.pathname + window.location.search) window.history.pushState(null, "", address);
  };

  Listing.prototype.matching = function () {
    var self = this;
    var chosen = this.filters.filter(function (f) { return self.selects[f.column.key].value; });
    var rows = this.data.rows.filter(function (row) {
      return chosen.every(function (f) { return values(row.c[f.index]).indexOf(self.selects[f.column.key].value) >= 0; });
    });
    var dateAt = this.dateAt;
    var titleAt = this.titleAt;
    if (this.sort.value === "title") {
      rows.sort(function (a, b) { return text(a.c[titleAt]).localeCompare(text(b.c[titleAt]), "zh-CN"); });
    } else if (this.sort.value === "old") {
      rows.sort(function (a, b) { return text(a.c[dateAt]).localeCompare(text(b.c[dateAt])); });
    } // else: the file's own order, newest first
    this.chosen = chosen.length;
    return rows;
  };

  Listing.prototype.show = function (remember) {
    var rows = this.matching();
    var pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    this.page = Math.min(this.page, pages);
    if (remember) this.writeUrl();
    var first = (this.page - 1) * PAGE_SIZE;
    this.matched = rows;
    this.shown = rows.slice(first, first + PAGE_SIZE);
    this.summaryLabel.textContent = this.chosen ? "筛选（已选 " + this.chosen + " 项条件）" : "筛选";
    this.status.textContent = rows.length
      ? "共 " + rows.length + " 项" + (pages > 1 ? "，第 " + this.page + "/" + pages + " 页，显示第 " + (first + 1) + "–" +
        (first + this.shown.length) + " 项" : "")
      : "没有符合条件的项目。可以减少筛选条件。";
    this.list.textContent = "";
    var self = this;
    this.shown.forEach(function (row) { self.list.appendChild(self.item(row)); });
    this.list.setAttribute("start", String(first + 1));
    this.showDownloads();
    this.showPager(pages);
  };

  Listing.prototype.item = function (row) {
    var self = this;
    var details = [];
    this.columns.forEach(function (column, i) {
      if (i === self.titleAt || i === self.statusAt || column.key === "year" && self.dateAt >= 0) return;
      var value = text(row.c[i]);
      if (value) details.push(el("span", { "class": "gk-list-cell" }, [el("span", { "class": "gk-list-label" }, [column.heading + "："]), value]));
    });
    var status = this.statusAt >= 0 && row.c[this.statusAt]
      ? el("span", { "class": "gk-badge gk-badge-" + (row.t || "none") }, [text(row.c[this.statusAt])]) : null;
    var address = new URL(row.u, this.siteRoot);
    var title = text(row.c[this.titleAt]);
    // Only web addresses are links; one that leaves the site says so, with its host.
    var heading = /^https?:$/.test(address.protocol)
      ? el("a", { href: address.href, "class": "gk-list-title" }, [title]) : el("span", { "class": "gk-list-title" }, [title]);
    var leaving = address.origin !== window.location.origin
      ? el("small", { "class": "gk-external" }, ["（外部网站：" + address.host + "）"]) : null;
    return el("li", { "class": "gk-list-row" }, [
      heading, leaving,
      el("p", { "class": "gk-list-meta" }, [status].concat(details)),
    ]);
  };

  Listing.prototype.table = function (rows) {
    var self = this;
    var head = this.columns.map(function (c) { return c.heading; }).concat(["网址"]);
    return [head].concat(rows.map(function (row) {
      return row.c.map(text).concat([new URL(row.u, self.siteRoot).href]);
    }));
  };

  Listing.prototype.showDownloads = function () {
    this.downloads.textContent = "";
    if (!this.shown.length) return;
    var self = this;
    function offer(label, suffix, make, rows, name) {
      var button = el("button", { type: "button" }, [label]);
      button.addEventListener("click", function () {
        var url = URL.createObjectURL(make(self.table(rows), self.data.title));
        var a = el("a", { href: url, download: name + "." + suffix });
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      });
      return button;
    }
    function line(words, rows, name) {
      var p = el("span", { "class": "gk-list-download" }, [words]);
      p.appendChild(offer("Excel", "xlsx", xlsxFile, rows, name));
      p.appendChild(offer("CSV", "csv", csvFile, rows, name));
      self.downloads.appendChild(p);
    }
    line("下载本列表（显示的 " + this.shown.length + " 项）：", this.shown, this.data.title + "-列表");
    if (this.matched.length > this.shown.length) {
      line("下载全部 " + this.matched.length + " 项符合条件的：", this.matched, this.data.title + "-筛选结果");
    }
  };

  Listing.prototype.showPager = function (pages) {
    this.pager.textContent = "";
    if (pages <= 1) return;
    var self = this;
    function go(number, label) {
      var button = el("button", { type: "button" }, [label]);
      button.disabled = number < 1 || number > pages;
      button.addEventListener("click", function () {
        self.page = number;
        self.show(true);
        self.status.scrollIntoView({ block: "start" });
      });
      return button;
    }
    this.pager.appendChild(go(this.page - 1, "上一页"));
    this.pager.appendChild(el("span", {}, [" 第 " + this.page + " 页，共 " + pages + " 页 "]));
    this.pager.appendChild(go(this.page + 1, "下一页"));
  };

  // For tests: the cell rules, to compare with the Python exports' own (excel/cells.py).
  window.gkListing = { csvText: csvText, xlsxText: xlsxText, looksLikeFormula: looksLikeFormula };

  var mount = document.getElementById("gk-list");
  var link = mount && mount.querySelector("a[href]");
  if (!link) return;
  var source = new URL(link.getAttribute("href"), window.location.href).href;
  fetch(source).then(function (response) {
    if (!response.ok) throw new Error(String(response.status));
    return response.json();
  }).then(function (data) {
    new Listing(mount, source, data);
    Array.prototype.forEach.call(document.querySelectorAll(".gk-list-static"), function (node) {
      node.hidden = true;
      // The table of contents no longer points at the hidden groups' headings.
      Array.prototype.forEach.call(node.querySelectorAll("[id]"), function (heading) {
        var entry = document.querySelector('.md-sidebar--secondary a[href="#' + CSS.escape(heading.id) + '"]');
        if (entry && entry.parentNode) entry.parentNode.hidden = true;
      });
    });
  }).catch(function () {
    // The plain listing below stays; the link to the data file stays too.
  });
})();
