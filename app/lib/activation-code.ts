// Activation codes are read off paper and typed on a phone: accept any case
// and separators, show them as ABCD-EFGH-JK.
export function normalizeActivationCode(input: string): string {
  return input.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

export function formatActivationCode(code: string) {
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}
