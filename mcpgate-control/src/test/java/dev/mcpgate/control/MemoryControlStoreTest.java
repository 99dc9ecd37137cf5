package dev.mcpgate.control;

import dev.mcpgate.control.store.ControlStore;

/** The store SPI's contract on the memory store. */
class MemoryControlStoreTest extends ControlStoreContract {

  @Override
  ControlStore newStore() {
    return ControlStore.inMemory();
  }
}
