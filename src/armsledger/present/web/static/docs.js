/* The API documentation page: Swagger UI (vendored) over this server's /openapi.json. */
"use strict";
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true});
});
