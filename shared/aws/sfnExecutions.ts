import { SFNClient, StartExecutionCommand, StopExecutionCommand } from "@aws-sdk/client-sfn";
import type { Executions, StartExecutionRequest, StartExecutionResult, StopExecutionRequest } from "../services/types";

/**
 * Executions over Step Functions. An execution name already taken is a duplicate: names are
 * deterministic (the launcher's come from the job file and its version), so a second S3 event for
 * the same upload lands here. Step Functions answers a repeated start of a *running* standard
 * execution with the same name and input with success and the first execution's ARN, so that case
 * reads as started, with nothing new running.
 */
export class SfnExecutions implements Executions {
  constructor(private readonly client: SFNClient) {}

  async start(request: StartExecutionRequest): Promise<StartExecutionResult> {
    try {
      const output = await this.client.send(new StartExecutionCommand(request));
      return { started: true, executionArn: output.executionArn ?? "" };
    } catch (error) {
      if ((error as Error).name === "ExecutionAlreadyExists") return { started: false, reason: "duplicate" };
      throw error;
    }
  }

  async stop(request: StopExecutionRequest): Promise<void> {
    await this.client.send(new StopExecutionCommand(request));
  }
}
