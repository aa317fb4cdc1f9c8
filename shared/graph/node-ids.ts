// Node and cluster ids derived from step names. Every renderer writes them as they are, so they
// must be unique and valid bare identifiers in the strictest format (Mermaid).

/**
 * Starts every id. Mermaid's lexer takes the first rule that matches, not the longest, so an id
 * that begins with a keyword ("style", "class", "graph", "end", …), also after a leading digit or
 * "v", is split into tokens its grammar rejects; behind this prefix the id reads as one name.
 */
const ID_PREFIX = "n_";

/**
 * Returns a function that turns a name into a fresh id: ID_PREFIX, then the name with every
 * character other than a letter, digit or "_" replaced by "_", then "_2", "_3"… when an id
 * returned before is equal ignoring case (so ids stay distinct for tools that fold case).
 */
export function createIdAllocator(): (name: string) => string {
  const used = new Set<string>();
  return (name) => {
    const base = ID_PREFIX + name.replace(/[^A-Za-z0-9_]/g, "_");
    let id = base;
    for (let n = 2; used.has(id.toLowerCase()); n++) id = `${base}_${n}`;
    used.add(id.toLowerCase());
    return id;
  };
}
