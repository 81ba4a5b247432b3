package dev.baton.atmos.testing;

import dev.baton.DeploymentTarget;
import dev.baton.Digest;
import dev.baton.EnvironmentName;
import dev.baton.ImageReference;
import dev.baton.StackName;
import dev.baton.Tag;
import dev.baton.atmos.AtmosStackDeployer;
import dev.baton.spi.DeployRequest;
import dev.baton.spi.DestroyRequest;
import dev.baton.testkit.atmos.FakeAtmos;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The fake atmos installed in a test's directory, and requests to run against it. */
public final class AtmosFixture {
  public static final StackName DEV = StackName.parse("dev");
  public static final StackName PREVIEW = StackName.parse("preview");

  public final FakeAtmos atmos;
  public final Path workDir;

  public AtmosFixture(Path dir) {
    this.atmos = FakeAtmos.install(dir.resolve("fake"));
    this.workDir = dir.resolve("work");
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A builder pointing at the fake, with a short grace period. */
  public AtmosStackDeployer.Builder builder() {
    return AtmosStackDeployer.builder()
        .binary(atmos.executable())
        .workingDirectory(workDir)
        .environment(FakeAtmos.STATE_VARIABLE, atmos.stateDirectory().toString())
        .gracePeriod(Duration.ofSeconds(1));
  }

  public static ImageReference newImage() {
    Digest digest = Digest.sha256(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
    return ImageReference.parse("registry.example.test/acme/shop")
        .withTag(Tag.parse("sha-" + digest.encoded().substring(0, 7)))
        .withDigest(digest);
  }

  public static DeploymentTarget dev() {
    return DeploymentTarget.of(EnvironmentName.parse("dev"));
  }

  public static DeploymentTarget preview(int pr) {
    return DeploymentTarget.pullRequest(EnvironmentName.parse("preview"), pr);
  }

  public static DeployRequest deployDev(ImageReference image) {
    return new DeployRequest(dev(), DEV, image, Map.of());
  }

  public static DeployRequest deployPreview(int pr, ImageReference image) {
    return new DeployRequest(
        preview(pr), PREVIEW, image, Map.of("PR_NUMBER", Integer.toString(pr)));
  }

  public static DestroyRequest destroyPreview(int pr) {
    return new DestroyRequest(preview(pr), PREVIEW, Map.of("PR_NUMBER", Integer.toString(pr)));
  }
}
