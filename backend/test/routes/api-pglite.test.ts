import { apiSuite } from "../support/api-suite.js";
import { freshPglite } from "../support/pglite.js";

apiSuite("embedded PGlite", freshPglite, false);
