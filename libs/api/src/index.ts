export * from "../gen/google/rpc/error_details_pb.js";
export * from "../gen/google/rpc/status_pb.js";
export * from "../gen/onceport/v1/audit_pb.js";
export * from "../gen/onceport/v1/gateway_pb.js";
export * from "../gen/onceport/v1/process_pb.js";
export * from "../gen/onceport/v1/receipt_pb.js";
export * from "../gen/onceport/v1/record_pb.js";
export * from "./client/index.ts";
export { grpcServiceDefinition, type RequestDecoding } from "./grpc-service-definition.ts";
