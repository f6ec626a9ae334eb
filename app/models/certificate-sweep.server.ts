// The durable half of issuing (docs/decisions/013): every completion gets
// its certificate and every certificate its credential, whatever failed in
// between. Run at start-up, every few minutes, and when the public address
// is settled. Idempotent, so overlapping runs in several processes are safe;
// within one process runs never overlap.
import { logger } from "~/logger.server";
import { issueMissingCertificates } from "./certificates.server";
import { signPendingCredentials } from "./credentials.server";

export async function sweepCertificates() {
  const issued = await issueMissingCertificates();
  let signing = await signPendingCredentials();
  // Large backlogs (a new address re-signs everything) go on in batches.
  let signed = signing.signed;
  while (!signing.noAddress && signing.signed > 0 && signing.pending > 0 && !stopping) {
    signing = await signPendingCredentials();
    signed += signing.signed;
  }
  const result = { issued: issued.issued, issueFailed: issued.failed, signed, signFailed: signing.failed, unsigned: signing.pending, noAddress: signing.noAddress };
  if (result.issued || result.signed || result.issueFailed || result.signFailed) logger.info({ event: "certificate.sweep", ...result }, "certificate sweep");
  if (result.noAddress && result.unsigned) logger.warn({ event: "certificate.sweep_no_address", unsigned: result.unsigned }, "credentials wait for a public address (PUBLIC_URL or the administrator's setting)");
  return result;
}

let timer: NodeJS.Timeout | undefined;
let running: Promise<unknown> | null = null;
let again = false;
let stopping = false;

/** Runs a sweep now, or right after the one in progress. */
export function requestCertificateSweep() {
  if (stopping) return;
  if (running) {
    again = true;
    return;
  }
  running = sweepCertificates()
    .catch((error) => logger.error({ event: "certificate.sweep_failed", err: error }, "certificate sweep failed"))
    .finally(() => {
      running = null;
      if (again) {
        again = false;
        requestCertificateSweep();
      }
    });
}

export function startCertificateSweep(intervalMs = 5 * 60_000) {
  stopping = false;
  requestCertificateSweep();
  timer ??= setInterval(requestCertificateSweep, intervalMs);
  timer.unref();
}

export async function stopCertificateSweep() {
  stopping = true;
  if (timer) clearInterval(timer);
  timer = undefined;
  await running;
}
