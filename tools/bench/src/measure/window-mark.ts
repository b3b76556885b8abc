/** When a driver's measured window opens and closes: what drivers announce and the CPU watch waits for. */
export type WindowMark = "start" | "end";
