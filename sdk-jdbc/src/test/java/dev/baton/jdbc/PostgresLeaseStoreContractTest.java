package dev.baton.jdbc;

import dev.baton.spi.LeaseStore;
import dev.baton.testkit.LeaseStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresLeaseStoreContractTest extends LeaseStoreContract {
  @RegisterExtension static final TestDatabase db = new TestDatabase();

  /** One store for every test: the tests use keys of their own. */
  private static PostgresLeaseStore store;

  @Override
  protected LeaseStore store() {
    synchronized (PostgresLeaseStoreContractTest.class) {
      if (store == null) {
        store = new PostgresLeaseStore(db.dataSource(), db.migratedSchema());
      }
      return store;
    }
  }
}
