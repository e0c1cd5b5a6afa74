// Material for MkDocs 9.8.2 (MIT licence), partials/javascripts/announce.html: moved out of the
// page so the Content-Security-Policy allows no inline script (scripts/gongkai/htmlsafety.py).
var el=document.querySelector("[data-md-component=announce]");if(el){var content=el.querySelector(".md-typeset");__md_hash(content.innerHTML)===__md_get("__announce")&&(el.hidden=!0)}
