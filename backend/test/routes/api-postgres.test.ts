import { createTempDatabase, postgresSkip } from "../../../retort/test/support/postgres.js";
import { apiSuite } from "../support/api-suite.js";

const skip = await postgresSkip();

apiSuite(
  "PostgreSQL",
  async () => {
    const db = await createTempDatabase("backend_api");
    return { url: db.url, cleanup: () => db.drop() };
  },
  skip,
);
