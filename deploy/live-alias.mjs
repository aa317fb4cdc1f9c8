// A Serverless Framework plugin (serverless.yml lists it): gives every function a `live` alias on
// the version that this deploy publishes. Compiled workflows call the installation's Lambdas as
// `<installation>-<name>:live` (shared/compiler/settings.ts), so a deploy moves each alias in the
// same stack update that publishes the code, and a rollback is a re-pointed alias. The framework
// makes an alias only for provisioned concurrency or SnapStart; the published version's logical ID
// carries a hash of the code, which serverless.yml cannot name, so the alias is added here, once
// the versions exist.

/** The alias name the compiler puts in every Lambda ARN it writes. */
const ALIAS_NAME = "live";

export default class LiveAliasPlugin {
  constructor(serverless) {
    this.hooks = { "after:package:compileFunctions": () => addLiveAliases(serverless) };
  }
}

/** Adds `<Function>LiveAlias` (Ref: the alias ARN) beside each function's published version. */
function addLiveAliases(serverless) {
  const naming = serverless.getProvider("aws").naming;
  const resources = serverless.service.provider.compiledCloudFormationTemplate.Resources;
  for (const name of serverless.service.getAllFunctions()) {
    const { versionLogicalId } = serverless.service.getFunction(name);
    if (!versionLogicalId) {
      throw new serverless.classes.Error(`function "${name}" publishes no version for its "${ALIAS_NAME}" alias: keep provider.versionFunctions on`);
    }
    const functionLogicalId = naming.getLambdaLogicalId(name);
    resources[`${naming.getNormalizedFunctionName(name)}LiveAlias`] = {
      Type: "AWS::Lambda::Alias",
      Properties: {
        FunctionName: { Ref: functionLogicalId },
        FunctionVersion: { "Fn::GetAtt": [versionLogicalId, "Version"] },
        Name: ALIAS_NAME,
      },
    };
  }
}
