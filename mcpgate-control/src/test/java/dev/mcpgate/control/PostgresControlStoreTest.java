package dev.mcpgate.control;

import dev.mcpgate.control.store.ControlStore;

/** The store SPI's contract on the postgres store. */
class PostgresControlStoreTest extends ControlStoreContract {

  @Override
  ControlStore newStore() {
    return ControlStore.jdbc(PostgresDatabase.freshSchemaUrl(), null, null);
  }
}
