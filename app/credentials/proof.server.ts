// Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite, through the
// Digital Bazaar libraries (RDF canonicalization, hashing and Ed25519 all come
// from them and node:crypto; nothing here is hand-rolled).
import jsigs, { type ProofPurpose, type VerificationResult } from "jsonld-signatures";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import { documentLoader as bundledLoader, type DocumentLoader } from "./contexts.server";
import { signerFor, type IssuerKey } from "./keys.server";

export const PROOF_TYPE = "DataIntegrityProof";
export const CRYPTOSUITE = "eddsa-rdfc-2022";

export interface DataIntegrityProofJson {
  type: typeof PROOF_TYPE;
  cryptosuite: typeof CRYPTOSUITE;
  created: string;
  verificationMethod: string;
  proofPurpose: string;
  proofValue: string;
}

/** RDFC-1.0 canonical N-Quads of a JSON-LD document, exactly as the cryptosuite hashes it. */
export function canonize(document: object, loader: DocumentLoader = bundledLoader): Promise<string> {
  return cryptosuite.canonize(document, { documentLoader: loader, base: null, safe: true });
}

export interface ProofOptions {
  /** proof.created; defaults to now. */
  created?: Date | string;
  documentLoader?: DocumentLoader;
}

/** The suite that signs with `key` (exposed so issue.server can hand it to @digitalbazaar/vc). */
export async function signingSuite(key: IssuerKey, created: Date | string = new Date()): Promise<DataIntegrityProof> {
  return new DataIntegrityProof({ signer: await signerFor(key), date: created, cryptosuite });
}

/**
 * Adds an assertionMethod proof to any JSON-LD document. Unlike signCredential
 * it does not check that the key belongs to the document's issuer, which is
 * what the W3C test vectors need (their issuer is not their signer).
 */
export async function addProof<T extends object>(
  document: T,
  key: IssuerKey,
  options: ProofOptions = {},
): Promise<T & { proof: DataIntegrityProofJson }> {
  const suite = await signingSuite(key, options.created);
  const signed = await jsigs.sign(structuredClone(document), {
    suite,
    purpose: new jsigs.purposes.AssertionProofPurpose(),
    documentLoader: options.documentLoader ?? bundledLoader,
  });
  return signed as T & { proof: DataIntegrityProofJson };
}

/** Verifies every eddsa-rdfc-2022 proof on the document for the given purpose. */
export function verifyProof(
  document: object,
  options: { documentLoader?: DocumentLoader; purpose?: ProofPurpose } = {},
): Promise<VerificationResult> {
  const suite = new DataIntegrityProof({ cryptosuite });
  return jsigs.verify(document, {
    suite,
    purpose: options.purpose ?? new jsigs.purposes.AssertionProofPurpose(),
    documentLoader: options.documentLoader ?? bundledLoader,
  });
}
