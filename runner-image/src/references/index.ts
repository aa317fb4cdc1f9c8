// The reference cache: large static files downloaded once per host and hard-linked into workspaces.
export { linkReferences, type LinkReferencesOptions, type LinkedReferences } from "./linkReferences";
export { DEFAULT_CACHE_SHARE } from "./evictCache";
export { LOCK_WAIT_MAX_MS, STALE_LOCK_MS } from "./cacheLock";
