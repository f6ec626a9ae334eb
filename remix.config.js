// Remix Vite plugin options. vite.config.ts imports this file and passes it to
// the plugin, so the app stays one rename away from React Router 7.

/** @type {import('@remix-run/dev').VitePluginConfig} */
export default {
  appDirectory: "app",
  // BUILD_DIR lets parallel builds (and browser-test runs) not clobber each other.
  buildDirectory: process.env.BUILD_DIR ?? "build",
  serverModuleFormat: "esm",
  // Nothing in app/ is a route unless app/routes.ts says so (v3_routeConfig).
  ignoredRouteFiles: ["**/*"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
    v3_routeConfig: true,
  },
};
