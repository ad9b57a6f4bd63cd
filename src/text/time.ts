/**
 * A moment as every message, output and the summary show it: ISO 8601 in UTC, to the second.
 * toISOString() always ends in milliseconds and Z (".000Z"), whatever the year.
 */
export const isoSeconds = (moment: Date | number): string => `${new Date(moment).toISOString().slice(0, -5)}Z`;
