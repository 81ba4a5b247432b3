package dev.baton.cli.internal;

import dev.baton.ConfigurationException;
import dev.baton.Environments;
import dev.baton.ImageReference;
import dev.baton.ImageTagScheme;
import dev.baton.atmos.ImageVariableCheck;
import dev.baton.github.internal.RuntimeEnvironment;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code baton.yaml} says, with the seed's defaults for everything it leaves out. Read by
 * {@link ConfigLoader}.
 *
 * @param source where it came from, for messages ({@code baton.yaml} or {@code defaults})
 * @param environments the environment table
 * @param repository the image repository builds are pushed to; null when not configured
 * @param atmos how the Atmos component takes the image
 * @param tagScheme how builds are tagged ({@code sha-<40>})
 * @param releaseTagTemplate the draft release's tag template ({@code $VERSION})
 * @param pullRequestLabel the label that deploys a pull request ({@code deploy})
 * @param coordination where leases and the ledger are shared, and the lease times
 * @param runTimeout the time a whole {@code baton run} may take ({@code run-timeout})
 */
public record BatonConfig(
    String source,
    Environments environments,
    ImageReference repository,
    AtmosSettings atmos,
    ImageTagScheme tagScheme,
    String releaseTagTemplate,
    String pullRequestLabel,
    CoordinationSettings coordination,
    Duration runTimeout) {

  /** The default pull request label, as in the seed. */
  public static final String DEFAULT_LABEL = "deploy";

  /** The registry assumed for a GitHub repository when none is configured. */
  public static final String DEFAULT_REGISTRY = "ghcr.io";

  /**
   * The time a whole {@code baton run} may take unless {@code run-timeout} or {@code --timeout}
   * says otherwise: 2 hours. The longest run of the reference flow, a published release through
   * staging and prod, is two deploys at {@code atmos.timeout} (30 minutes each) and their
   * verifications (10 minutes each): 80 minutes at the limits of its steps. A run still going after
   * 2 hours is stuck, and is stopped and recorded by Baton well before GitHub's own limit for a job
   * (6 hours) would cancel it.
   */
  public static final Duration DEFAULT_RUN_TIMEOUT = Duration.ofHours(2);

  /** The longest {@code run-timeout} accepted: a day. */
  public static final Duration MAX_RUN_TIMEOUT = Duration.ofDays(1);

  /**
   * Checks nothing required is null.
   *
   * @param source where it came from, for messages ({@code baton.yaml} or {@code defaults})
   * @param environments the environment table
   * @param repository the image repository builds are pushed to; null when not configured
   * @param atmos how the Atmos component takes the image
   * @param tagScheme how builds are tagged ({@code sha-<40>})
   * @param releaseTagTemplate the draft release's tag template ({@code $VERSION})
   * @param pullRequestLabel the label that deploys a pull request ({@code deploy})
   * @param coordination where leases and the ledger are shared, and the lease times
   * @param runTimeout the time a whole {@code baton run} may take ({@code run-timeout})
   */
  public BatonConfig {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(environments, "environments");
    Objects.requireNonNull(atmos, "atmos");
    Objects.requireNonNull(tagScheme, "tagScheme");
    Objects.requireNonNull(releaseTagTemplate, "releaseTagTemplate");
    Objects.requireNonNull(pullRequestLabel, "pullRequestLabel");
    Objects.requireNonNull(coordination, "coordination");
    Objects.requireNonNull(runTimeout, "runTimeout");
  }

  /** {@return the seed's defaults, as used when there is no {@code baton.yaml}} */
  public static BatonConfig defaults() {
    return new BatonConfig(
        "defaults",
        Environments.standard(),
        null,
        AtmosSettings.defaults(),
        ImageTagScheme.standard(),
        "$VERSION",
        DEFAULT_LABEL,
        CoordinationSettings.defaults(),
        DEFAULT_RUN_TIMEOUT);
  }

  /** {@return the configured repository, when there is one} */
  public Optional<ImageReference> configuredRepository() {
    return Optional.ofNullable(repository);
  }

  /**
   * The image repository: as configured, else {@code ghcr.io/<owner>/<name>} from {@code
   * GITHUB_REPOSITORY} (lower-cased, as image names must be).
   *
   * @param env the process environment
   * @return the repository
   * @throws ConfigurationException when neither says
   */
  public ImageReference repository(RuntimeEnvironment env) {
    if (repository != null) {
      return repository;
    }
    return env.get(RuntimeEnvironment.GITHUB_REPOSITORY)
        .map(r -> ImageReference.of(DEFAULT_REGISTRY, r.toLowerCase(Locale.ROOT)))
        .orElseThrow(
            () ->
                new ConfigurationException(
                    "no image repository is configured"
                        + " ("
                        + source
                        + " has no \"repository\", and GITHUB_REPOSITORY is not set)",
                    "add \"registry: ghcr.io\" and \"repository: owner/app\" to baton.yaml"));
  }

  /**
   * How the Atmos component receives the image.
   *
   * @param component the Atmos component ({@code app})
   * @param imageVariable the environment variable its stack reads with {@code !env} ({@code
   *     APP_IMAGE})
   * @param executable the atmos program to run ({@code atmos}, found on the PATH)
   * @param imageVariableCheck what to check before a deploy about a stack that would ignore the
   *     pinned image ({@code atmos.image-variable-check}: {@code off}, {@code warn} or {@code
   *     fail})
   * @param timeout how long one atmos call may run ({@code atmos.timeout})
   * @param gracePeriod how long atmos gets to stop after SIGTERM before SIGKILL ({@code
   *     atmos.grace-period})
   */
  public record AtmosSettings(
      String component,
      String imageVariable,
      String executable,
      ImageVariableCheck imageVariableCheck,
      Duration timeout,
      Duration gracePeriod) {
    /** How long one atmos call may run unless {@code atmos.timeout} says otherwise: 30 minutes. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

    /** The time between SIGTERM and SIGKILL unless {@code atmos.grace-period} says: 10 s. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(10);

    /**
     * Checks nothing is null.
     *
     * @param component the Atmos component ({@code app})
     * @param imageVariable the environment variable its stack reads with {@code !env} ({@code
     *     APP_IMAGE})
     * @param executable the atmos program to run ({@code atmos}, found on the PATH)
     * @param imageVariableCheck what to check before a deploy about a stack that would ignore the
     *     pinned image ({@code atmos.image-variable-check}: {@code off}, {@code warn} or {@code
     *     fail})
     * @param timeout how long one atmos call may run ({@code atmos.timeout})
     * @param gracePeriod how long atmos gets to stop after SIGTERM before SIGKILL ({@code
     *     atmos.grace-period})
     */
    public AtmosSettings {
      Objects.requireNonNull(component, "component");
      Objects.requireNonNull(imageVariable, "imageVariable");
      Objects.requireNonNull(executable, "executable");
      Objects.requireNonNull(imageVariableCheck, "imageVariableCheck");
      Objects.requireNonNull(timeout, "timeout");
      Objects.requireNonNull(gracePeriod, "gracePeriod");
    }

    /**
     * The reference's values: component {@code app}, variable {@code APP_IMAGE}, {@code atmos}, a
     * warning when the stack's {@code env:} section would shadow the pinned image, 30 minutes per
     * call and 10 s from SIGTERM to SIGKILL.
     *
     * @return the reference's values
     */
    public static AtmosSettings defaults() {
      return new AtmosSettings(
          "app",
          "APP_IMAGE",
          "atmos",
          ImageVariableCheck.WARN,
          DEFAULT_TIMEOUT,
          DEFAULT_GRACE_PERIOD);
    }
  }
}
