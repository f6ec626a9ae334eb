// Minimal types for the Digital Bazaar credential stack, which ships plain
// JavaScript. Only what app/credentials uses is declared, so a library upgrade
// that changes these shapes shows up as a type error here, not at run time.

declare module "@digitalbazaar/credentials-context" {
  export const contexts: Map<string, object>;
}

declare module "did-context" {
  const didContext: { CONTEXT_URL: string; CONTEXT: object };
  export default didContext;
}

declare module "@digitalbazaar/multikey-context" {
  const multikeyContext: { CONTEXT_URL: string; CONTEXT: object };
  export default multikeyContext;
}

declare module "@digitalbazaar/ed25519-multikey" {
  export interface Signer {
    id?: string;
    algorithm: string;
    sign(args: { data: Uint8Array }): Promise<Uint8Array>;
  }
  export interface Verifier {
    id?: string;
    algorithm: string;
    verify(args: { data: Uint8Array; signature: Uint8Array }): Promise<boolean>;
  }
  export interface ExportedMultikey {
    "@context"?: string;
    id?: string;
    type: "Multikey";
    controller?: string;
    publicKeyMultibase?: string;
    secretKeyMultibase?: string;
  }
  export interface Ed25519KeyPair {
    id?: string;
    controller?: string;
    publicKey: Uint8Array;
    secretKey?: Uint8Array;
    publicKeyMultibase: string;
    export(options: {
      publicKey?: boolean;
      secretKey?: boolean;
      includeContext?: boolean;
      canonicalize?: boolean;
    }): Promise<ExportedMultikey>;
    signer(): Signer;
    verifier(): Verifier;
  }
  export function generate(options?: { id?: string; controller?: string; seed?: Uint8Array }): Promise<Ed25519KeyPair>;
  export function from(key: {
    "@context"?: string | string[];
    type?: string;
    id?: string;
    controller?: string;
    publicKeyMultibase: string;
    secretKeyMultibase?: string;
  }): Promise<Ed25519KeyPair>;
}

declare module "@digitalbazaar/did-method-key" {
  export interface DidKeyDriver {
    use(options: { multibaseMultikeyHeader: string; fromMultibase: (key: { publicKeyMultibase: string }) => Promise<unknown> }): void;
    get(options: { did?: string; url?: string }): Promise<Record<string, unknown>>;
  }
  export function driver(): DidKeyDriver;
}

declare module "@digitalbazaar/eddsa-rdfc-2022-cryptosuite" {
  export interface Cryptosuite {
    name: string;
    requiredAlgorithm: string;
    canonize(input: object, options: { documentLoader: unknown; [option: string]: unknown }): Promise<string>;
    createVerifier(options: { verificationMethod: object }): Promise<unknown>;
  }
  export const cryptosuite: Cryptosuite;
}

declare module "@digitalbazaar/data-integrity" {
  import type { Signer } from "@digitalbazaar/ed25519-multikey";
  import type { Cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
  export class DataIntegrityProof {
    constructor(options: { signer?: Signer; date?: string | Date | null; cryptosuite: Cryptosuite });
    verificationMethod?: string;
  }
}

declare module "jsonld-signatures" {
  export interface ProofPurpose {
    term: string;
  }
  export interface VerificationResult {
    verified: boolean;
    error?: Error & { errors?: Error[] };
    results?: Array<{
      verified: boolean;
      error?: Error;
      proof?: Record<string, unknown>;
      verificationMethod?: Record<string, unknown>;
      purposeResult?: { valid: boolean; error?: Error; controller?: Record<string, unknown> };
    }>;
  }
  interface Jsigs {
    sign(document: object, options: { suite: unknown; purpose: ProofPurpose; documentLoader: unknown }): Promise<Record<string, unknown>>;
    verify(document: object, options: { suite: unknown; purpose: ProofPurpose; documentLoader: unknown }): Promise<VerificationResult>;
    purposes: {
      AssertionProofPurpose: new (options?: { controller?: object; date?: string | Date }) => ProofPurpose;
    };
  }
  const jsigs: Jsigs;
  export default jsigs;
}

declare module "@digitalbazaar/vc" {
  import type { ProofPurpose } from "jsonld-signatures";
  export class CredentialIssuancePurpose implements ProofPurpose {
    constructor(options?: { controller?: object; date?: string | Date });
    term: string;
  }
  export function issue(options: {
    credential: object;
    suite: unknown;
    documentLoader: unknown;
    purpose?: ProofPurpose;
    now?: Date | string;
  }): Promise<Record<string, unknown>>;
  /** Structural VC checks (context, type, subject, issuer, dates); throws on the first problem. */
  export function _checkCredential(options: { credential: object; now?: Date; mode?: "issue" | "verify" }): void;
}

declare module "@digitalbazaar/vc-bitstring-status-list" {
  export class BitstringStatusList {
    constructor(options: { length?: number; buffer?: Uint8Array });
    length: number;
    setStatus(index: number, status: boolean): void;
    getStatus(index: number): boolean;
    encode(): Promise<string>;
  }
  export function createList(options: { length: number }): Promise<BitstringStatusList>;
  export function decodeList(options: { encodedList: string }): Promise<BitstringStatusList>;
}
