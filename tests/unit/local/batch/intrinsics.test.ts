import { describe, expect, it } from "vitest";
import { TemplateError } from "../../../../local/batch/errors";
import { resolveIntrinsics, type IntrinsicScope } from "../../../../local/batch/intrinsics";

const scope: IntrinsicScope = {
  place: { region: "local", accountId: "000000000000" },
  ref: (id) => ({ AlignJobDef: "arn:aws:batch:local:000000000000:job-definition/demo_Align:1", Threads: "4" })[id],
};
const resolve = (value: unknown) => resolveIntrinsics(value, scope, "Resources.X.Properties");

function refusal(value: unknown): TemplateError {
  try {
    resolve(value);
  } catch (error) {
    expect(error).toBeInstanceOf(TemplateError);
    return error as TemplateError;
  }
  throw new Error("expected a TemplateError");
}

describe("resolveIntrinsics", () => {
  it("resolves Ref to the region, the account, a logical id and a parameter", () => {
    expect(resolve([{ Ref: "AWS::Region" }, { Ref: "AWS::AccountId" }, { Ref: "AlignJobDef" }, { Ref: "Threads" }])).toEqual([
      "local",
      "000000000000",
      "arn:aws:batch:local:000000000000:job-definition/demo_Align:1",
      "4",
    ]);
  });

  it("resolves Fn::Sub in both forms and keeps ${!x} as the literal ${x}", () => {
    expect(resolve({ "Fn::Sub": "${AWS::AccountId}.dkr.ecr.${AWS::Region}.amazonaws.com/runner:1" })).toBe(
      "000000000000.dkr.ecr.local.amazonaws.com/runner:1",
    );
    expect(resolve({ "Fn::Sub": ["${Name}-${AWS::Region}", { Name: { Ref: "Threads" } }] })).toBe("4-local");
    expect(resolve({ "Fn::Sub": '{"name":"${AWS::Region}/${!job.tool}"}' })).toBe('{"name":"local/${job.tool}"}');
  });

  it("resolves intrinsics anywhere in nested objects and lists, and leaves plain values alone", () => {
    expect(resolve({ Environment: [{ Name: "AWS_DEFAULT_REGION", Value: { Ref: "AWS::Region" } }], Count: 2, On: true, None: null })).toEqual({
      Environment: [{ Name: "AWS_DEFAULT_REGION", Value: "local" }],
      Count: 2,
      On: true,
      None: null,
    });
  });

  it("refuses any other intrinsic by name and path", () => {
    const error = refusal({ Image: { "Fn::GetAtt": ["Repo", "Uri"] } });
    expect(error.code).toBe("UnsupportedIntrinsic");
    expect(error.message).toContain("Resources.X.Properties.Image.Fn::GetAtt: Fn::GetAtt cannot be resolved in a local run");
  });

  it("refuses a name nothing defines, a pseudo parameter without a local value, and an attribute in Fn::Sub", () => {
    expect(refusal({ Ref: "Missing" })).toMatchObject({ code: "UnknownReference", message: expect.stringContaining("Missing is neither a resource nor a parameter") });
    expect(refusal({ "Fn::Sub": "${AWS::StackName}_Align" })).toMatchObject({
      code: "UnknownReference",
      message: expect.stringContaining("AWS::StackName has no value in a local run"),
    });
    expect(refusal({ "Fn::Sub": "${Repo.Arn}" }).code).toBe("UnsupportedIntrinsic");
  });
});
