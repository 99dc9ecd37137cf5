package dev.mcpgate.core.limits;

import dev.mcpgate.api.BucketStore;
import dev.mcpgate.testkit.contract.BucketStoreContract;

/** The in-memory bucket store honours the bucket store contract, within one instance. */
class InMemoryBucketStoreContractTest extends BucketStoreContract {

  @Override
  protected BucketStore store() {
    return BucketStores.inMemory();
  }
}
