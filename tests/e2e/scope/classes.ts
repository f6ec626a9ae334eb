import type { Case, Ids } from "./types";

// Scope-walk cases for the classes routes.
export function classesCases(_ids: Ids): Case[] {
  return [];
}
