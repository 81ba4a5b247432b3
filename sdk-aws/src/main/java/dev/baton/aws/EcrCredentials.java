package dev.baton.aws;

import dev.baton.ProviderException;
import dev.baton.Secret;
import dev.baton.aws.internal.AwsClients;
import dev.baton.aws.internal.AwsErrors;
import dev.baton.aws.internal.EcrRegistryHost;
import dev.baton.aws.internal.RegionalClients;
import dev.baton.internal.Durations;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.AuthorizationData;
import software.amazon.awssdk.services.ecr.model.GetAuthorizationTokenResponse;

/**
 * Registry credentials for ECR's OCI endpoint, from {@code GetAuthorizationToken}, for clients that
 * speak the OCI Distribution API to ECR (cross-repository blob mounts, which the ECR API cannot
 * do). The token is a Basic credential, user {@code AWS}, valid for 12 hours ("Private registry
 * authentication" in the ECR user guide); it is cached per Region until shortly before it expires,
 * and one token serves every registry of that Region the role may use.
 *
 * <p>The API uses only JDK and Baton types, so that any registry client can take it as a {@code
 * Function<String, Optional<Map.Entry<String, Secret>>>} (host to user name and password):
 *
 * <pre>{@code
 * EcrCredentials ecr = EcrCredentials.builder().build();
 * ecr.forRegistry("123456789012.dkr.ecr.us-east-1.amazonaws.com")
 *     .ifPresent(login -> send(login.getKey(), login.getValue().reveal()));
 * ecr.forRegistry("ghcr.io");   // empty: not an ECR host
 * }</pre>
 *
 * <p>An OCI registry client plugs it in with one adapter, e.g. with Baton's OCI module:
 *
 * <pre>{@code
 * CredentialsProvider ecrLogin = host -> ecr.forRegistry(host)
 *     .map(login -> new RegistryCredentials(login.getKey(), login.getValue()));
 * }</pre>
 *
 * <p>Safe for concurrent use; one {@code GetAuthorizationToken} call per Region and token lifetime.
 */
