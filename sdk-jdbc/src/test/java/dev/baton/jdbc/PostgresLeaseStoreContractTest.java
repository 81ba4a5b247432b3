package dev.baton.jdbc;

import dev.baton.spi.LeaseStore;
import dev.baton.testkit.LeaseStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class PostgresLeaseStoreContractTest extends LeaseStoreContract {
  private static TestDatabase db;
  private static PostgresLeaseStore store;

  @BeforeAll
  static void start() {
    db = TestDatabase.start();
    store = new PostgresLeaseStore(db.dataSource(), db.migratedSchema());
  }

  @AfterAll
  static void stop() {
    if (db != null) {
      db.close();
    }
  }

  @Override
  protected LeaseStore store() {
    return store;
  }
}
