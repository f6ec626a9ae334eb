// Imported first by server.js: installs the load hook that fixes the
// `postgres` driver's crash on a lost connection (hooks.js, decision 012).
// Only with PostgreSQL: every module load then passes through the hook
// thread, which costs start-up time a PGlite installation need not pay.
import { register } from "node:module";

if (process.env.DATABASE_URL) register("./hooks.js", import.meta.url);
