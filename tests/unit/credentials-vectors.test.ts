// Published test vectors: W3C vc-di-eddsa (eddsa-rdfc-2022) and the 1EdTech
// Open Badges 3.0 "Linked Data Proof Test Vector". They prove that our stack
// canonicalizes, hashes and signs exactly as the specifications do.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as Ed25519Multikey from "@digitalbazaar/ed25519-multikey";
import { describe, expect, it } from "vitest";
import { createDocumentLoader, documentLoader, OB_V3P0_CONTEXT_URL } from "~/credentials/contexts.server";
import type { IssuerKey } from "~/credentials/keys.server";
import { addProof, canonize, verifyProof } from "~/credentials/proof.server";
import { hasVectors, readVector, readVectorJson, vectorLoader } from "../support/credentials";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest();
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

describe.skipIf(!hasVectors)("W3C vc-di-eddsa eddsa-rdfc-2022 test vectors", () => {
  const dir = "w3c-vc-di-eddsa/eddsa-rdfc-2022";
  const keyPair = () => readVectorJson<{ publicKeyMultibase: string; privateKeyMultibase: string }>("w3c-vc-di-eddsa/keyPair.json");
  const signed = () => readVectorJson(`${dir}/signedDataInt.json`);
  const unsigned = () => {
    const { proof: _proof, ...document } = signed();
    return document;
  };
  const proofConfig = () => readVectorJson(`${dir}/proofConfigDataInt.json`);
  const vectorKey = (): IssuerKey => {
    const { publicKeyMultibase, privateKeyMultibase } = keyPair();
    const controller = `did:key:${publicKeyMultibase}`;
    return { publicKeyMultibase, secretKeyMultibase: privateKeyMultibase, controller, id: `${controller}#${publicKeyMultibase}` };
  };

  it("canonicalizes the unsigned credential to canonDocDataInt.txt", async () => {
    expect(await canonize(unsigned(), vectorLoader)).toBe(readVector(`${dir}/canonDocDataInt.txt`));
  });

  it("canonicalizes the proof configuration to proofCanonDataInt.txt", async () => {
    expect(await canonize(proofConfig(), vectorLoader)).toBe(readVector(`${dir}/proofCanonDataInt.txt`));
  });

  it("hashes to docHash, proofHash and their concatenation", async () => {
    const docHash = sha256(await canonize(unsigned(), vectorLoader));
    const proofHash = sha256(await canonize(proofConfig(), vectorLoader));
    expect(hex(docHash)).toBe(readVector(`${dir}/docHashDataInt.txt`).trim());
    expect(hex(proofHash)).toBe(readVector(`${dir}/proofHashDataInt.txt`).trim());
    expect(hex(Buffer.concat([proofHash, docHash]))).toBe(readVector(`${dir}/combinedHashDataInt.txt`).trim());
  });

  it("signs the combined hash with keyPair.json to sigHex / sigBTC58", async () => {
    const { publicKeyMultibase, privateKeyMultibase } = keyPair();
    const pair = await Ed25519Multikey.from({ publicKeyMultibase, secretKeyMultibase: privateKeyMultibase });
    const combined = Buffer.from(readVector(`${dir}/combinedHashDataInt.txt`).trim(), "hex");
    const signature = await pair.signer().sign({ data: combined });
    expect(hex(signature)).toBe(readVector(`${dir}/sigHexDataInt.txt`).trim());
  });

  it("produces the published proofValue end to end", async () => {
    const result = await addProof(unsigned(), vectorKey(), { created: "2023-02-24T23:36:38Z", documentLoader: vectorLoader });
    expect(result.proof.proofValue).toBe(readVector(`${dir}/sigBTC58DataInt.txt`).trim());
    expect(result.proof).toEqual(signed().proof);
  });

  it("verifies signedDataInt.json, and rejects it once altered", async () => {
    const ok = await verifyProof(signed(), { documentLoader: vectorLoader });
    expect(ok.verified).toBe(true);
    const altered = signed() as { credentialSubject: { alumniOf: string } };
    altered.credentialSubject.alumniOf = "The School of Forgeries";
    const bad = await verifyProof(altered, { documentLoader: vectorLoader });
    expect(bad.verified).toBe(false);
  });

  it("cannot even read the vector without the (test-only) examples context", async () => {
    await expect(canonize(unsigned(), documentLoader)).rejects.toThrow(/examples\/v2/);
  });
});

