import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import remixConfig from "./remix.config.js";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [remix(remixConfig)],
  resolve: {
    alias: { "~": new URL("./app", import.meta.url).pathname },
  },
  build: {
    // Keep the server bundle readable in stack traces.
    sourcemap: false,
    // The studio's CodeMirror chunk (~520 kB) loads only in the editor; the
    // default 500 kB warning would greet every `npm start` as if it were a fault.
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      onwarn(warning, warn) {
        // Resource routes (PDFs, exports, health checks) have no client code by design.
        if (warning.code === "EMPTY_BUNDLE") return;
        warn(warning);
      },
    },
  },
  server: { port: 3000 },
  ssr: {
    // Native and WASM packages stay external to the server bundle.
    external: ["@node-rs/argon2", "@electric-sql/pglite", "postgres", "pino", "exceljs"],
  },
});
