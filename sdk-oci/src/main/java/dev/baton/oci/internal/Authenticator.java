package dev.baton.oci.internal;

import dev.baton.AccessDeniedException;
import dev.baton.ProviderException;
import dev.baton.internal.Json;
import dev.baton.oci.CredentialsProvider;
import dev.baton.oci.RegistryCredentials;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Per-host authentication state: which scheme a registry asked for, and the Bearer tokens it handed
 * out, kept until shortly before they expire.
 *
 * <p>The Bearer flow is the Docker token specification (shipped with distribution as {@code
 * docs/spec/auth/token.md}): on a {@code 401} with {@code Bearer realm,service,scope}, {@code GET
 * realm?service=S&scope=A&scope=B} with Basic credentials (none for anonymous pulls), read {@code
 * token} (or {@code access_token}) and {@code expires_in} (60 s when absent, per the spec), and
 * retry with {@code Authorization: Bearer}. One token is requested for all the scopes a request
 * needs, so a cross-repository mount gets one token covering both repositories.
 */
public final class Authenticator {
  private static final long DEFAULT_EXPIRES_IN = 60;
  private static final long MAX_EXPIRES_IN = Duration.ofDays(1).toSeconds();

  private final CredentialsProvider credentials;
  private final Endpoints endpoints;
  private final Clock clock;
  private final Transport transport;
  private final Map<String, HostState> hosts = new ConcurrentHashMap<>();

  /** What was sent on one request: the header (or none) and whether its token was just issued. */
  record Auth(String header, boolean freshToken) {
    static final Auth NONE = new Auth(null, false);

    boolean isBearer() {
      return header != null && header.startsWith("Bearer ");
    }

    boolean isBasic() {
      return header != null && header.startsWith("Basic ");
    }
  }

  private record Token(String value, List<Scope> scopes, Instant expiresAt) {}

  private static final class HostState {
    volatile Challenge challenge;
    final List<Token> tokens = new CopyOnWriteArrayList<>();
  }

  Authenticator(
      CredentialsProvider credentials, Endpoints endpoints, Clock clock, Transport transport) {
    this.credentials = credentials;
    this.endpoints = endpoints;
    this.clock = clock;
    this.transport = transport;
  }

  /**
   * The {@code Authorization} to send to {@code host} for {@code scopes}, fetching a token if
   * needed.
   */
  Auth authorization(String host, List<Scope> scopes) {
    HostState state = hosts.computeIfAbsent(host, h -> new HostState());
    Challenge challenge = state.challenge;
    if (challenge == null) {
      return Auth.NONE;
    }
    if (challenge.isBasic()) {
      return credentials.credentials(host).map(c -> new Auth(basic(c), false)).orElse(Auth.NONE);
    }
    Optional<Token> cached = cached(state, scopes);
    if (cached.isPresent()) {
      return new Auth("Bearer " + cached.get().value(), false);
    }
    synchronized (state) { // one token request per host at a time; others then find it cached
      cached = cached(state, scopes);
      if (cached.isPresent()) {
        return new Auth("Bearer " + cached.get().value(), false);
      }
      Token token = fetch(host, state.challenge, scopes);
      state.tokens.removeIf(t -> !t.expiresAt().isAfter(clock.instant()));
      state.tokens.add(token);
      return new Auth("Bearer " + token.value(), true);
    }
  }

  /**
   * Learns from a {@code 401}. Returns the scopes the challenge adds when sending again may help,
   * and throws {@link AccessDeniedException} when it cannot (credentials refused, none given, a
   * fresh token still refused, an unsupported scheme).
   */
  List<Scope> onChallenge(Transport.Call call, List<Challenge> challenges, Auth sent, byte[] body) {
    String host = call.site().host();
    HostState state = hosts.computeIfAbsent(host, h -> new HostState());
    Optional<Challenge> bearer = challenges.stream().filter(Challenge::isBearer).findFirst();
    Optional<Challenge> basic = challenges.stream().filter(Challenge::isBasic).findFirst();
    if (bearer.isPresent()) {
      if (sent.isBearer()) {
        String value = sent.header().substring("Bearer ".length());
        state.tokens.removeIf(t -> t.value().equals(value));
        if (sent.freshToken()) {
          throw transport.denied(
              call,
              body,
              "the registry refused a token just issued for "
                  + scopesText(call.scopes())
                  + bearer.get().error().map(e -> " (" + e + ")").orElse(""));
        }
      }
      state.challenge = bearer.get();
      return bearer.get().scopes();
    }
    if (basic.isPresent()) {
      if (sent.isBasic()) {
        throw transport.denied(
            call, body, "the registry refused the credentials given for " + host);
      }
      if (credentials.credentials(host).isEmpty()) {
        throw transport.denied(
            call,
            body,
            "the registry requires credentials (Basic realm \""
                + basic.get().realm().orElse("")
                + "\") and the CredentialsProvider has none for "
                + host);
      }
      state.challenge = basic.get();
      return List.of();
    }
    throw transport.denied(
        call,
        body,
        challenges.isEmpty()
            ? "the registry answered 401 without a WWW-Authenticate challenge"
            : "the registry asks for an unsupported authentication scheme "
                + challenges.stream().map(Challenge::scheme).collect(Collectors.toList()));
  }

