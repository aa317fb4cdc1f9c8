import { describe, expect, it } from "vitest";
import { InvalidS3Uri, formatS3Uri, parseS3Uri } from "../../../shared/store";

describe("parseS3Uri", () => {
  it("splits an S3 URI at the first slash after the bucket", () => {
    expect(parseS3Uri("s3://my-bucket/runs/2024/job.json")).toEqual({ bucket: "my-bucket", key: "runs/2024/job.json" });
  });

  it("takes the key literally: spaces, non-ASCII, percent signs and a trailing slash", () => {
    expect(parseS3Uri("s3://bucket/dir/naïve file ü.txt").key).toBe("dir/naïve file ü.txt");
    expect(parseS3Uri("s3://bucket/日本/データ.csv").key).toBe("日本/データ.csv");
    expect(parseS3Uri("s3://bucket/a%20b").key).toBe("a%20b");
    expect(parseS3Uri("s3://bucket/folder/").key).toBe("folder/");
  });

  it.each([
    ["https://bucket/key", '"https://bucket/key" is not an S3 URI: expected s3://bucket/key'],
    ["S3://bucket/key", '"S3://bucket/key" is not an S3 URI: expected s3://bucket/key'],
    ["bucket/key", '"bucket/key" is not an S3 URI: expected s3://bucket/key'],
    [" s3://bucket/key", '" s3://bucket/key" is not an S3 URI: expected s3://bucket/key'],
    ["s3:///key", 'S3 URI "s3:///key" has no bucket: expected s3://bucket/key'],
    ["s3://bucket", 'S3 URI "s3://bucket" has no key: expected s3://bucket/key'],
    ["s3://bucket/", 'S3 URI "s3://bucket/" has no key: expected s3://bucket/key'],
    ["s3://my bucket/key", 'S3 URI "s3://my bucket/key": bucket name "my bucket" is not valid'],
    ["s3://../key", 'S3 URI "s3://../key": bucket name ".." is not valid'],
  ])("refuses %j", (uri, message) => {
    let thrown: unknown;
    try {
      parseS3Uri(uri);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidS3Uri);
    expect(thrown).toMatchObject({ code: "InvalidS3Uri" });
    expect((thrown as Error).message).toContain(message);
  });
});

describe("formatS3Uri", () => {
  it("joins bucket and key into the URI parseS3Uri reads back", () => {
    const uri = formatS3Uri("bucket", "dir/naïve file ü.txt");
    expect(uri).toBe("s3://bucket/dir/naïve file ü.txt");
    expect(parseS3Uri(uri)).toEqual({ bucket: "bucket", key: "dir/naïve file ü.txt" });
  });
});
