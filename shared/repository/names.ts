/**
 * Why `path` (parts joined by `/`) cannot be a path inside a repository, or undefined when it can.
 * `.` and `..` parts would point outside the folder they are in (and a directory store would follow
 * them); empty parts (`a//b`, a leading `/`) are almost always mistakes, and a directory store cannot
 * hold them. A trailing `/` (a folder) is allowed when `folder` says so.
 */
export function relativePathProblem(path: string, { folder }: { folder: boolean }): string | undefined {
  if (path === "") return "it is empty";
  const parts = path.split("/");
  if (folder && parts.length > 1 && parts[parts.length - 1] === "") parts.pop();
  if (parts.some((part) => part === "." || part === "..")) return "a . or .. part would point outside the repository";
  if (parts.includes("")) return "it has an empty part (a leading /, a // or a trailing /)";
  return undefined;
}
