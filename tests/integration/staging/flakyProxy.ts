import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createS3Client } from "../../../shared/store";
import type { S3Client } from "@aws-sdk/client-s3";

/** What the proxy does with one request. */
export type Fault =
  /** Forward it unchanged. */
  | "pass"
  /** Answer 503 SlowDown, as S3 does when throttling. */
  | "slow-down"
  /** Answer 403 AccessDenied. */
  | "deny"
  /** Forward, then cut the connection halfway through the response body. */
  | "reset-mid-body"
  /** Forward, flipping one byte of the response body. */
  | "corrupt-body"
  /** Forward, sending only the first half of the body with a Content-Length to match. */
  | "short-body"
  /** Forward, replacing the ETag header of the answer with another MD5. */
  | "wrong-etag";

export interface SeenRequest {
  method: string;
  path: string;
}

export interface FlakyProxy {
  /** A client for the proxy, with the SDK's own retries off so that the runner's retries are the ones tested. */
  client: S3Client;
  /** Every request in order. */
  seen: SeenRequest[];
  /** Decides each request's fate; forwards everything until set. */
  fault: (request: SeenRequest, index: number) => Fault;
  stop(): Promise<void>;
}

/**
 * An HTTP proxy on 127.0.0.1 in front of a real S3-protocol server that breaks chosen requests the
 * ways networks and S3 do. Requests keep their Host header, so their signatures stay valid.
 */
export async function startFlakyProxy(target: string): Promise<FlakyProxy> {
  const upstream = new URL(target);
  const proxy: Omit<FlakyProxy, "client" | "stop"> = { seen: [], fault: () => "pass" };
  const server = createServer((req, res) => {
    const seen = { method: req.method ?? "", path: req.url ?? "" };
    proxy.seen.push(seen);
    const fault = proxy.fault(seen, proxy.seen.length - 1);
    if (fault === "slow-down" || fault === "deny") return refuse(req, res, fault);
    const forward = request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: req.headers },
      (answer) => relay(answer, res, fault),
    );
    forward.on("error", () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const client = createS3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 1,
  });
  return Object.assign(proxy, {
    client,
    stop: async () => {
      client.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}

function refuse(req: IncomingMessage, res: ServerResponse, fault: "slow-down" | "deny"): void {
  const [status, code] = fault === "slow-down" ? [503, "SlowDown"] : [403, "AccessDenied"];
  req.resume();
  req.on("end", () => {
    res.writeHead(status, { "content-type": "application/xml" });
    res.end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${code} from the test proxy</Message></Error>`);
  });
}

function relay(answer: IncomingMessage, res: ServerResponse, fault: Fault): void {
  const headers = { ...answer.headers };
  if (fault === "wrong-etag") headers.etag = `"${"0".repeat(32)}"`;
  const length = Number(answer.headers["content-length"] ?? 0);
  if (fault === "short-body") headers["content-length"] = String(Math.floor(length / 2));
  res.writeHead(answer.statusCode ?? 502, headers);
  if (fault === "pass" || fault === "wrong-etag") {
    answer.pipe(res);
    return;
  }
  const chunks: Buffer[] = [];
  answer.on("data", (chunk: Buffer) => chunks.push(chunk));
  answer.on("end", () => {
    const body = Buffer.concat(chunks);
    if (fault === "reset-mid-body") {
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
    } else if (fault === "short-body") {
      res.end(body.subarray(0, Math.floor(length / 2)));
    } else {
      body[0] ^= 0xff;
      res.end(body);
    }
  });
}
