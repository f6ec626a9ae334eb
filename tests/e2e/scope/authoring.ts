import type { Case, Ids } from "./types";

// Scope-walk cases for the authoring routes.
export function authoringCases(_ids: Ids): Case[] {
  return [];
}
