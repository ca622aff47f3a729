/** Parameters for the projections' raw SQL. */

/** A jsonb parameter: SQL NULL for null (JSON.stringify would store the JSON value null). */
export const jsonb = (value: unknown) => (value === null || value === undefined ? null : JSON.stringify(value));

/** A timestamptz parameter from an ISO instant, or SQL NULL. */
export const instant = (value: string | null) => (value === null ? null : new Date(value));
