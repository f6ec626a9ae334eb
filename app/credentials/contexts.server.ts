// Every JSON-LD document a credential can refer to is bundled here, and the
// document loader answers only from this bundle: issuing and verifying never
// touch the network, so a verdict cannot depend on (or leak to) a third-party
// server, and a context swapped upstream cannot change what a signature means.
import { contexts as credentialsContexts } from "@digitalbazaar/credentials-context";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { driver as didKeyDriver } from "@digitalbazaar/did-method-key";
import didContext from "did-context";
import multikeyContext from "@digitalbazaar/multikey-context";
// A byte-for-byte copy of the 1EdTech Open Badges 3.0.3 context (tests compare it).
import obContext from "./contexts/ob-v3p0-context-3.0.3.json";

export const VC_V2_CONTEXT_URL = "https://www.w3.org/ns/credentials/v2";
export const OB_V3P0_CONTEXT_URL = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
export const DID_V1_CONTEXT_URL = didContext.CONTEXT_URL; // https://www.w3.org/ns/did/v1
export const MULTIKEY_V1_CONTEXT_URL = multikeyContext.CONTEXT_URL; // https://w3id.org/security/multikey/v1

/** What jsonld and jsonld-signatures expect back from a document loader. */
export interface RemoteDocument {
  contextUrl: string | null;
  documentUrl: string;
  document: unknown;
}
export type DocumentLoader = (url: string) => Promise<RemoteDocument>;

/** A DID document published by this deployment (did:web), keyed by DID. */
export type DidDocumentSource = (did: string) => DidDocument | null;

export interface VerificationMethod {
  id: string;
  type: "Multikey";
  controller: string;
  publicKeyMultibase: string;
}
export interface DidDocument {
  "@context": string[];
  id: string;
  verificationMethod: VerificationMethod[];
  assertionMethod: string[];
  [property: string]: unknown;
}

/** Thrown for any URL that is not bundled: the loader never falls back to fetching. */
export class OfflineDocumentError extends Error {
  readonly url: string;
  constructor(url: string, reason = "it is not bundled with the application") {
    super(`Refusing to load "${url}": ${reason}. Credentials are issued and verified offline.`);
    this.name = "OfflineDocumentError";
    this.url = url;
  }
}

function vcV2Context(): object {
  const context = credentialsContexts.get(VC_V2_CONTEXT_URL);
  if (!context) throw new Error("@digitalbazaar/credentials-context no longer ships the VC 2.0 context");
  return context;
}

const BUNDLED: ReadonlyMap<string, object> = new Map<string, object>([
  [VC_V2_CONTEXT_URL, vcV2Context()],
  [OB_V3P0_CONTEXT_URL, obContext],
  [DID_V1_CONTEXT_URL, didContext.CONTEXT],
  [MULTIKEY_V1_CONTEXT_URL, multikeyContext.CONTEXT],
]);

/** URLs the default loader serves (for tests and error messages). */
export function bundledContextUrls(): string[] {
  return [...BUNDLED.keys()];
}

export function isBundledContext(url: string): boolean {
  return BUNDLED.has(url);
}

// did:key documents are computed from the key itself, so resolving one is
// offline by construction. Only Ed25519 keys (multibase header z6Mk) are accepted.
const didKeys = didKeyDriver();
didKeys.use({ multibaseMultikeyHeader: "z6Mk", fromMultibase: Ed25519Multikey.from });

async function resolveDidKey(url: string): Promise<unknown> {
  try {
    return await didKeys.get({ url });
  } catch (error) {
    throw new OfflineDocumentError(url, `it is not a valid Ed25519 did:key (${(error as Error).message})`);
  }
}

function resolveDidWeb(url: string, source: DidDocumentSource | undefined): unknown {
  const [did = "", fragment] = url.split("#", 2);
  const document = source?.(did) ?? null;
  if (!document) throw new OfflineDocumentError(url, "this did:web is not published by this deployment");
  if (fragment === undefined) return document;
  const method = document.verificationMethod.find((vm) => vm.id === url);
  if (!method) throw new OfflineDocumentError(url, "the DID document has no such verification method");
  return { "@context": MULTIKEY_V1_CONTEXT_URL, ...method };
}

export interface DocumentLoaderOptions {
  /** DID documents this deployment publishes at /.well-known/did.json (did:web). */
  didDocuments?: DidDocumentSource;
  /** Extra contexts, e.g. the W3C examples context that only the test vectors use. */
  extraContexts?: Record<string, object>;
}

export function createDocumentLoader(options: DocumentLoaderOptions = {}): DocumentLoader {
  const extra = new Map(Object.entries(options.extraContexts ?? {}));
  return async (url: string) => {
    const context = BUNDLED.get(url) ?? extra.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: structuredClone(context) };
    let document: unknown;
    if (url.startsWith("did:key:")) document = await resolveDidKey(url);
    else if (url.startsWith("did:web:")) document = resolveDidWeb(url, options.didDocuments);
    else throw new OfflineDocumentError(url);
    return { contextUrl: null, documentUrl: url, document };
  };
}

/** The loader for credentials signed with did:key issuers; did:web needs createDocumentLoader({ didDocuments }). */
export const documentLoader: DocumentLoader = createDocumentLoader();
