/**
 * Real servers for tests, started and stopped by the test that needs them: a DynamoDB-API server
 * and a PostgreSQL server on free loopback ports, in temporary directories, and the JDK's HTTP
 * server on a loopback port for a peer the test answers itself.
 */
package dev.baton.testkit.servers;
