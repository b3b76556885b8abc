import type { Socket } from "node:net";

/**
 * Resets a connection (RST), as a network fault does. A socket whose writable side has ended
 * is closed instead: on Node 24, resetAndDestroy() right after end() leaves a close request
 * that never completes, and the process then spins at 100% CPU at exit, forever (found when
 * the proxies reset connections that had just passed a FIN on). Its peer, if it writes, gets
 * an RST from the kernel anyway.
 */
export function abortSocket(socket: Socket): void {
  if (socket.destroyed) return;
  if (socket.writableEnded) socket.destroy();
  else socket.resetAndDestroy();
}
