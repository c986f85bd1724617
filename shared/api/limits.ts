// Kept apart from contract.ts so that services needing a limit do not build every schema of the API.

/** Largest slice the page viewer may read at once, so a 200 MB file is never held whole in memory. */
export const PDF_RANGE_MAX_BYTES = 4 * 1024 * 1024;
