// Start-up: connect, migrate, seed the demo on an empty database, print logins.
import { env } from "./env.server";
import { closeDatabase, migrate, openDatabase, setDatabase, type DatabaseOptions } from "./db.server";
import { logger } from "./logger.server";
import { importContentIfEmpty } from "./content/import.server";
import { enableCredentials } from "./models/credentials.server";
import { startCertificateSweep, stopCertificateSweep } from "./models/certificate-sweep.server";
import { recoverInterruptedJobs, startCertificateJobRunner, stopCertificateJobRunner } from "./models/certificate-jobs.server";
import { seedDemoIfEmpty } from "./seed/demo.server";

export function databaseOptionsFromEnv(): DatabaseOptions {
  return env.DATABASE_URL ? { url: env.DATABASE_URL, poolMax: env.DB_POOL_MAX } : { dataDir: env.DATA_DIR };
}

let started: Promise<void> | undefined;

/**
 * `tasks: false` only connects: the workers of a cluster leave migrations,
 * content import and seeding to the primary process, which runs them once.
 */
export function startup({ tasks = true }: { tasks?: boolean } = {}): Promise<void> {
  started ??= (async () => {
    enableCredentials();
    const options = databaseOptionsFromEnv();
    const database = await openDatabase(options);
    setDatabase(database);
    // Bulk certificate downloads run in every serving process (docs/decisions/006).
    if (!tasks) return startCertificateJobRunner();
    await migrate(database, options);
    logger.info({ event: "db.ready", kind: database.kind }, `database ready (${database.kind})`);
    // A new installation gets the built-in courses; later changes to content/
    // are loaded with `npm run content:import`.
    await importContentIfEmpty();
    // No other process runs yet: jobs marked running were interrupted.
    await recoverInterruptedJobs();
    startCertificateJobRunner();
    if (env.SEED_DEMO === "auto") {
      const seeded = await seedDemoIfEmpty();
      if (seeded) printDemoLogins(seeded);
    }
    // Completions without a certificate and certificates without a credential
    // (a failed or interrupted signing, no public address yet) are finished
    // now and every few minutes (docs/decisions/013).
    startCertificateSweep();
  })();
  return started;
}

export async function shutdown() {
  await stopCertificateSweep();
  await stopCertificateJobRunner();
  await closeDatabase();
}

function printDemoLogins(logins: { role: string; login: string; password: string; scope: string }[]) {
  const lines = [
    "",
    "Dữ liệu mẫu đã được tạo. Tài khoản demo (demo logins):",
    ...logins.map((l) => `  ${l.role.padEnd(28)} ${l.login.padEnd(24)} ${l.password}   ${l.scope}`),
    "",
  ];
  // Printed plainly (not as JSON) so a person starting the app can read it.
  process.stdout.write(lines.join("\n") + "\n");
}
