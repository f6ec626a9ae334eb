// Ties the credential library (app/credentials) to the database: issuer keys
// per issuing body (secret parts encrypted with the master key from the
// environment), the revocation status list, signing at issue time, and
// verification of uploaded credentials.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { and, asc, eq, isNotNull, isNull, or, sql } from "drizzle-orm";
import { db, type Db } from "~/db.server";
import { env } from "~/env.server";
import { logger } from "~/logger.server";
import { buildAchievementCredential, signCredential } from "~/credentials/issue.server";
import { activeIssuerKey, type IssuerKeyStore, type StoredIssuerKey } from "~/credentials/issuer-keys.server";
import { parseMasterKeys, type MasterKeyring } from "~/credentials/keys.server";
import { buildStatusListCredential, createEncodedStatusList, setStatus } from "~/credentials/status-list.server";
import { verifyCredential, type VerifyResult } from "~/credentials/verify.server";
import { certificates, issuerKeys, issuingBodies, statusLists } from "../../db/schema";
import { setCredentialSigner, setRevocationPublisher, signCertificateCredential, type Certificate, type IssuingBody, type SignOutcome } from "./certificates.server";
import { isAcceptableBase, publicBase, rememberFormerBase } from "./public-address.server";

let masterKeys: MasterKeyring | undefined;

/**
 * The master key: CREDENTIAL_KEYS from the environment. A deployment without
 * it gets a random key kept in the data directory, so `npm start` works with
 * no configuration; production should set the variable (and back it up).
 */
function getMasterKeys(): MasterKeyring {
  if (masterKeys) return masterKeys;
  let value = env.CREDENTIAL_KEYS;
  if (!value) {
    const file = path.resolve(env.DATA_DIR, "credential-master.key");
    if (!fs.existsSync(file)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
      logger.warn({ event: "credentials.local_key", file }, "CREDENTIAL_KEYS is not set: generated a local master key");
    }
    value = fs.readFileSync(file, "utf8").trim();
  }
  masterKeys = parseMasterKeys(value);
  return masterKeys;
}

export function statusListUrl(base: string, bodyId: number) {
  return `${base}/status/${bodyId}/revocation`;
}

/** The base a signed credential's id carries (".../verify/<serial>"), or null. */
export function credentialBase(credential: unknown): string | null {
  const id = (credential as { id?: unknown } | null)?.id;
  if (typeof id !== "string") return null;
  const at = id.lastIndexOf("/verify/");
  return at > 0 ? id.slice(0, at) : null;
}

function statusListId(credential: unknown): string | null {
  const id = (credential as { id?: unknown } | null)?.id;
  return typeof id === "string" ? id : null;
}

function keyStore(bodyId: number, tx: Db): IssuerKeyStore {
  return {
    list: async () =>
      (await tx.select().from(issuerKeys).where(eq(issuerKeys.issuingBodyId, bodyId))).map(
        (k): StoredIssuerKey => ({
          id: k.verificationMethod,
          controller: k.did,
          publicKeyMultibase: k.publicKeyMultibase,
          encryptedSecretKey: k.secretKeyEncrypted,
          createdAt: k.createdAt.toISOString(),
        }),
      ),
    add: async (key) => {
      await tx.insert(issuerKeys).values({
        issuingBodyId: bodyId,
        did: key.controller,
        verificationMethod: key.id,
        publicKeyMultibase: key.publicKeyMultibase,
        secretKeyEncrypted: key.encryptedSecretKey,
        createdAt: new Date(key.createdAt),
      });
    },
  };
}

/** The body's status list row, locked for this transaction (created on first use). */
async function lockedStatusList(bodyId: number, tx: Db) {
  const existing = await tx.select({ id: statusLists.id }).from(statusLists).where(eq(statusLists.issuingBodyId, bodyId));
  if (!existing.length) {
    const encodedList = await createEncodedStatusList();
    await tx.insert(statusLists).values({ issuingBodyId: bodyId, size: 131_072, encodedList }).onConflictDoNothing();
  }
  const [row] = await tx.select().from(statusLists).where(and(eq(statusLists.issuingBodyId, bodyId), eq(statusLists.purpose, "revocation"))).for("update");
  return row!;
}

