package dev.mcpgate.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.IdentityResolver;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.api.InboundRequest;
import dev.mcpgate.testkit.TestRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link IdentityResolver} honours, as tests an implementation's own test
 * class inherits: extend this class and give a resolver, a request it authenticates and a
 * request whose credential it refuses.
 *
 * <pre>{@code
 * class MyResolverContractTest extends IdentityResolverContract {
 *   protected IdentityResolver resolver() { return new MyResolver(keys); }
 *   protected InboundRequest authenticated() { return TestRequest.bearer(validToken); }
 *   protected InboundRequest rejected() { return TestRequest.bearer("revoked-" + validToken); }
 * }
 * }</pre>
 *
 * <p>The kit checks that
 * <ul>
 *   <li>the good credential is authenticated, the same way each time and from many threads;
 *   <li>the refused credential is a {@link IdentityResult.Rejected} whose description does not
 *       quote it, and is not authenticated however often it is tried;
 *   <li>a request without a credential is not authenticated (unless {@link
 *       #authenticatesRequestsWithoutCredentials()} says the resolver is meant to let everyone
 *       in), and never throws;
 *   <li>malformed credentials (an empty or bare {@code Authorization}, a bearer token of 100,000
 *       characters, control characters, non-ASCII, the same header twice, a wrong scheme) are
 *       results, never exceptions, and never authenticated.
 * </ul>
 */
public abstract class IdentityResolverContract {

  /** For subclasses. */
  protected IdentityResolverContract() {}

  /**
   * The resolver under test; called once per test.
   *
   * @return the resolver
   */
  protected abstract IdentityResolver resolver();

  /**
   * A request the resolver authenticates.
   *
   * @return the request
   */
  protected abstract InboundRequest authenticated();

  /**
   * A request that presents a credential the resolver refuses (wrong, expired or revoked).
   *
   * @return the request
   */
  protected abstract InboundRequest rejected();

  /**
   * Whether the resolver authenticates a request with no credential at all, as {@link
   * IdentityResolver#anonymous()} does; false unless overridden.
   *
   * @return true for a resolver meant to let everyone in
   */
  protected boolean authenticatesRequestsWithoutCredentials() {
    return false;
  }

  @Test
  void theGoodCredentialIsAuthenticatedTheSameWayEachTime() {
    IdentityResolver resolver = resolver();
    IdentityResult first = resolve(resolver, authenticated());
    assertThat(first).isInstanceOf(IdentityResult.Authenticated.class);
    assertThat(resolve(resolver, authenticated())).isEqualTo(first);
  }

  @Test
  void theRefusedCredentialIsRejectedWithoutBeingQuoted() {
    IdentityResolver resolver = resolver();
    InboundRequest request = rejected();
    for (int i = 0; i < 3; i++) {
      IdentityResult result = resolve(resolver, request);
      assertThat(result).isInstanceOf(IdentityResult.Rejected.class);
      String description = ((IdentityResult.Rejected) result).description();
      for (String credential : credentials(request)) {
        assertThat(description).as("the rejection's description").doesNotContain(credential);
        assertThat(result.toString()).as("the rejection").doesNotContain(credential);
      }
    }
  }

  @Test
  void aRequestWithoutACredentialIsAResult() {
    IdentityResult result = resolve(resolver(), TestRequest.none());
    if (!authenticatesRequestsWithoutCredentials()) {
      assertThat(result).isNotInstanceOf(IdentityResult.Authenticated.class);
    }
  }

  @Test
  void malformedCredentialsAreResultsNeverExceptions() {
    IdentityResolver resolver = resolver();
    List<InboundRequest> malformed = List.of(
        TestRequest.none().with("Authorization", ""),
        TestRequest.none().with("Authorization", "Bearer"),
        TestRequest.none().with("Authorization", "Bearer "),
        TestRequest.none().with("Authorization", "Basic YWxpY2U6c2VjcmV0"),
        TestRequest.bearer("x".repeat(100_000)),
        TestRequest.bearer("a.b.c"),
        TestRequest.bearer("\u0000\r\n\u202e"),
        TestRequest.bearer("clé-€-🔑"),
        TestRequest.bearer("one").with("Authorization", "Bearer two"),
        TestRequest.none().with("X-Api-Key", ""),
        TestRequest.none().with("X-Api-Key", "x".repeat(100_000)),
        TestRequest.none().with("X-Api-Key", "\u0000\r\n"));
    for (InboundRequest request : malformed) {
      IdentityResult result = resolve(resolver, request);
      if (!authenticatesRequestsWithoutCredentials()) {
        assertThat(result).as("%s", request).isNotInstanceOf(IdentityResult.Authenticated.class);
      }
    }
  }

  @Test
  void manyThreadsAuthenticateTheSameCaller() throws Exception {
    IdentityResolver resolver = resolver();
    IdentityResult expected = resolve(resolver, authenticated());
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<IdentityResult>>> answers = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        answers.add(threads.submit(() -> {
          List<IdentityResult> results = new ArrayList<>();
          for (int i = 0; i < 50; i++) {
            results.add(resolve(resolver, i % 2 == 0 ? authenticated() : rejected()));
          }
          return results;
        }));
      }
      for (Future<List<IdentityResult>> answer : answers) {
        List<IdentityResult> results = answer.get();
        for (int i = 0; i < results.size(); i++) {
          if (i % 2 == 0) {
            assertThat(results.get(i)).isEqualTo(expected);
          } else {
            assertThat(results.get(i)).isInstanceOf(IdentityResult.Rejected.class);
          }
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static IdentityResult resolve(IdentityResolver resolver, InboundRequest request) {
    IdentityResult result = resolver.resolve(request);
    assertThat(result).as("the result for %s", request).isNotNull();
    return result;
  }

  /** The credential-bearing header values of a request, and their last word (the token). */
  private static List<String> credentials(InboundRequest request) {
    List<String> values = new ArrayList<>();
    for (String name : List.of("Authorization", "X-Api-Key", "Proxy-Authorization", "Cookie")) {
      for (String value : request.headers(name)) {
        String token = value.substring(value.lastIndexOf(' ') + 1);
        if (token.length() >= 8) {
          values.add(token);
        }
      }
    }
    return values;
  }
}
