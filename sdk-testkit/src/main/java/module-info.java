/**
 * Working in-memory fakes of every Baton provider interface, the contract suites that real
 * providers extend, a pipeline wired with fakes for users' own tests, and a fake {@code atmos}.
 */
module dev.baton.testkit {
  requires transitive dev.baton;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;

  exports dev.baton.testkit;
  exports dev.baton.testkit.atmos;
}
