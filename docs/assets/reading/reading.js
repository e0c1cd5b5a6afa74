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
    bar.appendChild(button("打印", null, function () { window.print(); }));
    article.insertBefore(bar, article.firstChild);
  }

  // The printout says where it came from and when (data attributes read by the print CSS).
  window.addEventListener("beforeprint", function () {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    document.body.setAttribute("data-gk-print", document.title.split(" - ").pop() + " · " + window.location.href
      + " · 打印于 " + now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate()));
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", toolbar);
  else toolbar();
  // Material's instant navigation replaces the article: add the controls again.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(toolbar);
})();
