// Transactional ids for tests.
import { uniqueName } from "./unique-name.ts";

export function uniqueTransactionalId(prefix = "test-txn"): string {
  return uniqueName(prefix);
}
