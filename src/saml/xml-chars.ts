// Character codes the XML preflight scans for: it compares charCodeAt results, never runs a regex.
export const LT = 60; // <
export const GT = 62; // >
export const SLASH = 47; // /
export const EQ = 61; // =
export const BANG = 33; // !
export const QUESTION = 63; // ?
export const DOUBLE_QUOTE = 34; // "
export const SINGLE_QUOTE = 39; // '

/** XML's white space: space, tab, line feed, carriage return. */
export const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13;
