// Messages for training targets, dashboard, forecast, map and exports (issue #5).
// Vietnamese first; the English object must have every Vietnamese key.
export const targetsVi = {
} as const;

export const targetsEn: { [K in keyof typeof targetsVi]: string } = {
};
