import { expect, it } from "vitest";
import { branchFolderName } from "../../../shared/branches";

it("pads branch indexes to 5 digits, as the reference did", () => {
  expect(branchFolderName(0)).toBe("00000");
  expect(branchFolderName(42)).toBe("00042");
  expect(branchFolderName(99_999)).toBe("99999");
});

it("keeps every digit of indexes past 99,999, so each branch still has its own folder", () => {
  expect(branchFolderName(100_000)).toBe("100000");
  expect(branchFolderName(1_234_567)).toBe("1234567");
});
