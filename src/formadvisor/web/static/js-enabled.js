// Marks the page as having JavaScript before it is drawn, as the nhsuk template's inline
// snippet does (a file here: the Content-Security-Policy allows no inline script). Loaded as
// a classic script at the top of <body>, so document.body exists and nothing flickers.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " nhsuk-frontend-supported" : "");
