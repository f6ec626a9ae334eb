// Characters no one types into a form or a spreadsheet cell, which break
// storage (PostgreSQL text cannot hold U+0000) or hide text: they are removed
// wherever input is read (form fields, query strings, file names, import cells).
//
//   removed: C0 controls U+0000–U+001F except TAB, LF and CR; DEL U+007F;
//            C1 controls U+0080–U+009F; the noncharacters U+FFFE and U+FFFF;
//            unpaired surrogate halves.
//   kept:    TAB, LF, CR (multi-line fields; single-line fields are trimmed by
//            their readers), and everything else.
// Not the u flag: an unpaired surrogate must be matchable as one code unit.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const CONTROL_ALL = new RegExp(CONTROL.source, "g");

export function hasControlChars(value: string): boolean {
  return CONTROL.test(value);
}

export function stripControlChars(value: string): string {
  return CONTROL.test(value) ? value.replace(CONTROL_ALL, "") : value;
}

/** How the character shows in a message: "U+0000". */
export function firstControlChar(value: string): string | null {
  const m = CONTROL.exec(value);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}` : null;
}
