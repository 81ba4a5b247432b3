/**
 * PostgreSQL for Baton's shared state: leases with fencing tokens ({@link
 * dev.baton.jdbc.PostgresLeaseStore}), the deployment ledger with its history ({@link
 * dev.baton.jdbc.PostgresDeploymentLedger}) and the schema they use ({@link
 * dev.baton.jdbc.PostgresSchema}). It needs a {@link javax.sql.DataSource} and nothing else: the
 * driver (PostgreSQL's JDBC driver) and any connection pool are the platform's choice.
 */
module dev.baton.jdbc {
  requires transitive dev.baton;
  requires transitive java.sql;

  exports dev.baton.jdbc;
}
