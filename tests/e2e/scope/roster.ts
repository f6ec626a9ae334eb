import type { Case, Ids } from "./types";

// Scope-walk cases for the roster routes.
export function rosterCases(_ids: Ids): Case[] {
  return [];
}