  private Optional<Token> cached(HostState state, List<Scope> scopes) {
    Instant now = clock.instant();
    return state.tokens.stream()
        .filter(t -> t.expiresAt().isAfter(now) && Scope.allCovered(t.scopes(), scopes))
        .findFirst();
  }

  private Token fetch(String host, Challenge challenge, List<Scope> scopes) {
    String realm =
        challenge
            .realm()
            .orElseThrow(
                () ->
                    ProviderException.permanent(
                        "registry " + host + " sent a Bearer challenge without a realm",
                        "check the registry's token auth settings",
                        null));
    URI realmUri = endpoints.checkRealm(host, realm);
    StringBuilder query = new StringBuilder();
    challenge.service().ifPresent(s -> query.append("service=").append(encode(s)));
    for (Scope s : scopes) {
      query.append(query.length() == 0 ? "" : "&").append("scope=").append(encode(s.toString()));
    }
    String sep = realmUri.getRawQuery() == null ? "?" : "&";
    URI uri = URI.create(realmUri + (query.length() == 0 ? "" : sep + query));
    Optional<RegistryCredentials> creds = credentials.credentials(host);
    RequestSubject site =
        new RequestSubject(host, scopes.isEmpty() ? "" : scopes.get(0).name(), "");
    Transport.Call call =
        new Transport.Call(
            site,
            "GET",
            "",
            Map.of(),
            null,
            List.of(),
            "requesting a token from " + realmUri.getAuthority() + " for " + scopesText(scopes));
    HttpResponse<byte[]> response =
        transport.sendRetrying(
            call, uri, creds.map(Authenticator::basic).orElse(null), transport.whole(call), true);
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw transport.denied(
          call,
          response.body(),
          "the token server refused "
              + (creds.isPresent() ? "the credentials given for " + host : "an anonymous request"));
    }
    if (status != 200) {
      throw RegistryErrors.failure(site, call.action(), status, response.body());
    }
    try {
      Map<String, Object> json =
          Json.object(Json.parse(new String(response.body(), StandardCharsets.UTF_8)));
      String token = Json.text(json.get("token"), Json.text(json.get("access_token"), ""));
      if (token.isEmpty()) {
        throw new IllegalArgumentException("no token or access_token field");
      }
      if (!token.chars().allMatch(c -> c > ' ' && c < 0x7f)) {
        // It goes into the Authorization header, which refuses anything else.
        throw new IllegalArgumentException("the token holds a space, a control or non-ASCII");
      }
      // Kept no longer than a day, whatever the answer says (a number past any instant included).
      long expiresIn =
          Math.min(Json.longValue(json.get("expires_in"), DEFAULT_EXPIRES_IN), MAX_EXPIRES_IN);
      // Renew a little early so a token does not expire between the cache check and its use.
      long margin = Math.min(10, expiresIn / 10);
      return new Token(
          token,
          List.copyOf(scopes),
          clock.instant().plus(Duration.ofSeconds(Math.max(1, expiresIn - margin))));
    } catch (IllegalArgumentException e) {
      throw ProviderException.permanent(
          call.action() + ": the answer is not a token (" + e.getMessage() + ")",
          "check that the realm " + realmUri.getAuthority() + " is a Docker token server",
          e);
    }
  }

  private static String basic(RegistryCredentials c) {
    String pair = c.username() + ':' + c.password().reveal();
    return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String scopesText(List<Scope> scopes) {
    return scopes.isEmpty()
        ? "no scope"
        : scopes.stream().map(Scope::toString).collect(Collectors.joining(" "));
  }
}
