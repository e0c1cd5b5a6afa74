/* Reading controls for older readers and phones (工信部《互联网网站适老化通用设计规范》):
   text size 小/中/大, an 适老化 mode (larger text and targets, stronger contrast) and a
   print button whose printout names the site, the page address and the print date.
   Choices persist in localStorage. No inline code: this file is the whole feature. */
(function () {
  "use strict";
  var root = document.documentElement;
  var SIZES = { small: "小", normal: "中", large: "大" };

  function stored(key, fallback) {
    try { return window.localStorage.getItem(key) || fallback; } catch (e) { return fallback; }
  }
  function store(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: not kept */ }
  }
  function apply() {
    var size = stored("gk-size", "normal");
    root.classList.remove("gk-size-small", "gk-size-large");
    if (size !== "normal") root.classList.add("gk-size-" + size);
    root.classList.toggle("gk-elder", stored("gk-elder", "off") === "on");
  }
  apply();

  function button(label, pressed, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    if (pressed !== null) b.setAttribute("aria-pressed", pressed ? "true" : "false");
    b.addEventListener("click", onClick);
    return b;
  }

  function toolbar() {
    var article = document.querySelector("article.md-content__inner");
    if (!article || document.querySelector(".gk-reading")) return;
    var bar = document.createElement("div");
    bar.className = "gk-reading";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "阅读设置");
    var label = document.createElement("span");
    label.textContent = "字号：";
    bar.appendChild(label);
    Object.keys(SIZES).forEach(function (size) {
      bar.appendChild(button(SIZES[size], stored("gk-size", "normal") === size, function () {
        store("gk-size", size);
        apply();
        bar.querySelectorAll("button[data-size]").forEach(function (b) {
          b.setAttribute("aria-pressed", b.getAttribute("data-size") === size ? "true" : "false");
        });
      }));
      bar.lastChild.setAttribute("data-size", size);
    });
    var elder = button("适老化模式", stored("gk-elder", "off") === "on", function () {
      var on = stored("gk-elder", "off") !== "on";
      store("gk-elder", on ? "on" : "off");
      apply();
      elder.setAttribute("aria-pressed", on ? "true" : "false");
    });
    bar.appendChild(elder);
    var print = button("打印", null, function () { window.print(); });
    print.className = "gk-print";
    bar.appendChild(print);
    article.insertBefore(bar, article.firstChild);
  }

  var WIDE = "(min-width: 45em)";
  var SECTIONS_FROM = 4; // a page with this many sections gets a section list

  /* On a phone a record's secondary facts fold under 「更多信息」, so its text starts on the first screen. */
  function foldFacts() {
    if (window.matchMedia(WIDE).matches) return;
    Array.prototype.forEach.call(document.querySelectorAll("details.gk-meta-more"), function (d) { d.open = false; });
  }

  /* Long pages get a list of their sections at the top; the CSS shows it only where the theme
     shows no table of contents beside the page (phones, tablets). */
  function sectionList() {
    var article = document.querySelector("article.md-content__inner");
    if (!article || article.querySelector(".gk-sections")) return;
    var headings = Array.prototype.filter.call(article.querySelectorAll("h2[id]"), function (h) { return !h.closest("[hidden]"); });
    if (headings.length < SECTIONS_FROM) return;
    var list = document.createElement("ol");
    headings.forEach(function (h) {
      var item = document.createElement("li");
      var a = document.createElement("a");
      a.href = "#" + encodeURIComponent(h.id);
      // The heading's own words, without the theme's ¶ anchor.
      a.textContent = Array.prototype.filter.call(h.childNodes, function (n) { return !(n.classList && n.classList.contains("headerlink")); })
        .map(function (n) { return n.textContent; }).join("").trim();
      item.appendChild(a);
      list.appendChild(item);
    });
    var details = document.createElement("details");
    details.className = "gk-sections";
    var summary = document.createElement("summary");
    summary.textContent = "本页目录（" + headings.length + " 节）";
    details.appendChild(summary);
    details.appendChild(list);
    var title = article.querySelector("h1");
    var after = title && title.nextElementSibling;
    article.insertBefore(details, after || null);
  }

  // The printout says where it came from and when (data attributes read by the print CSS).
  window.addEventListener("beforeprint", function () {
    Array.prototype.forEach.call(document.querySelectorAll("details.gk-meta-more"), function (d) { d.open = true; });
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    document.body.setAttribute("data-gk-print", document.title.split(" - ").pop() + " · " + window.location.href
      + " · 打印于 " + now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate()));
  });

  function enhance() {
    toolbar();
    foldFacts();
    sectionList();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
  else enhance();
  // Material's instant navigation replaces the article: add the controls again.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(enhance);
})();
