import { describe, expect, it } from "vitest";
import { localImageName } from "../../../../local/batch/images";
import { LOCAL_PLACE } from "../../../../local/place";

describe("localImageName", () => {
  it("gives an image expanded to the local place's ECR registry its local name", () => {
    expect(localImageName("000000000000.dkr.ecr.local.amazonaws.com/tools/aligner:1.2", LOCAL_PLACE)).toBe("tools/aligner:1.2");
    expect(localImageName("000000000000.dkr.ecr.local.amazonaws.com/ubuntu", LOCAL_PLACE)).toBe("ubuntu");
  });

  it("writes a Docker Hub image as the engine lists it", () => {
    expect(localImageName("docker.io/library/busybox:stable", LOCAL_PLACE)).toBe("busybox:stable");
    expect(localImageName("docker.io/biocontainers/samtools:1.9", LOCAL_PLACE)).toBe("biocontainers/samtools:1.9");
    expect(localImageName("index.docker.io/library/ubuntu@sha256:abc", LOCAL_PLACE)).toBe("ubuntu@sha256:abc");
  });

  it("leaves other registries, another account's ECR and local names alone", () => {
    for (const name of [
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/tools:1",
      "000000000000.dkr.ecr.eu-west-1.amazonaws.com/tools:1",
      "quay.io/biocontainers/bwa:0.7",
      "localhost:5000/mine:dev",
      "stepbatch/busybox:local",
    ]) {
      expect(localImageName(name, LOCAL_PLACE)).toBe(name);
    }
  });

  it("uses the place it is given", () => {
    expect(localImageName("123456789012.dkr.ecr.eu-west-1.amazonaws.com/tools:1", { region: "eu-west-1", accountId: "123456789012" })).toBe("tools:1");
  });
});
