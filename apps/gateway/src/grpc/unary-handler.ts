import { create, type DescMessage, type MessageInitShape, type MessageShape } from "@bufbuild/protobuf";
import type { handleUnaryCall, ServerUnaryCall } from "@grpc/grpc-js";
import { OnceportError, toGrpcStatus } from "@onceport/errors";
import type { Logger } from "../logger.ts";
import { decodeRequest } from "../rpc/decode-request.ts";
import { asReportedError } from "../rpc/reported-error.ts";
import { traceServerCall } from "../telemetry/server-call-trace.ts";

/**
 * A grpc-js unary handler from a typed async function. The one place where
 * requests are decoded (malformed bytes become MALFORMED_REQUEST) and where
 * errors become gRPC statuses with a reason.
 */
export function unaryHandler<In extends DescMessage, Out extends DescMessage>(
  input: In,
  output: Out,
  logger: Logger,
  handle: (
    request: MessageShape<In>,
    call: ServerUnaryCall<Buffer, MessageShape<Out>>,
  ) => Promise<MessageInitShape<Out>>,
): handleUnaryCall<Buffer, MessageShape<Out>> {
  return (call, callback) => {
    // The call's SERVER span (a child of the caller's traceparent) and metrics.
    const traced = traceServerCall(call);
    let request: MessageShape<In>;
    try {
      request = decodeRequest(input, call.request);
    } catch (error) {
      traced.failed(error);
      callback(toGrpcStatus(OnceportError.from(error)));
      return;
    }
    const handled = traced.run(request, () => handle(request, call));
    handled.then(
      (response) => callback(null, create(output, response)),
      (error: unknown) => callback(toGrpcStatus(asReportedError(error, call.getPath(), logger))),
    );
  };
}
