// Builds and signs the Open Badges 3.0 AchievementCredential behind every
// certificate (W3C Verifiable Credentials 2.0 + eddsa-rdfc-2022).
import { createHash, randomBytes } from "node:crypto";
import { CredentialIssuancePurpose, issue } from "@digitalbazaar/vc";
import { normalizeNationalId } from "~/lib/national-id";
import { normalizePhone } from "~/lib/phone";
import { OB_V3P0_CONTEXT_URL, VC_V2_CONTEXT_URL, documentLoader as bundledLoader } from "./contexts.server";
import { toDateTimeStamp } from "./datetime.server";
import type { IssuerKey } from "./keys.server";
import { signingSuite, type DataIntegrityProofJson, type ProofOptions } from "./proof.server";
import { statusListEntry, type BitstringStatusListEntry } from "./status-list.server";

export interface AchievementCredentialInput {
  /** The certificate's public verification URL, e.g. https://host/verify/<serial>. */
  id: string;
  issuer: { id: string; name: string; url?: string };
  validFrom: Date | string;
  validUntil?: Date | string | null;
  /** Credential title; defaults to the achievement name. */
  name?: string;
  holder: {
    /** Printed on the certificate, so it is in the credential in clear. */
    name: string;
    /**
     * Optional salted hash (OB 3.0 IdentityObject) so a holder can prove the
     * certificate is theirs by showing their CCCD or phone. The salt is public,
     * so this hides the number from casual readers, not from brute force.
     */
    identity?: { type: "nationalId" | "phone"; value: string; salt?: string };
  };
  achievement: {
    /** Stable URL of the course/achievement, e.g. https://host/courses/<slug>. */
    id: string;
    name: string;
    description: string;
    /** What the holder did to earn it ("Hoàn thành 6 bài học và đạt bài kiểm tra cuối khoá"). */
    criteria: string;
    /** Study hours, as OB creditsAvailable. */
    hours?: number;
    /** OB AchievementType; a course completion is "CertificateOfCompletion". */
    achievementType?: string;
    /** Short course code shown to people, e.g. "CTXH-01". */
    humanCode?: string;
  };
  /** Position in the issuer's revocation list. */
  status?: { statusListCredential: string; statusListIndex: number };
}

export interface IdentityObject {
  type: "IdentityObject";
  identityType: string;
  hashed: boolean;
  identityHash: string;
  salt?: string;
}

export interface AchievementCredential {
  "@context": string[];
  id: string;
  type: string[];
  issuer: { id: string; type: "Profile"; name: string; url?: string };
  validFrom: string;
  validUntil?: string;
  name: string;
  credentialSubject: {
    type: "AchievementSubject";
    name: string;
    identifier: IdentityObject[];
    achievement: {
      id: string;
      type: "Achievement";
      achievementType: string;
      name: string;
      description: string;
      criteria: { narrative: string };
      humanCode?: string;
      creditsAvailable?: number;
    };
  };
  credentialStatus?: BitstringStatusListEntry;
  proof?: DataIntegrityProofJson;
}

export type SignedAchievementCredential = AchievementCredential & { proof: DataIntegrityProofJson };

const IDENTITY_TYPES = {
  // OB 3.0 IdentifierTypeEnum; phone is not in it, and extensions must start with "ext:".
  nationalId: { identityType: "nationalIdentityNumber", normalize: normalizeNationalId },
  phone: { identityType: "ext:phoneNumber", normalize: normalizePhone },
} as const;

/** OB 3.0 IdentityHash: "sha256$" + hex(SHA-256(identity + salt)). */
export function identityHash(identity: string, salt: string): string {
  return `sha256$${createHash("sha256").update(identity + salt, "utf8").digest("hex")}`;
}

