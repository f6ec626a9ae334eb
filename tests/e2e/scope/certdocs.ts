import type { Case, Ids } from "./types";

// Scope-walk cases for the certdocs routes.
export function certdocsCases(_ids: Ids): Case[] {
  return [];
}
