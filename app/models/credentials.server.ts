// Ties the credential library (app/credentials) to the database: issuer keys
// per issuing body (secret parts encrypted with the master key from the
// environment), the revocation status list, signing at issue time, and
// verification of uploaded credentials.
import fs from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { db, type Db } from "~/db.server";
import { env } from "~/env.server";
import { logger } from "~/logger.server";
import { buildAchievementCredential, signCredential } from "~/credentials/issue.server";
import { activeIssuerKey, type IssuerKeyStore, type StoredIssuerKey } from "~/credentials/issuer-keys.server";
import { parseMasterKeys, type MasterKeyring } from "~/credentials/keys.server";
import { buildStatusListCredential, createEncodedStatusList, setStatus } from "~/credentials/status-list.server";
import { verifyCredential, type VerifyResult } from "~/credentials/verify.server";
import { certificates, issuerKeys, issuingBodies, statusLists } from "../../db/schema";
import { setCredentialSigner, setRevocationPublisher, type Certificate, type IssuingBody } from "./certificates.server";

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

export function publicBaseUrl() {
  return (env.PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, "");
}

export function statusListUrl(bodyId: number) {
  return `${publicBaseUrl()}/status/${bodyId}/revocation`;
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

async function signStatusList(body: IssuingBody, encodedList: string, tx: Db) {
  const key = await activeIssuerKey(keyStore(body.id, tx), getMasterKeys());
  return signCredential(buildStatusListCredential({ id: statusListUrl(body.id), issuer: key.controller, encodedList }), key);
}

/** Signs the Open Badges credential of a new certificate inside its issuing transaction. */
export async function signCertificate(certificate: Certificate, body: IssuingBody, tx: Db) {
  const key = await activeIssuerKey(keyStore(body.id, tx), getMasterKeys());
  const list = await lockedStatusList(body.id, tx);
  const index = list.nextIndex;
  const base = publicBaseUrl();
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
    status: { statusListCredential: statusListUrl(body.id), statusListIndex: index },
  });
  const signed = await signCredential(credential, key);
  await tx.update(certificates).set({ credential: signed, statusListIndex: index }).where(eq(certificates.id, certificate.id));
  const update: Partial<typeof statusLists.$inferInsert> = { nextIndex: index + 1, updatedAt: new Date() };
  if (!list.credential) update.credential = await signStatusList(body, list.encodedList, tx);
  await tx.update(statusLists).set(update).where(eq(statusLists.id, list.id));
}

/** Flips the certificate's bit and re-signs the body's status list. */
export async function publishRevocation(certificate: Certificate, tx: Db) {
  if (certificate.statusListIndex === null) return;
  const [body] = await tx.select().from(issuingBodies).where(eq(issuingBodies.id, certificate.issuingBodyId));
  const list = await lockedStatusList(certificate.issuingBodyId, tx);
  const encodedList = await setStatus(list.encodedList, certificate.statusListIndex, true);
  const credential = await signStatusList(body!, encodedList, tx);
  await tx.update(statusLists).set({ encodedList, credential, updatedAt: new Date() }).where(eq(statusLists.id, list.id));
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

/** Checks an uploaded credential against this deployment's issuers and status lists, offline. */
export async function checkCredential(json: unknown): Promise<VerifyResult> {
  const keys = await db.select({ did: issuerKeys.did, name: issuingBodies.name }).from(issuerKeys).innerJoin(issuingBodies, eq(issuingBodies.id, issuerKeys.issuingBodyId));
  const names = new Map(keys.map((k) => [k.did, k.name]));
  const base = publicBaseUrl();
  return verifyCredential(json, {
    trustedIssuers: (did) => (names.has(did) ? { name: names.get(did)! } : null),
    fetchStatusList: async (url) => {
      const match = new RegExp(`^${base.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/status/(\\d+)/revocation$`).exec(url);
      return match ? statusListCredential(Number(match[1])) : null;
    },
    original: async (id) => {
      const serial = id.startsWith(`${base}/verify/`) ? id.slice(`${base}/verify/`.length) : null;
      if (!serial) return null;
      const [row] = await db.select({ credential: certificates.credential }).from(certificates).where(eq(certificates.serial, serial));
      return row?.credential ?? null;
    },
  });
}
