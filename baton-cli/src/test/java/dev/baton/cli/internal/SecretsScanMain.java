package dev.baton.cli.internal;

import dev.baton.cli.Baton;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Every {@code baton} command, one after the other, in one JVM started with secrets in its
 * environment, as {@code Baton.main} runs each (the process's environment, the real providers),
 * with everything the JVM prints (the command's output, library logs at debug level, atmos output)
 * going to {@code N.out} and {@code N.err} in the output directory, N the command's index.
 */
public final class SecretsScanMain {
  private SecretsScanMain() {}

  /**
   * @param args the output directory, then the commands, each one argument with its words separated
   *     by {@code |}
   * @throws IOException when an output file cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path out = Path.of(args[0]);
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    for (int i = 1; i < args.length; i++) {
      List<String> command = List.of(args[i].split("\\|"));
      try (PrintStream o =
              new PrintStream(
                  new FileOutputStream(out.resolve(i + ".out").toFile()),
                  true,
                  StandardCharsets.UTF_8);
          PrintStream e =
              new PrintStream(
                  new FileOutputStream(out.resolve(i + ".err").toFile()),
                  true,
                  StandardCharsets.UTF_8)) {
        System.setOut(o);
        System.setErr(e);
        int status = Baton.run(command.toArray(String[]::new), o, e);
        o.println("exit " + status);
      } finally {
        System.setOut(stdout);
        System.setErr(stderr);
      }
    }
  }
}
