package dev.mcpgate.control;

import dev.mcpgate.control.store.ControlStore;

/** Reconciling a baseline, on PostgreSQL (see {@link PostgresDatabase}). */
class PostgresBaselinePlanTest extends BaselinePlanContract {
  @Override
  ControlStore newStore() {
    return ControlStore.jdbc(PostgresDatabase.freshSchemaUrl(), null, null);
  }
}
