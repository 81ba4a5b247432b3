/**
 * Baton's lease store and deployment ledger on PostgreSQL, through JDBC: see {@link
 * dev.baton.jdbc.PostgresSchema} for the tables and how they are created, {@link
 * dev.baton.jdbc.PostgresLeaseStore} and {@link dev.baton.jdbc.PostgresDeploymentLedger} for how
 * they are used.
 */
package dev.baton.jdbc;