async function signStatusList(body: Pick<IssuingBody, "id">, id: string, encodedList: string, tx: Db) {
  const key = await activeIssuerKey(keyStore(body.id, tx), getMasterKeys());
  return signCredential(buildStatusListCredential({ id, issuer: key.controller, encodedList }), key);
}

/** Test hook: the next `count` signings throw (a fault injected where a real one would occur). */
let injectedFailures = 0;
export function failNextSignings(count = 1) {
  injectedFailures = count;
}

/**
 * Signs — or re-signs, when it carries another base — the Open Badges
 * credential of a certificate whose row the caller has locked. A re-signed
 * credential keeps its status-list position, so a revocation still shows.
 * Without an acceptable public address nothing is signed ("noAddress").
 */
export async function signCertificate(certificate: Certificate, body: IssuingBody, tx: Db, base: string | null): Promise<SignOutcome> {
  const oldBase = credentialBase(certificate.credential);
  if (certificate.credential && oldBase === base) return "current";
  if (!base) return "noAddress";
  // Revoked before it was ever signed: there is no credential to keep verifiable.
  if (!certificate.credential && certificate.status === "revoked") return "current";
  if (injectedFailures > 0) {
    injectedFailures--;
    throw new Error("injected signing failure");
  }
  const key = await activeIssuerKey(keyStore(body.id, tx), getMasterKeys());
  const list = await lockedStatusList(body.id, tx);
  const index = certificate.statusListIndex ?? list.nextIndex;
  const credential = buildAchievementCredential({
    id: `${base}/verify/${certificate.serial}`,
    issuer: { id: key.controller, name: body.name },
    validFrom: `${certificate.issuedOn}T00:00:00+07:00`,
    validUntil: certificate.validUntil ? `${certificate.validUntil}T23:59:59+07:00` : null,
    holder: { name: certificate.holderName },
    achievement: {
      id: `${base}/courses/${certificate.courseId}`,
      name: certificate.courseTitle,
      description: `Khóa đào tạo, bồi dưỡng kỹ năng công tác xã hội: ${certificate.courseTitle}.`,
      criteria: `Hoàn thành khóa học (${certificate.hours} giờ) ngày ${certificate.completedOn}.`,
      hours: certificate.hours,
    },
    status: { statusListCredential: statusListUrl(base, body.id), statusListIndex: index },
  });
  const signed = await signCredential(credential, key);
  await tx.update(certificates).set({ credential: signed, statusListIndex: index }).where(eq(certificates.id, certificate.id));
  const update: Partial<typeof statusLists.$inferInsert> = { updatedAt: new Date() };
  if (certificate.statusListIndex === null) update.nextIndex = index + 1;
  const listUrl = statusListUrl(base, body.id);
  if (statusListId(list.credential) !== listUrl) update.credential = await signStatusList(body, listUrl, list.encodedList, tx);
  await tx.update(statusLists).set(update).where(eq(statusLists.id, list.id));
  if (oldBase && isAcceptableBase(oldBase)) await rememberFormerBase(oldBase, tx);
  if (oldBase) logger.info({ event: "credential.resigned", serial: certificate.serial, from: oldBase, to: base }, "credential re-signed under the current public address");
  return "signed";
}

/**
 * Flips the certificate's bit and re-signs the body's status list — under
 * the current address, or (none yet) under the URL it was published at, so
 * the revocation takes effect either way.
 */
export async function publishRevocation(certificate: Certificate, tx: Db, base: string | null) {
  if (certificate.statusListIndex === null) return;
  const [body] = await tx.select().from(issuingBodies).where(eq(issuingBodies.id, certificate.issuingBodyId));
  const list = await lockedStatusList(certificate.issuingBodyId, tx);
  const encodedList = await setStatus(list.encodedList, certificate.statusListIndex, true);
  const id = base ? statusListUrl(base, body!.id) : statusListId(list.credential);
  const credential = id ? await signStatusList(body!, id, encodedList, tx) : null;
  await tx.update(statusLists).set({ encodedList, credential, updatedAt: new Date() }).where(eq(statusLists.id, list.id));
}