/** Does this CCCD/phone belong to the credential's holder? Compares normalized values. */
export function holderMatches(credential: Pick<AchievementCredential, "credentialSubject">, type: "nationalId" | "phone", value: string): boolean {
  const { identityType, normalize } = IDENTITY_TYPES[type];
  const normalized = normalize(value);
  if (!normalized) return false;
  return credential.credentialSubject.identifier.some(
    (id) => id.identityType === identityType && id.hashed && id.salt !== undefined && id.identityHash === identityHash(normalized, id.salt),
  );
}

function identityObjects(holder: AchievementCredentialInput["holder"]): IdentityObject[] {
  const objects: IdentityObject[] = [{ type: "IdentityObject", identityType: "name", hashed: false, identityHash: holder.name }];
  if (holder.identity) {
    const { identityType, normalize } = IDENTITY_TYPES[holder.identity.type];
    const normalized = normalize(holder.identity.value);
    if (!normalized) throw new Error(`Invalid ${holder.identity.type} for the credential holder`);
    const salt = holder.identity.salt ?? randomBytes(16).toString("hex");
    objects.push({ type: "IdentityObject", identityType, hashed: true, identityHash: identityHash(normalized, salt), salt });
  }
  return objects;
}

export function buildAchievementCredential(input: AchievementCredentialInput): AchievementCredential {
  const holderName = input.holder.name.trim();
  if (!holderName) throw new Error("The holder's name is required");
  const { achievement } = input;
  const credential: AchievementCredential = {
    "@context": [VC_V2_CONTEXT_URL, OB_V3P0_CONTEXT_URL],
    id: input.id,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer: { id: input.issuer.id, type: "Profile", name: input.issuer.name, ...(input.issuer.url ? { url: input.issuer.url } : {}) },
    validFrom: toDateTimeStamp(input.validFrom),
    ...(input.validUntil ? { validUntil: toDateTimeStamp(input.validUntil) } : {}),
    name: input.name ?? achievement.name,
    credentialSubject: {
      type: "AchievementSubject",
      // Both: `name` is what generic VC viewers show; the name IdentityObject is OB's own way.
      name: holderName,
      identifier: identityObjects({ ...input.holder, name: holderName }),
      achievement: {
        id: achievement.id,
        type: "Achievement",
        achievementType: achievement.achievementType ?? "CertificateOfCompletion",
        name: achievement.name,
        description: achievement.description,
        criteria: { narrative: achievement.criteria },
        ...(achievement.humanCode ? { humanCode: achievement.humanCode } : {}),
        ...(achievement.hours !== undefined ? { creditsAvailable: achievement.hours } : {}),
      },
    },
  };
  if (input.status) credential.credentialStatus = statusListEntry(input.status.statusListCredential, input.status.statusListIndex);
  return credential;
}

export function issuerIdOf(credential: { issuer?: unknown }): string | undefined {
  const { issuer } = credential;
  if (typeof issuer === "string") return issuer;
  if (issuer && typeof issuer === "object" && typeof (issuer as { id?: unknown }).id === "string") return (issuer as { id: string }).id;
  return undefined;
}

/**
 * Signs a credential (or a status list credential) as its issuer, replacing
 * any earlier proof. Refuses a key whose controller is not the credential's
 * issuer, since verifiers would reject that signature anyway.
 */
export async function signCredential<T extends { issuer: unknown }>(
  credential: T,
  key: IssuerKey,
  options: ProofOptions = {},
): Promise<T & { proof: DataIntegrityProofJson }> {
  const issuer = issuerIdOf(credential);
  if (issuer !== key.controller) {
    throw new Error(`Key ${key.id} is controlled by ${key.controller}, not by the credential's issuer ${issuer ?? "(none)"}`);
  }
  const { proof: _existing, ...unsigned } = credential as T & { proof?: unknown };
  const signed = await issue({
    credential: structuredClone(unsigned),
    suite: await signingSuite(key, options.created),
    purpose: new CredentialIssuancePurpose(),
    documentLoader: options.documentLoader ?? bundledLoader,
  });
  return signed as T & { proof: DataIntegrityProofJson };
}
