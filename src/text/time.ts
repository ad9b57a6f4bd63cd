/** A moment as every message, output and the summary show it: ISO 8601 in UTC, to the second. */
export const isoSeconds = (moment: Date | number): string => new Date(moment).toISOString().replace(/\.\d{3}Z$/, 'Z');
