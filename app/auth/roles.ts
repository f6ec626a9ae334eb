// Role names, shared by server code and forms.
export const ROLES = ["learner", "trainer", "commune_officer", "province_officer", "admin"] as const;
export type RoleName = (typeof ROLES)[number];
