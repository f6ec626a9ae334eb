import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: { "~": new URL("./app", import.meta.url).pathname },
  },
  test: {
    include: ["tests/unit/**/*.test.ts", "tests/integration/**/*.test.ts"],
    environment: "node",
    env: { NODE_ENV: "test", LOG_LEVEL: "silent", CREDENTIAL_KEYS: "test-only-master-passphrase-0123" },
    // Each integration file opens its own database (in-memory PGlite, or a
    // fresh PostgreSQL database when TEST_DATABASE_URL is set).
    pool: "forks",
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
