export * from "../gen/onceport/v1/ping_pb.js";
