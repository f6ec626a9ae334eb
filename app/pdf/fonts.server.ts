// The fonts every PDF embeds. Noto Serif covers the whole Vietnamese
// alphabet (precomposed and combining forms), so no diacritic falls back to a
// glyph-less standard PDF font. Read once per process; PDFKit subsets them.
import fs from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const PACKAGE = "@expo-google-fonts/noto-serif";

export const FONT_FILES = {
  regular: `${PACKAGE}/400Regular/NotoSerif_400Regular.ttf`,
  bold: `${PACKAGE}/700Bold/NotoSerif_700Bold.ttf`,
  italic: `${PACKAGE}/400Regular_Italic/NotoSerif_400Regular_Italic.ttf`,
  boldItalic: `${PACKAGE}/700Bold_Italic/NotoSerif_700Bold_Italic.ttf`,
} as const;

export type FontName = keyof typeof FONT_FILES;

const cache = new Map<FontName, Buffer>();

/** The TTF bytes of one face (cached). */
export function fontBytes(name: FontName): Buffer {
  let bytes = cache.get(name);
  if (!bytes) {
    bytes = fs.readFileSync(require.resolve(FONT_FILES[name]));
    cache.set(name, bytes);
  }
  return bytes;
}
