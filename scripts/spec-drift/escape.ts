/** The vendor's words on one line of a terminal: control characters (escapes included) as `\uXXXX`. */
export const escapeText = (s: string): string => s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
