import { defineConfig } from "vitest/config";

// Fault tests start the built production server (node server.js) against a
// private PostgreSQL cluster; they run after `npm run build` (npm run test:fault).
export default defineConfig({
  test: {
    include: ["tests/fault/**/*.test.ts"],
    environment: "node",
    env: { LOG_LEVEL: "silent", CREDENTIAL_KEYS: "test-only-master-passphrase-0123" },
    pool: "forks",
    // One server and one cluster at a time: the load is meant to be bounded.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
