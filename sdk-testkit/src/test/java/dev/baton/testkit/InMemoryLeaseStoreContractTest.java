package dev.baton.testkit;

import dev.baton.InMemoryLeaseStore;
import dev.baton.spi.LeaseStore;

class InMemoryLeaseStoreContractTest extends LeaseStoreContract {
  @Override
  protected LeaseStore store() {
    return new InMemoryLeaseStore();
  }
}
