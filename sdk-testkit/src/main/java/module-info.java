/**
 * Working in-memory fakes of every Baton provider interface, the contract suites that real
 * providers extend, a pipeline wired with fakes for users' own tests, and a fake {@code atmos}.
 *
 * <p><b>JUnit and AssertJ are optional.</b> The fakes ({@code FakeImageRegistry}, {@code
 * FakeStackDeployer}, {@code FakeReleaseSource}, {@code FakeApprovalGate}, {@code
 * FakeDeploymentVerifier}), {@code TestPipeline} and the fake atmos in {@code
 * dev.baton.testkit.atmos} use neither, so a program may ship them (the {@code baton} command's
 * demo runs on them) without JUnit, AssertJ, Byte Buddy and opentest4j on its class path. Only the
 * contract suites ({@code *Contract}) and {@code BatonExtension} need them, and whoever runs those
 * is writing tests and already has JUnit and AssertJ in test scope. Hence {@code requires static}
 * here and {@code <optional>true</optional>} in this module's pom, rather than a module of their
 * own for the fakes: the fakes and the contract suites share the package {@code dev.baton.testkit},
 * and splitting it would move classes that every provider module's tests and users' tests import,
 * for no gain at run time. Not {@code transitive}: javac would then demand both modules of every
 * module that reads this one, the {@code baton} command included.
 */
module dev.baton.testkit {
  requires transitive dev.baton;
  // HostileInputs counts the bytes a parser allocates.
  requires jdk.management;
  requires static org.junit.jupiter.api;
  requires static org.assertj.core;
  // LoopbackHttpServer answers through the JDK's HTTP server; only tests that use it need it.
  requires static transitive jdk.httpserver;

  exports dev.baton.testkit;
  exports dev.baton.testkit.atmos;
  exports dev.baton.testkit.servers;
}
