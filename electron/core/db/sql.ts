/**
 * Small SQL builders shared by the repositories, so each rule is written once.
 *
 * Lists go in as one JSON parameter read by `json_each` (one prepared statement whatever the
 * list's length, and no limit on the number of bound variables).
 */

/** `col IN (…)` over a JSON array bound at `param` (`?` or a named `@param`). */
export const inJson = (col: string, param = '?'): string => `${col} IN (SELECT value FROM json_each(${param}))`;

/** `col NOT IN (…)` over a JSON array bound at `param`. */
export const notInJson = (col: string, param = '?'): string => `${col} NOT IN (SELECT value FROM json_each(${param}))`;

/** The value to bind for `inJson`/`notInJson`. */
export const jsonList = (values: readonly (string | number)[]): string => JSON.stringify(values);

/** Escapes LIKE's wildcards (and the escape character itself) in user text; pair with `LIKE_ESCAPE`. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The ESCAPE clause that `escapeLike` expects: `col LIKE ? ESCAPE '\'`. */
export const LIKE_ESCAPE = "ESCAPE '\\'";

/** The bound value for "contains this text" with `col LIKE ? ESCAPE '\'`. */
export const likeContains = (text: string): string => `%${escapeLike(text)}%`;
