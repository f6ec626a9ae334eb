// Imported first by server.js: installs the load hook that fixes the
// `postgres` driver's crash on a lost connection (hooks.js, decision 012).
import { register } from "node:module";

register("./hooks.js", import.meta.url);
