/**
 * Linear-time deciders for the model's "words separated by blanks" patterns, whose nested quantifiers
 * over overlapping classes take a backtracking regular expression engine exponential time:
 *
 *   `^[ \t]*X+([ \t]+X+)*[ \t]*$` where X includes the space
 *
 * Such a string is any run of X and tab characters with at least one X (a tab is the only blank X
 * lacks; every space is an X): leading and trailing blanks go to the outer `[ \t]*`, inner runs of tabs
 * to the group's `[ \t]+`. Tested against the patterns themselves (spaced-text.test.ts).
 */

/** HeaderValue / HeaderValueSensitive: `^[ \t]*[\x20-\x7E]+([ \t]+[\x20-\x7E]+)*[ \t]*$`. */
export const HEADER_VALUE_PATTERN = '^[ \\t]*[\\x20-\\x7E]+([ \\t]+[\\x20-\\x7E]+)*[ \\t]*$';
export const isHeaderValue = (text: string): boolean => /^[\t\x20-\x7E]*$/.test(text) && /[\x20-\x7E]/.test(text);

/** AuthHeaderParameters / AuthHeaderParametersSensitive: `^[ \t]*[^\x00-\x1F:\x7F]+([ \t]+[^\x00-\x1F:\x7F]+)*[ \t]*$`. */
export const AUTH_HEADER_PATTERN = '^[ \\t]*[^\\x00-\\x1F:\\x7F]+([ \\t]+[^\\x00-\\x1F:\\x7F]+)*[ \\t]*$';
export const isAuthHeaderText = (text: string): boolean => /^[^\x00-\x08\x0A-\x1F:\x7F]*$/.test(text) && /[^\x00-\x1F:\x7F]/.test(text);
