// npm run db:seed — seed the demo data into an empty database.
import { closeDatabase } from "~/db.server";
import { seedDemoIfEmpty } from "~/seed/demo.server";
import { connectForScript } from "./connect";

await connectForScript();
const logins = await seedDemoIfEmpty();
console.log(logins ? logins.map((l) => `${l.role}: ${l.login} / ${l.password}`).join("\n") : "Database is not empty: nothing seeded.");
await closeDatabase();
