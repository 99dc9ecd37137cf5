package dev.mcpgate.control;

import dev.mcpgate.control.store.ControlStore;

/** The control plane's specification on PostgreSQL (see {@link PostgresDatabase}). */
class PostgresControlPlaneTest extends ControlPlaneContract {

  @Override
  ControlStore newStore() {
    return ControlStore.jdbc(PostgresDatabase.freshSchemaUrl(), null, null);
  }
}
