/* The home page's search box, on the first screen of a phone too: the page carries a link
   to the search page (the site's HTML has no form elements of its own making); this turns it
   into a box that opens the search page with the words typed, as the header's box does. */
(function () {
  "use strict";
  var mount = document.getElementById("gk-home-search");
  var link = mount && mount.querySelector("a[href]");
  if (!link) return;
  var form = document.createElement("form");
  form.className = "gk-home-search-form";
  form.setAttribute("role", "search");
  form.action = link.getAttribute("href");
  form.method = "get";
  var label = document.createElement("label");
  label.htmlFor = "gk-home-q";
  label.textContent = "搜索本站";
  var input = document.createElement("input");
  input.id = "gk-home-q";
  input.name = "q";
  input.type = "search";
  input.placeholder = "词语、标题或文号";
  input.autocomplete = "off";
  var button = document.createElement("button");
  button.type = "submit";
  button.textContent = "搜索";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(button);
  mount.textContent = "";
  mount.appendChild(form);
})();
