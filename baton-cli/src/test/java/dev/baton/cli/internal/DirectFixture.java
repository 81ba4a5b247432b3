package dev.baton.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.CommitSha;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.ImageTagScheme;
import dev.baton.internal.Json;
import dev.baton.spi.ResolvedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * The setting of the direct commands' tests: a git clone with two commits, {@code c1} and its child
 * {@code c2}, each with its build in the fake registry, a {@code baton.yaml} in the clone, and the
 * testkit's fakes behind {@link Providers} with leases (and the ledger) in memory, kept across the
 * commands of a test as a shared store keeps them.
 */
final class DirectFixture {
  static final ImageReference REPO = ImageReference.parse("ghcr.io/acme/shop");

  final Path dir;
  final FakeProviders providers;
  final CommitSha c1;
  final CommitSha c2;
  final Map<CommitSha, ResolvedImage> builds = new HashMap<>();
  final Map<String, String> env = new HashMap<>();

  /**
   * @param dir an empty directory for the clone
   * @param yaml what follows {@code repository:} in baton.yaml
   */
  DirectFixture(Path dir, String yaml) throws Exception {
    this(dir, yaml, new FakeProviders());
  }

  /**
   * @param dir an empty directory for the clone
   * @param yaml what follows {@code repository:} in baton.yaml
   * @param providers the providers the commands use
   */
  DirectFixture(Path dir, String yaml, FakeProviders providers) throws Exception {
    this.dir = dir;
    this.providers = providers;
    PersonIdent author = new PersonIdent("Mona Lisa", "mona@example.com");
    List<CommitSha> commits = new ArrayList<>();
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      for (String file : List.of("one.txt", "two.txt")) {
        Files.writeString(dir.resolve(file), file);
        git.add().addFilepattern(file).call();
        commits.add(
            CommitSha.parse(
                git.commit()
                    .setMessage("Add " + file)
                    .setAuthor(author)
                    .setCommitter(author)
                    .call()
                    .name()));
      }
    }
    c1 = commits.get(0);
    c2 = commits.get(1);
    for (CommitSha c : commits) {
      builds.put(
          c, providers.registry.pushImage(REPO.withTag(ImageTagScheme.standard().tagFor(c))));
    }
    config(yaml);
  }

  /** Replaces baton.yaml: the repository, then {@code yaml}. */
  void config(String yaml) throws Exception {
    Files.writeString(dir.resolve("baton.yaml"), "repository: " + REPO + "\n" + yaml);
  }

  /** Runs a command in the clone. */
  CliRunner.Outcome run(String... args) {
    return in(dir, args);
  }

  /** Runs a command in another directory. */
  CliRunner.Outcome in(Path workingDir, String... args) {
    return CliRunner.in(workingDir).env(env).providers(providers).run(args);
  }

  /**
   * Deploys {@code c2}, deploys it again, deploys the older {@code c1}, and reads the status, with
   * a shared store configured: each command makes its own clients, so what the next one finds, the
   * store kept.
   *
   * @param where how the commands name the store, e.g. {@code DynamoDB table baton in us-east-1}
   * @return the commands' outcomes
   */
  List<CliRunner.Outcome> roundThroughSharedStore(String where) {
    CliRunner.Outcome deployed = run("deploy", "dev", "--commit", c2.value());
    assertThat(deployed.exit()).as(deployed.err()).isZero();
    assertThat(deployed.err()).contains("leases: " + where).contains("ledger: " + where);
    assertThat(outputs(deployed)).containsEntry("result", "deployed");
    CliRunner.Outcome current = run("deploy", "dev", "--commit", c2.value());
    assertThat(outputs(current)).containsEntry("result", "already-current");
    CliRunner.Outcome older = run("deploy", "dev", "--commit", c1.value());
    assertThat(older.exit()).isEqualTo(1);
    assertThat(older.err()).contains("refused (older commit)");
    CliRunner.Outcome status = run("status", "dev", "--json");
    List<Map<String, Object>> targets = jsonList(status, "targets");
    assertThat(targets)
        .singleElement()
        .satisfies(t -> assertThat(t).containsEntry("state", "running"));
    assertThat(Json.object(targets.get(0).get("current"))).containsEntry("commit", c2.value());
    assertThat(providers.ledger.history(EnvironmentName.parse("dev"))).isEmpty();
    assertThat(providers.deployer.deploys()).hasSize(1);
    return List.of(deployed, current, older, status);
  }

  /**
   * Deploys {@code c1} to dev while another holder has dev's lease in the shared store: the deploy
   * is refused once {@code lease-wait} is over, naming the holder, {@code status} shows the holder,
   * and nothing is deployed.
   *
   * @param holder the other holder's name
   */
  void deployRefusedWhileLeaseHeldBy(String holder) {
    CliRunner.Outcome o = run("deploy", "dev", "--commit", c1.value());
    assertThat(o.exit()).isEqualTo(1);
    assertThat(o.err())
        .contains("refused (lease not obtained before the deadline)")
        .contains("held by " + holder);
    CliRunner.Outcome status = run("status", "dev");
    assertThat(status.exit()).as(status.err()).isZero();
    assertThat(status.out()).contains("held by " + holder);
    assertThat(providers.deployer.deploys()).isEmpty();
  }

  /**
   * @param status what {@code status --json} did, which must have succeeded
   * @param key a key of its document whose value is a list of objects
   * @return that list
   */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> jsonList(CliRunner.Outcome status, String key) {
    assertThat(status.exit()).as(status.err()).isZero();
    return (List<Map<String, Object>>) Json.parseObject(status.out()).get(key);
  }

  /** The key=value lines of standard output. */
  static Map<String, String> outputs(CliRunner.Outcome o) {
    Map<String, String> out = new HashMap<>();
    o.out()
        .lines()
        .filter(l -> l.contains("="))
        .forEach(l -> out.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return out;
  }
}
