/** Working in-memory fakes of every Baton provider interface, their contract suites and a fake atmos. */
module dev.baton.testkit {
  requires transitive dev.baton;
  requires static org.junit.jupiter.api;
  requires static org.assertj.core;

  exports dev.baton.testkit;
}
