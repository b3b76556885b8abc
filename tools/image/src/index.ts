export { type BuiltImage, IMAGE_ENV, IMAGE_PORTS } from "./build-image.ts";
export { ensureGrpcurl } from "./grpcurl.ts";
export { ensureDebianTools } from "./host-tools.ts";
export { gatewayVersion, type ImageOptions, imageCommand } from "./image-command.ts";
export { APP_DIR, NODE_PATH } from "./rootfs.ts";
