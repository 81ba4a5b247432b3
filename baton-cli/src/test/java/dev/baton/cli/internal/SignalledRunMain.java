package dev.baton.cli.internal;

import dev.baton.CommitSha;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.ImageTagScheme;
import dev.baton.github.internal.RuntimeEnvironment;
import dev.baton.spi.DeploymentRecord;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code baton run} in a JVM of its own, as {@code Baton.main} runs it (with {@link
 * ShutdownGuard}), over the testkit's fakes for GitHub and the registry and the real atmos
 * deployer, so that a test can send the process SIGTERM or SIGINT. When the command has ended it
 * prints the ledger's record of dev as {@code ledger: dev STATE}.
 */
public final class SignalledRunMain {
  private SignalledRunMain() {}

  /**
   * @param args the working directory (with its {@code baton.yaml}), then the commit pushed
   */
  public static void main(String[] args) {
    FakeProviders providers = FakeProviders.withRealAtmos();
    ImageReference repository = ImageReference.parse("ghcr.io/codertocat/hello-world");
    providers.registry.pushImage(
        repository.withTag(ImageTagScheme.standard().tagFor(CommitSha.parse(args[1]))));
    Context ctx =
        new Context(
            System.out, System.err, RuntimeEnvironment.system(), providers, Path.of(args[0]));
    int status =
        ShutdownGuard.run(
            () -> {
              int s = new Cli().run(List.of("run"), ctx);
              for (DeploymentRecord r : providers.ledger.history(EnvironmentName.parse("dev"))) {
                System.out.println("ledger: dev " + r.state());
              }
              System.out.flush();
              return s;
            },
            System.getenv(),
            System.err);
    System.exit(status);
  }
}