public final class EcrCredentials
    implements Function<String, Optional<Map.Entry<String, Secret>>>, AutoCloseable {
  /** The user name of every ECR token. */
  public static final String USERNAME = "AWS";

  /** How long before its expiry a token is replaced. */
  public static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofMinutes(15);

  private static final Logger LOG = LoggerFactory.getLogger(EcrCredentials.class);

  private final RegionalClients<EcrClient> clients;
  private final Clock clock;
  private final Duration refreshMargin;
  private final Map<String, Token> tokens = new ConcurrentHashMap<>();

  /** A cached token: the password and when it stops being used. */
  private record Token(Secret password, Instant refreshAt) {}

  private EcrCredentials(Builder builder) {
    this.clients = AwsClients.ecr(builder.client);
    this.clock = builder.clock;
    this.refreshMargin = builder.refreshMargin;
  }

  /**
   * @return a builder; with nothing set, tokens come from the default credential chain
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The Basic credentials for an ECR registry host.
   *
   * @param host a registry host, e.g. {@code 123456789012.dkr.ecr.us-east-1.amazonaws.com}
   * @return user name {@value #USERNAME} and the token's password; empty when the host is not a
   *     private ECR registry, so that other registries fall through to their own credentials
   * @throws dev.baton.AccessDeniedException when the role may not call GetAuthorizationToken
   */
  public Optional<Map.Entry<String, Secret>> forRegistry(String host) {
    Objects.requireNonNull(host, "host");
    Optional<EcrRegistryHost> ecrHost = EcrRegistryHost.tryParse(stripPort(host));
    if (ecrHost.isEmpty()) {
      return Optional.empty();
    }
    Secret password = token(ecrHost.get()).password();
    return Optional.of(new SimpleImmutableEntry<>(USERNAME, password));
  }

  /** Same as {@link #forRegistry(String)}, so that this object is the function itself. */
  @Override
  public Optional<Map.Entry<String, Secret>> apply(String host) {
    return forRegistry(host);
  }

  /**
   * The value of an {@code Authorization} header for the host: {@code Basic} and the token as ECR
   * issues it, which is already {@code base64("AWS:" + password)}.
   *
   * @param host a registry host
   * @return the header value; empty when the host is not a private ECR registry
   */
  public Optional<Secret> basicAuthorization(String host) {
    return forRegistry(host)
        .map(
            login ->
                Secret.of(
                    "Basic "
                        + Base64.getEncoder()
                            .encodeToString(
                                (login.getKey() + ":" + login.getValue().reveal())
                                    .getBytes(StandardCharsets.UTF_8))));
  }

  private Token token(EcrRegistryHost host) {
    Token cached = tokens.get(host.region());
    if (cached != null && clock.instant().isBefore(cached.refreshAt())) {
      return cached;
    }
    synchronized (this) {
      cached = tokens.get(host.region());
      if (cached != null && clock.instant().isBefore(cached.refreshAt())) {
        return cached;
      }
      Token fresh = fetch(host);
      tokens.put(host.region(), fresh);
      return fresh;
    }
  }

  private Token fetch(EcrRegistryHost host) {
    EcrClient ecr = clients.forRegion(host.region(), "registry " + host);
    GetAuthorizationTokenResponse response;
    try {
      response = ecr.getAuthorizationToken(b -> {});
    } catch (SdkException e) {
      throw AwsErrors.map(e, "GetAuthorizationToken for " + host);
    }
    AuthorizationData data =
        response.authorizationData().stream()
            .findFirst()
            .orElseThrow(
                () ->
                    ProviderException.retryable(
                        "GetAuthorizationToken for " + host + " returned no authorization data",
                        "retry later",
                        null));
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(Objects.requireNonNullElse(data.authorizationToken(), "")),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ProviderException.permanent(
          "GetAuthorizationToken for " + host + " returned a token that is not base64", null);
    }
    int colon = decoded.indexOf(':');
    if (colon < 0
        || !decoded.substring(0, colon).equals(USERNAME)
        || colon == decoded.length() - 1) {
      throw ProviderException.permanent(
          "GetAuthorizationToken for " + host + " returned a token that is not AWS:<password>",
          null);
    }
    Instant expiresAt =
        data.expiresAt() != null ? data.expiresAt() : clock.instant().plus(Duration.ofHours(12));
    Instant refreshAt = expiresAt.minus(refreshMargin);
    LOG.debug("got an ECR token for Region {}, valid until {}", host.region(), expiresAt);
    return new Token(Secret.of(decoded.substring(colon + 1)), refreshAt);
  }

  private static String stripPort(String host) {
    int colon = host.lastIndexOf(':');
    return colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
  }

  /** Closes the clients this instance created; a client passed to the builder stays open. */
  @Override
  public void close() {
    clients.close();
  }

  @Override
  public String toString() {
    return "EcrCredentials[regions cached=" + tokens.keySet() + "]";
  }

  /** Configures {@link EcrCredentials}. Every setting is optional. */
  public static final class Builder {
    private EcrClient client;
    private Clock clock = Clock.systemUTC();
    private Duration refreshMargin = DEFAULT_REFRESH_MARGIN;

    private Builder() {}

    /**
     * @param client the caller's ECR client, used for its Region only and never closed here
     * @return this builder
     */
    public Builder client(EcrClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * @param clock the clock that decides when a token is stale; default the system clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * @param margin how long before expiry a token is replaced; default 15 minutes
     * @return this builder
     */
    public Builder refreshMargin(Duration margin) {
      this.refreshMargin = Durations.nonNegative(margin, "refreshMargin");
      return this;
    }

    /**
     * @return the credentials source
     */
    public EcrCredentials build() {
      return new EcrCredentials(this);
    }
  }
}
