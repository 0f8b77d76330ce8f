const NAME_CHARS = /^[A-Za-z0-9._:-]+$/;
/** Maximum number of patterns in one filter. */
export const MAX_PATTERNS = 32;
/** A project id: 1 to 128 of `A-Z a-z 0-9 . _ : -`, not `.` or `..`. */
export function isValidProject(project) {
    return typeof project === "string" && project.length >= 1 && project.length <= 128
        && NAME_CHARS.test(project) && project !== "." && project !== "..";
}
/** An event or command name: 1 to 64 of the same characters. */
export function isValidName(name) {
    return typeof name === "string" && name.length >= 1 && name.length <= 64 && NAME_CHARS.test(name);
}
/** An event pattern: a name, a prefix followed by `*`, or `*`. */
export function isValidPattern(pattern) {
    if (typeof pattern !== "string")
        return false;
    if (pattern === "*")
        return true;
    const name = pattern.endsWith("*") ? pattern.slice(0, -1) : pattern;
    return isValidName(name);
}
/** Whether `eventName` matches `pattern`. */
export function matchesPattern(pattern, eventName) {
    if (pattern === "*")
        return true;
    return pattern.endsWith("*") ? eventName.startsWith(pattern.slice(0, -1)) : eventName === pattern;
}
/** Checks a filter, throwing a TypeError that names what is wrong. */
export function validatePatterns(patterns) {
    if (!Array.isArray(patterns) || patterns.length === 0 || patterns.length > MAX_PATTERNS) {
        throw new TypeError(`'events' holds 1 to ${MAX_PATTERNS} patterns; leave it out for every event.`);
    }
    for (const pattern of patterns) {
        if (!isValidPattern(pattern)) {
            throw new TypeError(`'${String(pattern)}' is not a valid event pattern: a name, a prefix followed by *, or *.`);
        }
    }
    return [...patterns];
}