// The Open Badges 3.0 Implementation Guide's "Linked Data Proof Test Vector":
// document-canon.txt and proof-canon.txt in ../shared are its normalized forms.
// The guide publishes the input credential, key pair, hashes and signature
// below; the credential is restated here because ../shared holds only the
// canonical forms.
const OB_VECTOR = {
  credential: {
    "@context": ["https://www.w3.org/ns/credentials/v2", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
    id: "http://example.com/credentials/3527",
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer: { id: "https://example.edu/issuers/565049", type: ["Profile"], url: "https://www.imsglobal.org", name: "Example Corp" },
    validFrom: "2010-01-01T00:00:00Z",
    name: "Teamwork Badge",
    credentialSubject: {
      id: "did:example:ebfeb1f712ebc6f1c276e12ec21",
      type: ["AchievementSubject"],
      achievement: {
        id: "https://example.com/achievements/21st-century-skills/teamwork",
        type: ["Achievement"],
        criteria: {
          narrative: "Team members are nominated for this badge by their peers and recognized upon review by Example Corp management.",
        },
        description: "This badge recognizes the development of the capacity to collaborate within a group environment.",
        name: "Teamwork",
      },
    },
  },
  proofOptions: {
    type: "DataIntegrityProof",
    created: "2010-01-01T19:23:24Z",
    verificationMethod: "https://example.edu/issuers/565049#z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
    cryptosuite: "eddsa-rdfc-2022",
    proofPurpose: "assertionMethod",
  },
  controller: "https://example.edu/issuers/565049",
  publicKeyMultibase: "z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi",
  secretKeyMultibase: "zrv2bqTbNwCTsRrHFcJCPjVAduh4Ezcnoq1A3ZxH1GWTNkxipLVuaAoMFmze2gFN9oNXfJjufxSHWVZzsJiUsMHFMcx",
  docHash: "87f65a76d40146205e3b3e06cb0fbd153f97f9ce70372390f52566bb7f9e0773",
  proofHash: "d34009cea0dbc1ca941e09dc01c8c9d3e3ce3c5b853f67ee44698dcea10f5d19",
  signatureHex:
    "f7a017acf7d27983267ec362657c0fb08e955549f49dac5bf36a03c4f2c3a4f1e3738a6c5ecd7ffba7135cb9cd754e6196f4b73082ea8df8e703c8ecd4333503",
  proofValue: "z5x9aCBYovW3CQCbKdNyhEm7ffYSw1YpEdPywQJoNbzDD2gkzQDKJ1sYKJaWvqZtkMtSbz35HcbgXVEDYHxCzgkCr",
};

describe.skipIf(!hasVectors)("Open Badges 3.0 context and test vector", () => {
  it("bundles the OB 3.0.3 context byte for byte", () => {
    const bundled = fs.readFileSync(path.resolve(__dirname, "../../app/credentials/contexts/ob-v3p0-context-3.0.3.json"));
    expect(bundled.equals(fs.readFileSync(path.resolve(__dirname, "../../../shared/data/credentials/ob-v3p0/context-3.0.3.json")))).toBe(true);
  });

  it("serves the bundled OB context for its URL", async () => {
    const { document } = await documentLoader(OB_V3P0_CONTEXT_URL);
    expect(document).toEqual(readVectorJson("ob-v3p0/context-3.0.3.json"));
  });

  it("canonicalizes the sample credential to document-canon.txt", async () => {
    expect(await canonize(OB_VECTOR.credential)).toBe(readVector("ob-v3p0/document-canon.txt"));
  });

  it("canonicalizes its proof options to proof-canon.txt", async () => {
    const config = { "@context": OB_VECTOR.credential["@context"], ...OB_VECTOR.proofOptions };
    expect(await canonize(config)).toBe(readVector("ob-v3p0/proof-canon.txt"));
  });

  it("matches the guide's hashes and signature", async () => {
    const docHash = sha256(readVector("ob-v3p0/document-canon.txt"));
    const proofHash = sha256(readVector("ob-v3p0/proof-canon.txt"));
    expect(hex(docHash)).toBe(OB_VECTOR.docHash);
    expect(hex(proofHash)).toBe(OB_VECTOR.proofHash);
    const key: IssuerKey = {
      publicKeyMultibase: OB_VECTOR.publicKeyMultibase,
      secretKeyMultibase: OB_VECTOR.secretKeyMultibase,
      controller: OB_VECTOR.controller,
      id: OB_VECTOR.proofOptions.verificationMethod,
    };
    const signed = await addProof(OB_VECTOR.credential, key, { created: OB_VECTOR.proofOptions.created });
    expect(signed.proof.proofValue).toBe(OB_VECTOR.proofValue);
    const pair = await Ed25519Multikey.from({ publicKeyMultibase: OB_VECTOR.publicKeyMultibase });
    const signature = Buffer.from(OB_VECTOR.signatureHex, "hex");
    expect(await pair.verifier().verify({ data: Buffer.concat([proofHash, docHash]), signature })).toBe(true);
  });

  it("verifies the guide's signed credential offline, given its issuer's key", async () => {
    // The issuer is an https URL, so the test supplies its key document the way
    // a did:web document would be supplied; nothing is fetched.
    const { controller, publicKeyMultibase } = OB_VECTOR;
    const method = { id: OB_VECTOR.proofOptions.verificationMethod, type: "Multikey", controller, publicKeyMultibase };
    const base = createDocumentLoader();
    const loader = async (url: string) => {
      if (url === method.id) return { contextUrl: null, documentUrl: url, document: { "@context": "https://w3id.org/security/multikey/v1", ...method } };
      if (url === controller) {
        const document = { "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"], id: controller, assertionMethod: [method] };
        return { contextUrl: null, documentUrl: url, document };
      }
      return base(url);
    };
    const credential = { ...OB_VECTOR.credential, proof: { ...OB_VECTOR.proofOptions, proofValue: OB_VECTOR.proofValue } };
    expect((await verifyProof(credential, { documentLoader: loader })).verified).toBe(true);
  });
});
