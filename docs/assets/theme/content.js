// Material for MkDocs 9.8.2 (MIT licence), partials/javascripts/content.html: moved out of the
// page so the Content-Security-Policy allows no inline script (scripts/gongkai/htmlsafety.py).
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
