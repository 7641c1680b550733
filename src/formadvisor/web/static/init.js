// Starts the NHS.UK frontend's components (conditional reveals, error summary focus, …).
import { initAll } from "/static/nhsuk/nhsuk-frontend.min.js";

initAll();