/**
 * The sweep's second half: signs credentials left unsigned (a failed or
 * interrupted signing, or no public address at the time) and re-signs those
 * carrying another base (a loopback one from an older version, or a former
 * address), then the status lists. Nothing happens without an address.
 */
export async function signPendingCredentials(limit = 500): Promise<{ signed: number; failed: number; pending: number; noAddress: boolean }> {
  const base = await publicBase();
  const stale = (b: string) =>
    or(
      and(isNull(certificates.credential), eq(certificates.status, "valid")),
      and(isNotNull(certificates.credential), sql`not starts_with(${certificates.credential}->>'id', ${`${b}/verify/`})`),
    );
  if (!base) {
    const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(certificates).where(and(isNull(certificates.credential), eq(certificates.status, "valid")));
    return { signed: 0, failed: 0, pending: row?.n ?? 0, noAddress: true };
  }
  const rows = await db.select({ id: certificates.id }).from(certificates).where(stale(base)).orderBy(asc(certificates.id)).limit(limit);
  let signed = 0;
  let failed = 0;
  for (const { id } of rows) {
    try {
      if ((await signCertificateCredential(id)) === "signed") signed++;
    } catch (error) {
      failed++;
      logger.error({ event: "credential.sweep_sign_failed", certificate: id, err: error }, "could not sign a pending credential");
    }
  }
  // Status lists published under another base (revocations done meanwhile).
  const lists = await db.select({ id: statusLists.id, bodyId: statusLists.issuingBodyId, credential: statusLists.credential }).from(statusLists);
  for (const l of lists) {
    const url = statusListUrl(base, l.bodyId);
    if (statusListId(l.credential) === url) continue;
    await db.transaction(async (tx) => {
      const list = await lockedStatusList(l.bodyId, tx);
      if (statusListId(list.credential) === url) return;
      await tx.update(statusLists).set({ credential: await signStatusList({ id: l.bodyId }, url, list.encodedList, tx), updatedAt: new Date() }).where(eq(statusLists.id, list.id));
    });
  }
  const [left] = await db.select({ n: sql<number>`count(*)::int` }).from(certificates).where(stale(base));
  return { signed, failed, pending: left?.n ?? 0, noAddress: false };
}

/** Registers the signing and revocation hooks of the certificate model. */
export function enableCredentials() {
  setCredentialSigner(signCertificate);
  setRevocationPublisher(publishRevocation);
}

export async function statusListCredential(bodyId: number) {
  const [row] = await db.select({ credential: statusLists.credential }).from(statusLists).where(eq(statusLists.issuingBodyId, bodyId));
  return row?.credential ?? null;
}

/**
 * Checks an uploaded credential against this deployment's issuers and status
 * lists, offline. URLs are matched by path, whatever their base: the
 * signature (by one of our keys) already proves we wrote them, and a
 * credential downloaded before the address changed must keep verifying.
 */
export async function checkCredential(json: unknown): Promise<VerifyResult> {
  const keys = await db.select({ did: issuerKeys.did, name: issuingBodies.name }).from(issuerKeys).innerJoin(issuingBodies, eq(issuingBodies.id, issuerKeys.issuingBodyId));
  const names = new Map(keys.map((k) => [k.did, k.name]));
  return verifyCredential(json, {
    trustedIssuers: (did) => (names.has(did) ? { name: names.get(did)! } : null),
    fetchStatusList: async (url) => {
      const match = /^https?:\/\/[^/]+(?:\/.*)?\/status\/(\d+)\/revocation$/.exec(url);
      if (!match) return null;
      const bodyId = Number(match[1]);
      const [row] = await db.select().from(statusLists).where(eq(statusLists.issuingBodyId, bodyId));
      if (!row) return null;
      if (statusListId(row.credential) === url) return row.credential;
      // Published under another base now: the same bits, signed for the URL the credential names.
      return signStatusList({ id: bodyId }, url, row.encodedList, db);
    },
    original: async (id) => {
      const match = /\/verify\/([A-Z0-9-]{3,40})$/.exec(id);
      if (!match) return null;
      const [row] = await db.select({ credential: certificates.credential }).from(certificates).where(eq(certificates.serial, match[1]!));
      return row?.credential ?? null;
    },
  });
}
