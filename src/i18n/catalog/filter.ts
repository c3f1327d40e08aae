// Messages of the filter area. Keys: "filter.*"; same keys in es, ca and en.
export const es: Record<string, string> = {};
export const ca: Record<string, string> = {};
export const en: Record<string, string> = {};
