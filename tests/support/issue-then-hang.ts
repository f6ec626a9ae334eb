// Child process of tests/integration/issuing-crash.test.ts: records an
// officer's completion through the app's own path, with a signer that says
// so and never returns. The parent SIGKILLs it then — after the completion
// and its certificate committed, while the credential is being signed.
import { openDatabase, setDatabase, type DatabaseOptions } from "~/db.server";
import { recordCompletion, setCredentialSigner } from "~/models/certificates.server";

const options: DatabaseOptions = process.env.CHILD_DATABASE_URL ? { url: process.env.CHILD_DATABASE_URL, poolMax: 2 } : { dataDir: process.env.CHILD_DATA_DIR! };
setDatabase(await openDatabase(options));
setCredentialSigner(async () => {
  process.stdout.write("signing\n");
  await new Promise(() => {});
  return "signed";
});
await recordCompletion(Number(process.env.CHILD_PERSON), process.env.CHILD_COURSE!, {
  source: "external",
  completedOn: "2026-07-01",
  evidence: "Giấy xác nhận (kiểm thử)",
  recordedBy: Number(process.env.CHILD_ACTOR),
});
process.stdout.write("returned\n");
