// Starts Swagger UI on /docs (a file, not an inline script: the Content-Security-Policy has
// script-src 'self'). The same settings FastAPI's get_swagger_ui_html gives, and no validator
// badge fetched from swagger.io.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  });
})();
