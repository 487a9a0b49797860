/**
 * `npm run seed:demo`: the Budapest peer-review workshop in the database DATABASE_URL names when
 * set, else the file at DATABASE_PATH (default ./data/helix-review.sqlite), built through the services. Idempotent. The last line
 * printed is JSON with at least `workshopId` and `joinCode`.
 */
import { databaseFrom } from "../app/config/env.server";
import { openChosenDatabase } from "../app/db/open.server";
import { silentPublish } from "../app/services/deps.server";
import { createServices } from "../app/services/index.server";
import { seedBudapestDemo } from "./demo/budapest";

const database = await openChosenDatabase(databaseFrom());
try {
  const services = createServices({ db: database.db, publish: silentPublish });
  const demo = await seedBudapestDemo(services);
  console.log(
    demo.created ? "Created the Budapest demo workshop." : "The Budapest demo workshop was already there; nothing added.",
  );
  console.log(
    `Log in as ${demo.email}${demo.password ? ` with the password ${demo.password} (shown once)` : ""}; phones join at /j/${demo.joinCode}.`,
  );
  console.log(
    JSON.stringify({ workshopId: demo.workshopId, joinCode: demo.joinCode, created: demo.created, facilitatorEmail: demo.email }),
  );
} finally {
  await database.close();
}
