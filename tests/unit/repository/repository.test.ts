import { describe, expect, it } from "vitest";
import {
  markerKey,
  objectAddress,
  qualify,
  RepositoryError,
  repositoryFromUri,
  subRepository,
  type RepositoryErrorCode,
} from "../../../shared/repository";
import { InvalidS3Uri } from "../../../shared/store";

function failure(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

function expectRepositoryError(run: () => unknown, code: RepositoryErrorCode, text: string): void {
  const error = failure(run);
  expect(error).toBeInstanceOf(RepositoryError);
  expect(error).toMatchObject({ code });
  expect((error as Error).message).toContain(text);
}

const repo = repositoryFromUri("s3://data-bucket/runs/S1");
const root = repositoryFromUri("s3://data-bucket");

describe("repositoryFromUri", () => {
  it.each([
    ["s3://data-bucket/runs/S1", { bucket: "data-bucket", prefix: "runs/S1", uri: "s3://data-bucket/runs/S1" }],
    ["s3://data-bucket/runs/S1/", { bucket: "data-bucket", prefix: "runs/S1", uri: "s3://data-bucket/runs/S1" }],
    ["s3://data-bucket/runs/S1///", { bucket: "data-bucket", prefix: "runs/S1", uri: "s3://data-bucket/runs/S1" }],
    ["s3://data-bucket/a b/ü", { bucket: "data-bucket", prefix: "a b/ü", uri: "s3://data-bucket/a b/ü" }],
    ["s3://data-bucket", { bucket: "data-bucket", prefix: "", uri: "s3://data-bucket" }],
    ["s3://data-bucket/", { bucket: "data-bucket", prefix: "", uri: "s3://data-bucket" }],
  ])("reads %j", (uri, expected) => {
    expect(repositoryFromUri(uri)).toEqual(expected);
  });

  it.each([
    ["data-bucket/runs", "is not an S3 URI"],
    ["https://data-bucket/runs", "is not an S3 URI"],
    ["S3://data-bucket/runs", "is not an S3 URI"],
    ["s3://", "has no bucket"],
    ["s3:///runs", "has no bucket"],
    ["s3://a/runs", 'bucket name "a" is not valid'],
    ["s3://bad_bucket!/runs", "is not valid"],
    ["s3://data-bucket/runs/../other", "a . or .. part"],
    ["s3://data-bucket/./runs", "a . or .. part"],
    ["s3://data-bucket/runs//S1", "an empty part"],
  ])("refuses %j", (uri, text) => {
    expectRepositoryError(() => repositoryFromUri(uri), "InvalidRepository", text);
    expect((failure(() => repositoryFromUri(uri)) as Error).message).toContain(JSON.stringify(uri));
  });
});

describe("qualify", () => {
  it.each([
    ["x.txt", "s3://data-bucket/runs/S1/x.txt"],
    ["sub/x.txt", "s3://data-bucket/runs/S1/sub/x.txt"],
    ["a/b/c/x.txt", "s3://data-bucket/runs/S1/a/b/c/x.txt"],
    ["sub/*.txt", "s3://data-bucket/runs/S1/sub/*.txt"],
    ["sub/", "s3://data-bucket/runs/S1/sub/"],
    ["with space.txt", "s3://data-bucket/runs/S1/with space.txt"],
    ["..x.txt", "s3://data-bucket/runs/S1/..x.txt"],
    ["s3://other-bucket/some/file.txt", "s3://other-bucket/some/file.txt"],
    ["s3://other-bucket/a/../b", "s3://other-bucket/a/../b"],
  ])("%j → %j", (name, uri) => {
    expect(qualify(repo, name)).toBe(uri);
  });

  it("puts names at a root repository's top", () => {
    expect(qualify(root, "sub/x.txt")).toBe("s3://data-bucket/sub/x.txt");
  });

  it.each([
    ["../x.txt", "a . or .. part"],
    ["sub/../../x.txt", "a . or .. part"],
    ["sub/..", "a . or .. part"],
    ["./x.txt", "a . or .. part"],
    ["", "it is empty"],
    ["/x.txt", "an empty part"],
    ["sub//x.txt", "an empty part"],
    ["https://host/x.txt", "an empty part"],
  ])("refuses %j", (name, text) => {
    expectRepositoryError(() => qualify(repo, name), "InvalidName", text);
    expect((failure(() => qualify(repo, name)) as Error).message).toContain("s3://data-bucket/runs/S1");
  });
});

describe("objectAddress", () => {
  it.each([
    ["sub/x.txt", { bucket: "data-bucket", key: "runs/S1/sub/x.txt" }],
    ["s3://other-bucket/some/file.txt", { bucket: "other-bucket", key: "some/file.txt" }],
  ])("%j → %j", (name, address) => {
    expect(objectAddress(repo, name)).toEqual(address);
  });

  it("refuses an S3 URI with no key", () => {
    expect(failure(() => objectAddress(repo, "s3://other-bucket"))).toBeInstanceOf(InvalidS3Uri);
  });

  it("refuses a name that leaves the repository", () => {
    expectRepositoryError(() => objectAddress(repo, "../x"), "InvalidName", '"../x"');
  });
});

describe("subRepository", () => {
  it.each([
    ["Scatter", { bucket: "data-bucket", prefix: "runs/S1/Scatter", uri: "s3://data-bucket/runs/S1/Scatter" }],
    ["Scatter/", { bucket: "data-bucket", prefix: "runs/S1/Scatter", uri: "s3://data-bucket/runs/S1/Scatter" }],
    ["Scatter/00001", { bucket: "data-bucket", prefix: "runs/S1/Scatter/00001", uri: "s3://data-bucket/runs/S1/Scatter/00001" }],
  ])("%j", (name, expected) => {
    expect(subRepository(repo, name)).toEqual(expected);
  });

  it("nests", () => {
    const branch = subRepository(subRepository(repo, "Scatter"), "00001");
    expect(branch).toEqual(repositoryFromUri("s3://data-bucket/runs/S1/Scatter/00001"));
  });

  it("starts at a root repository's top", () => {
    expect(subRepository(root, "Sub")).toEqual({ bucket: "data-bucket", prefix: "Sub", uri: "s3://data-bucket/Sub" });
  });

  it.each(["..", "../Other", "Scatter/..", "", "/Scatter", "a//b"])("refuses %j", (name) => {
    expect(failure(() => subRepository(repo, name))).toMatchObject({ code: "InvalidName" });
  });
});

describe("markerKey", () => {
  it("is under _control_", () => {
    expect(markerKey(repo, "Align")).toBe("runs/S1/_control_/Align.complete");
    expect(markerKey(root, "Align")).toBe("_control_/Align.complete");
    expect(markerKey(subRepository(repo, "Scatter/00002"), "Count")).toBe("runs/S1/Scatter/00002/_control_/Count.complete");
  });

  it("refuses a step name that leaves the control folder", () => {
    expectRepositoryError(() => markerKey(repo, "../x"), "InvalidName", "a . or .. part");
  });
});
