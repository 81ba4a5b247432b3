/**
 * Real servers for tests of shared state, started and stopped by the test that needs them: a
 * DynamoDB-API server and a PostgreSQL server on free loopback ports, in temporary directories.
 */
package dev.baton.testkit.servers;
