// Issuer signing keys (Ed25519 Multikey) and their encryption at rest.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { DID_V1_CONTEXT_URL, MULTIKEY_V1_CONTEXT_URL, type DidDocument } from "./contexts.server";

export interface IssuerKey {
  /** Multibase (z6Mk…) Ed25519 public key; also the key's fingerprint. */
  publicKeyMultibase: string;
  /** Multibase (z3u2…) 32-byte Ed25519 seed. Never store this unencrypted. */
  secretKeyMultibase: string;
  /** The issuer DID that controls the key: did:key:z6Mk… or did:web:… */
  controller: string;
  /** Verification method id, `${controller}#${publicKeyMultibase}`. */
  id: string;
}

export type PublicIssuerKey = Omit<IssuerKey, "secretKeyMultibase">;

/** A fresh Ed25519 key whose issuer is its own did:key (no domain needed). */
export async function generateIssuerKey(): Promise<IssuerKey> {
  const pair = await Ed25519Multikey.generate();
  // canonicalize: export the 32-byte seed, not the legacy seed+public 64 bytes.
  const exported = await pair.export({ publicKey: true, secretKey: true, canonicalize: true });
  const { publicKeyMultibase, secretKeyMultibase } = exported;
  if (!publicKeyMultibase || !secretKeyMultibase) throw new Error("Ed25519 key export failed");
  const controller = `did:key:${publicKeyMultibase}`;
  return { publicKeyMultibase, secretKeyMultibase, controller, id: `${controller}#${publicKeyMultibase}` };
}

/**
 * The did:web DID for a deployment with a domain, e.g. didWebFor("ctxh.gov.vn")
 * → "did:web:ctxh.gov.vn"; the DID document (didWebDocument) must then be
 * served at https://ctxh.gov.vn/.well-known/did.json. A port is percent-encoded
 * ("localhost:3000" → "did:web:localhost%3A3000") and path segments become
 * ":"-separated, as the did:web method specifies.
 */
export function didWebFor(domain: string, ...path: string[]): string {
  const host = domain.trim().toLowerCase().replace(/\/+$/, "");
  const valid = /^[a-z0-9.-]+(:\d{1,5})?$/.test(host) && (host.includes(".") || host.startsWith("localhost"));
  if (!valid) {
    throw new Error(`"${domain}" is not a host name (expected e.g. "ctxh.gov.vn", without https://)`);
  }
  const segments = path.map((segment) => {
    if (!/^[A-Za-z0-9._~-]+$/.test(segment)) throw new Error(`Invalid did:web path segment "${segment}"`);
    return segment;
  });
  return ["did:web", host.replace(":", "%3A"), ...segments].join(":");
}

/** The same key, controlled by a did:web issuer instead of its own did:key. */
export function withController<K extends PublicIssuerKey>(key: K, controller: string): K {
  return { ...key, controller, id: `${controller}#${key.publicKeyMultibase}` };
}

/**
 * The did:web DID document listing every key the issuer has used: old keys stay
 * under assertionMethod after a rotation so credentials they signed still
 * verify; dropping a key from the list (e.g. after a leak) distrusts it.
 */
export function didWebDocument(did: string, publicKeysMultibase: readonly string[]): DidDocument {
  const methods = publicKeysMultibase.map((publicKeyMultibase) => ({
    id: `${did}#${publicKeyMultibase}`,
    type: "Multikey" as const,
    controller: did,
    publicKeyMultibase,
  }));
  return {
    "@context": [DID_V1_CONTEXT_URL, MULTIKEY_V1_CONTEXT_URL],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((vm) => vm.id),
  };
}

/** The signer the Data Integrity suite calls; it signs as the key's verification method id. */
export async function signerFor(key: IssuerKey) {
  const pair = await Ed25519Multikey.from({
    "@context": MULTIKEY_V1_CONTEXT_URL,
    type: "Multikey",
    id: key.id,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
    secretKeyMultibase: key.secretKeyMultibase,
  });
  return pair.signer();
}

