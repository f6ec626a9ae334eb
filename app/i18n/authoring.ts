// Messages for course authoring in the browser (issue #6).
// Vietnamese first; the English object must have every Vietnamese key.
export const authoringVi = {
} as const;

export const authoringEn: { [K in keyof typeof authoringVi]: string } = {
};
