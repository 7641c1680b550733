// Starts the NHS.UK frontend's components (conditional reveals, error summary focus, …).
import { initAll } from "/static/nhsuk/nhsuk-frontend.min.js";
import "/static/share.js"; // the share panel's copy buttons, where a page has them

initAll();
