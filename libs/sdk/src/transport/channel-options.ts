import type { ChannelOptions } from "@grpc/grpc-js";

/**
 * The SDK's channel defaults: a restarted gateway is reachable again within about a second
 * (grpc-js would otherwise back off its reconnects for up to two minutes), and publishes up to
 * the gateway's own request limit (8 MiB) and their answers fit.
 */
export const defaultChannelOptions: ChannelOptions = {
  "grpc.initial_reconnect_backoff_ms": 100,
  "grpc.max_reconnect_backoff_ms": 1_000,
  "grpc.max_send_message_length": 16 * 1024 * 1024,
  "grpc.max_receive_message_length": 16 * 1024 * 1024,
};