// ---------------------------------------------------------------------------
// Encryption at rest: AES-256-GCM under a master key from the environment.
//
// The environment value holds one master key (version "1"), or several,
// newest first, each with a version prefix: "2:<key>,1:<key>". Each <key> is
// 32 bytes as hex (64 chars) or
// base64/base64url, or else a passphrase of at least 16 characters that is
// stretched to 32 bytes with HKDF-SHA256. HKDF is not a password hash, so a
// passphrase must be long and random, not memorable.
//
// A ciphertext names the master key version that sealed it, so rotating the
// master key is: prepend the new key, re-encrypt (reencryptSecret), then drop
// the old key from the environment.
// ---------------------------------------------------------------------------

const FORMAT = "enc1";
const HKDF_SALT = "ctxh-academy/credentials/master-key";
const HKDF_INFO = "aes-256-gcm issuer-key encryption";
const MIN_PASSPHRASE = 16;
const VERSIONED = /^[A-Za-z0-9_-]{1,16}:/;

export interface MasterKeyring {
  /** Version used for new ciphertexts (the first entry). */
  current: string;
  keys: ReadonlyMap<string, Buffer>;
}

function decodeKeyMaterial(material: string): Buffer {
  if (/^[0-9a-fA-F]{64}$/.test(material)) return Buffer.from(material, "hex");
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(material)) {
    const bytes = Buffer.from(material.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (bytes.length === 32) return bytes;
  }
  if (material.length < MIN_PASSPHRASE) {
    throw new Error(
      `Master key must be 32 bytes (64 hex characters or base64) or a passphrase of at least ${MIN_PASSPHRASE} characters`,
    );
  }
  return Buffer.from(hkdfSync("sha256", Buffer.from(material, "utf8"), HKDF_SALT, HKDF_INFO, 32));
}

export function parseMasterKeys(value: string | undefined): MasterKeyring {
  const text = (value ?? "").trim();
  // Only a value that starts with "<version>:" is a list, so a lone passphrase may contain commas.
  const entries = VERSIONED.test(text) ? text.split(/\s*,\s*(?=[A-Za-z0-9_-]{1,16}:)/) : text ? [text] : [];
  if (entries.length === 0) throw new Error("No master key configured for issuer keys");
  const keys = new Map<string, Buffer>();
  for (const entry of entries) {
    const prefixed = /^([A-Za-z0-9_-]{1,16}):(.+)$/s.exec(entry);
    const version = prefixed ? prefixed[1]! : "1";
    if (keys.has(version)) throw new Error(`Master key version "${version}" appears twice`);
    keys.set(version, decodeKeyMaterial(prefixed ? prefixed[2]! : entry));
  }
  return { current: keys.keys().next().value!, keys };
}

function keyring(keys: MasterKeyring | string): MasterKeyring {
  return typeof keys === "string" ? parseMasterKeys(keys) : keys;
}

function additionalData(version: string, context: string): Buffer {
  // Binds the ciphertext to its format, master key version and owner (e.g. the
  // verification method id), so a sealed secret cannot be moved to another row.
  return Buffer.from(`${FORMAT}:${version}:${context}`, "utf8");
}

/** Seals a secret: "enc1:<version>:<iv>:<ciphertext>:<tag>" (base64url parts). */
export function encryptSecret(plaintext: string, keys: MasterKeyring | string, context = ""): string {
  const ring = keyring(keys);
  const key = ring.keys.get(ring.current)!;
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(additionalData(ring.current, context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const parts = [iv, ciphertext, cipher.getAuthTag()].map((part) => part.toString("base64url"));
  return [FORMAT, ring.current, ...parts].join(":");
}

export function decryptSecret(sealed: string, keys: MasterKeyring | string, context = ""): string {
  const ring = keyring(keys);
  const parts = sealed.split(":");
  if (parts.length !== 5 || parts[0] !== FORMAT) throw new Error("Not an encrypted secret (expected enc1:…)");
  const [, version, iv, ciphertext, tag] = parts as [string, string, string, string, string];
  const key = ring.keys.get(version);
  if (!key) throw new Error(`Master key version "${version}" is not configured; keep it until secrets are re-encrypted`);
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAAD(additionalData(version, context));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error("Cannot decrypt secret: wrong master key, or the ciphertext was altered");
  }
}

/** Re-seals under the current master key (a no-op string if already current). */
export function reencryptSecret(sealed: string, keys: MasterKeyring | string, context = ""): string {
  const ring = keyring(keys);
  if (sealed.split(":")[1] === ring.current) return sealed;
  return encryptSecret(decryptSecret(sealed, ring, context), ring, context);
}
