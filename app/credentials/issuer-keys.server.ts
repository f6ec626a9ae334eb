// Key lifecycle over whatever table the app keeps keys in: the first start
// generates a key, rotation adds a newer one, and every key ever used stays
// listed so credentials it signed keep verifying.
import type { DidDocument, DidDocumentSource } from "./contexts.server";
import {
  decryptSecret,
  didWebDocument,
  didWebFor,
  encryptSecret,
  generateIssuerKey,
  withController,
  type IssuerKey,
  type MasterKeyring,
} from "./keys.server";

export interface StoredIssuerKey {
  /** Verification method id (unique). */
  id: string;
  controller: string;
  publicKeyMultibase: string;
  /** encryptSecret(secretKeyMultibase, masterKeys, id). */
  encryptedSecretKey: string;
  /** ISO timestamp; the newest key for a controller signs new credentials. */
  createdAt: string;
}

export interface IssuerKeyStore {
  list(): Promise<StoredIssuerKey[]>;
  /** Should reject a duplicate id; activeIssuerKey re-reads after a failed add. */
  add(key: StoredIssuerKey): Promise<void>;
}

export interface KeyOptions {
  /** Sign as did:web:<domain> instead of each key's own did:key. */
  didWebDomain?: string;
  now?: Date;
}

function newest(keys: StoredIssuerKey[], controller?: string): StoredIssuerKey | undefined {
  const mine = controller ? keys.filter((k) => k.controller === controller) : keys.filter((k) => k.controller.startsWith("did:key:"));
  return mine.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id))[0];
}

function unseal(stored: StoredIssuerKey, masterKeys: MasterKeyring): IssuerKey {
  const { id, controller, publicKeyMultibase } = stored;
  return { id, controller, publicKeyMultibase, secretKeyMultibase: decryptSecret(stored.encryptedSecretKey, masterKeys, id) };
}

async function addNewKey(store: IssuerKeyStore, masterKeys: MasterKeyring, options: KeyOptions): Promise<IssuerKey> {
  const generated = await generateIssuerKey();
  const key = options.didWebDomain ? withController(generated, didWebFor(options.didWebDomain)) : generated;
  await store.add({
    id: key.id,
    controller: key.controller,
    publicKeyMultibase: key.publicKeyMultibase,
    encryptedSecretKey: encryptSecret(key.secretKeyMultibase, masterKeys, key.id),
    createdAt: (options.now ?? new Date()).toISOString(),
  });
  return key;
}

/** The key that signs new credentials; generated and stored on first start. */
export async function activeIssuerKey(store: IssuerKeyStore, masterKeys: MasterKeyring, options: KeyOptions = {}): Promise<IssuerKey> {
  const controller = options.didWebDomain ? didWebFor(options.didWebDomain) : undefined;
  const existing = newest(await store.list(), controller);
  if (existing) return unseal(existing, masterKeys);
  try {
    return await addNewKey(store, masterKeys, options);
  } catch (error) {
    // Another instance may have won the first-start race: use its key.
    const raced = newest(await store.list(), controller);
    if (raced) return unseal(raced, masterKeys);
    throw error;
  }
}

/** Adds a newer key; older keys stay stored (and trusted) for verification. */
export async function rotateIssuerKey(store: IssuerKeyStore, masterKeys: MasterKeyring, options: KeyOptions = {}): Promise<IssuerKey> {
  return addNewKey(store, masterKeys, options);
}

/** verifyCredential's trustedIssuers: every issuer DID this deployment has signed as. */
export function trustedIssuersFrom(keys: readonly StoredIssuerKey[], name: string): (did: string) => { name: string } | null {
  const dids = new Set(keys.map((k) => k.controller));
  return (did) => (dids.has(did) ? { name } : null);
}

/** DID documents for the did:web issuers among the stored keys (serve at /.well-known/did.json). */
export function didDocumentsFrom(keys: readonly StoredIssuerKey[]): DidDocumentSource {
  const keysByDid = new Map<string, string[]>();
  for (const key of keys) {
    if (!key.controller.startsWith("did:web:")) continue;
    keysByDid.set(key.controller, [...(keysByDid.get(key.controller) ?? []), key.publicKeyMultibase]);
  }
  const documents = new Map<string, DidDocument>(
    [...keysByDid].map(([did, publicKeys]) => [did, didWebDocument(did, publicKeys)]),
  );
  return (did) => documents.get(did) ?? null;
}
