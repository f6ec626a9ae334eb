import type { Case, Ids } from "./types";

// Scope-walk cases for the targets routes.
export function targetsCases(_ids: Ids): Case[] {
  return [];
}
