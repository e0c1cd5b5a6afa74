// Material for MkDocs 9.8.2 (MIT licence), partials/javascripts/outdated.html: moved out of the
// page so the Content-Security-Policy allows no inline script (scripts/gongkai/htmlsafety.py).
// The base address comes from the script tag's data-md-base.
var el=document.querySelector("[data-md-component=outdated]"),base=new URL(document.currentScript.dataset.mdBase,location),outdated=__md_get("__outdated",sessionStorage,base);!0===outdated&&el&&(el.hidden=!1)
