package dev.baton.cli;

import dev.baton.cli.internal.Cli;
import dev.baton.cli.internal.Context;
import dev.baton.cli.internal.Providers;
import dev.baton.cli.internal.ShutdownGuard;
import dev.baton.github.internal.RuntimeEnvironment;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code baton} command: {@code demo}, {@code plan}, {@code run} and {@code promote}.
 *
 * <pre>{@code
 * java -jar baton.jar demo
 * java -jar baton.jar plan --event-name push --event-path event.json --offline --json
 * java -jar baton.jar promote ghcr.io/acme/shop:sha-<commit> 1.2.0
 * }</pre>
 *
 * <p>Exit status: 0 on success, 1 on failure (with the error's hint on standard error), 2 on bad
 * usage (naming the bad argument); 143 or 130 when stopped by SIGTERM or SIGINT, after the running
 * step was stopped and its failure recorded ({@link ShutdownGuard}).
 */
public final class Baton {
  private Baton() {}

  /**
   * Runs one command and exits with its status.
   *
   * @param args the command line
   */
  public static void main(String[] args) {
    keepConnectionsAlive();
    System.exit(
        ShutdownGuard.run(() -> run(args, System.out, System.err), System.getenv(), System.err));
  }

  /**
   * Lets the JDK keep up to 16 idle connections per registry alive ({@code http.maxConnections},
   * unless set on the command line; the JDK's default is 5): {@code promote --batch} runs up to 16
   * promotions at once, each on a connection of its own, and a connection the cache cannot keep is
   * closed after every request and opened again for the next. Set before any connection is made,
   * since the JDK reads it once.
   */
  static void keepConnectionsAlive() {
    if (System.getProperty("http.maxConnections") == null) {
      System.setProperty("http.maxConnections", "16");
    }
  }

  /**
   * Runs one command in this process, with this process's environment.
   *
   * @param args the command line
   * @param out standard output
   * @param err standard error
   * @return the exit status
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    Context ctx = new Context(out, err, RuntimeEnvironment.system(), new Providers(), Path.of(""));
    return new Cli().run(List.of(args), ctx);
  }
}
