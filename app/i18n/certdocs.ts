// Messages for certificate PDFs, bulk downloads and issuing-body settings (issue #4).
// Vietnamese first; the English object must have every Vietnamese key.
export const certdocsVi = {
} as const;

export const certdocsEn: { [K in keyof typeof certdocsVi]: string } = {
};
