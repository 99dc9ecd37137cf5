package dev.mcpgate.control;

import dev.mcpgate.control.store.ControlStore;

/** The control plane's specification on the in-memory store. */
class MemoryControlPlaneTest extends ControlPlaneContract {

  @Override
  ControlStore newStore() {
    return ControlStore.inMemory();
  }
}
