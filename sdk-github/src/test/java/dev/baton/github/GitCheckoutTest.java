package dev.baton.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.CommitSha;
import dev.baton.ConfigurationException;
import dev.baton.NotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GitCheckout} on a repository this test creates: three commits, a lightweight tag and an
 * annotated one. Where the {@code git} CLI is installed it reads the same repository as an
 * independent witness.
 */
class GitCheckoutTest {
  @TempDir Path dir;
  final List<RevCommit> commits = new ArrayList<>();
  final PersonIdent author = new PersonIdent("Mona Lisa", "mona@example.com");

  @BeforeEach
  void createRepository() throws Exception {
    try (Git git = Git.init().setDirectory(dir.toFile()).setInitialBranch("main").call()) {
      commit(git, "app.txt", "one", "Add the app");
      git.tag().setName("1.0.0").setAnnotated(false).call();
      commit(git, "app.txt", "two", "Make it faster\n\nLonger description.");
      commit(git, "README.md", "docs", "Document it");
      git.tag()
          .setName("1.1.0")
          .setAnnotated(true)
          .setMessage("release 1.1.0")
          .setTagger(author)
          .call();
    }
    Files.writeString(dir.resolve(".gitignore"), "build/\n");
    try (Git git = Git.open(dir.toFile())) {
      git.add().addFilepattern(".gitignore").call();
      commits.add(
          git.commit()
              .setMessage("Ignore build output")
              .setAuthor(author)
              .setCommitter(author)
              .call());
    }
  }

  private void commit(Git git, String file, String content, String message) throws Exception {
    Files.writeString(dir.resolve(file), content);
    git.add().addFilepattern(file).call();
    commits.add(git.commit().setMessage(message).setAuthor(author).setCommitter(author).call());
  }

  @Test
  void state_cleanTree_isHeadAndNotDirty() {
    try (GitCheckout checkout = GitCheckout.open(dir)) {
      CheckoutState s = checkout.state();

      assertThat(s.commit().value()).isEqualTo(commits.get(3).name()).hasSize(40);
      assertThat(s.dirty()).isFalse();
      assertThat(git("rev-parse", "HEAD")).isEqualTo(s.commit().value());
    }
  }

  @Test
  void state_modifiedAndUntrackedFiles_areDirtyAndListed() throws IOException {
    Files.writeString(dir.resolve("app.txt"), "changed");
    Files.writeString(dir.resolve("new.txt"), "new");
    Files.createDirectories(dir.resolve("build"));
    Files.writeString(dir.resolve("build/out.bin"), "ignored");

    try (GitCheckout checkout = GitCheckout.open(dir)) {
      CheckoutState s = checkout.state();

      assertThat(s.dirty()).isTrue();
      assertThat(s.changes()).containsExactly("app.txt", "new.txt");
    }
  }

  @Test
  void open_fromSubdirectory_findsTheRepository() throws IOException {
    Path sub = Files.createDirectories(dir.resolve("src/main"));

    try (GitCheckout checkout = GitCheckout.open(sub)) {
      assertThat(checkout.head().value()).isEqualTo(commits.get(3).name());
    }
  }

  @Test
  void commitsBetween_twoTags_listsWhatGitLogListsNewestFirst() {
    try (GitCheckout checkout = GitCheckout.open(dir)) {
      List<GitCommit> between = checkout.commitsBetween("1.0.0", "1.1.0");

      assertThat(between)
          .extracting(GitCommit::subject)
          .containsExactly("Document it", "Make it faster");
      assertThat(between).extracting(GitCommit::author).containsOnly("Mona Lisa");
      assertThat(between)
          .extracting(c -> c.sha().value())
          .containsExactlyElementsOf(git("log", "--format=%H", "1.0.0..1.1.0").lines().toList());
    }
  }

  @Test
  void commitsBetween_emptyFrom_listsEverythingUpToTheTag() {
    try (GitCheckout checkout = GitCheckout.open(dir)) {
      assertThat(checkout.commitsBetween("", "1.1.0")).hasSize(3);
      assertThat(checkout.commitsBetween("1.1.0", "main"))
          .extracting(GitCommit::subject)
          .containsExactly("Ignore build output");
    }
  }

  @Test
  void commitOf_annotatedTag_isTheTaggedCommitNotTheTagObject() {
    try (GitCheckout checkout = GitCheckout.open(dir)) {
      CommitSha tagged = checkout.commitOf("1.1.0");

      assertThat(tagged.value()).isEqualTo(commits.get(2).name());
      assertThat(git("rev-parse", "1.1.0^{commit}")).isEqualTo(tagged.value());
      assertThat(checkout.commitOf("1.0.0").value()).isEqualTo(commits.get(0).name());
    }
  }

  @Test
  void commitsBetween_unknownTag_throwsNotFoundNamingIt() {
    try (GitCheckout checkout = GitCheckout.open(dir)) {
      assertThatThrownBy(() -> checkout.commitsBetween("0.9.0", "1.1.0"))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("\"0.9.0\"");
    }
  }

  @Test
  void open_notARepository_throwsConfiguration(@TempDir Path elsewhere) {
    // A temp dir below /tmp has no repository above it (GIT_CEILING_DIRECTORIES aside).
    Assumptions.assumeFalse(Files.exists(elsewhere.getRoot().resolve(".git")));

    assertThatThrownBy(() -> GitCheckout.open(elsewhere))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("no git repository");
  }

  @Test
  void head_repositoryWithoutCommits_throwsConfiguration(@TempDir Path empty) throws Exception {
    Git.init().setDirectory(empty.toFile()).call().close();

    try (GitCheckout checkout = GitCheckout.open(empty)) {
      assertThatThrownBy(checkout::head)
          .isInstanceOf(ConfigurationException.class)
          .hasMessageContaining("no commit yet");
    }
  }

  /** Runs the git CLI in the test repository; skips the calling test when git is not installed. */
  private String git(String... args) {
    List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertThat(p.waitFor()).as("git %s: %s", String.join(" ", args), out).isZero();
      return out;
    } catch (IOException e) {
      Assumptions.abort("git CLI not available: " + e.getMessage());
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
