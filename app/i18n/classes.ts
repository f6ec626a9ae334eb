// Messages for in-person classes: enrolment, attendance, closing (issue #6).
// Vietnamese first; the English object must have every Vietnamese key.
export const classesVi = {
} as const;

export const classesEn: { [K in keyof typeof classesVi]: string } = {
};
