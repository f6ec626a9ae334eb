// Messages for the staff roster: import, commune lists, history (issue #5).
// Vietnamese first; the English object must have every Vietnamese key.
export const rosterVi = {
} as const;

export const rosterEn: { [K in keyof typeof rosterVi]: string } = {
};
