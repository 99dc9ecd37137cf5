package dev.mcpgate.control;

import dev.mcpgate.control.store.ControlStore;

/** Reconciling a baseline, on the in-memory store. */
class MemoryBaselinePlanTest extends BaselinePlanContract {
  @Override
  ControlStore newStore() {
    return ControlStore.inMemory();
  }
}
