package dev.baton.testkit.atmos;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The fake {@code atmos} program. {@link FakeAtmos} writes a POSIX {@code sh} wrapper that runs
 * this class in a fresh JVM, so the code under test starts it as a real child process with real
 * pipes, exit codes and signals.
 *
 * <p>It follows the real CLI's grammar and output (Cloud Posse Atmos with Terraform or OpenTofu):
 *
 * <ul>
 *   <li>{@code atmos terraform deploy <component> -s <stack>}: init, workspace select, plan and an
 *       auto-approved apply; Terraform-like text on stdout, ANSI-coloured unless {@code -no-color};
 *       "No changes. Your infrastructure matches the configuration." when the same image is applied
 *       twice; {@code Apply complete! Resources: N added, N changed, N destroyed.}
 *   <li>{@code atmos terraform destroy <component> -s <stack> [-auto-approve]}: without {@code
 *       -auto-approve} it asks for confirmation on stdin and cancels on anything but {@code yes};
 *       {@code Destroy complete! Resources: N destroyed.}
 *   <li>{@code atmos terraform output <component> -s <stack> [--skip-init] [-- -json|-raw NAME]}: a
 *       workspace line (and, when configured, warning noise) before the JSON on stdout.
 *   <li>{@code atmos describe component <component> -s <stack> [--format json]
 *       [--provenance=false]}: the component's sections, limited to the "schema" filter unless
 *       {@code ATMOS_DESCRIBE_COMPONENT_FILTER=full}, with provenance metadata unless turned off.
 * </ul>
 *
 * <p>State lives in the directory named by {@value FakeAtmos#STATE_VARIABLE}, one "Terraform state"
 * per workspace, computed as the reference stacks do: {@code <repo>-<stack>-<component>}, plus
 * {@code -<PR_NUMBER>} (default {@code 0}) for per-pull-request stacks. Logs go to stderr. Failures
 * and hangs are scripted through {@link FakeAtmos} or the variables {@code FAKE_ATMOS_FAIL} ({@code
 * command:error text}) and {@code FAKE_ATMOS_HANG} ({@code command}).
 */
public final class FakeAtmosMain {
  private FakeAtmosMain() {}

  /**
   * Runs one atmos command and exits with its status.
   *
   * @param args the atmos command line
   */
  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
    PrintStream err =
        new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
    int code;
    try {
      code =
          new FakeAtmosRun(System.getenv(), Path.of("").toAbsolutePath(), args, System.in, out, err)
              .run();
    } catch (RuntimeException e) {
      err.println("fake atmos: internal error: " + e);
      code = 70;
    }
    out.flush();
    err.flush();
    System.exit(code);
  }
}
