package dev.baton.cli.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A {@code main} of this test class path in a JVM of its own, started quickly. */
final class ChildJvm {
  private ChildJvm() {}

  /**
   * @param main the class whose {@code main} runs
   * @param properties system properties, each {@code name=value}
   * @param args its arguments
   * @return the process to start
   */
  static ProcessBuilder of(Class<?> main, List<String> properties, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // A short-lived JVM: the first compiler only, the smallest collector.
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-XX:+UseSerialGC");
    properties.forEach(p -> command.add("-D" + p));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(args);
    return new ProcessBuilder(command);
  }
}
