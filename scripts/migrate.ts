// npm run db:migrate — apply committed migrations without starting the app.
import { closeDatabase } from "~/db.server";
import { connectForScript } from "./connect";

const database = await connectForScript();
console.log(`Migrations applied (${database.kind}).`);
await closeDatabase();
