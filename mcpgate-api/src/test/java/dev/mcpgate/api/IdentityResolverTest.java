package dev.mcpgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class IdentityResolverTest {

  private static final InboundRequest REQUEST = new FakeRequest();
  private static final CallerContext ALICE =
      CallerContext.builder().subject("alice").authMethod("jwt").build();
  private static final CallerContext BOB =
      CallerContext.builder().subject("bob").authMethod("apiKey").build();

  @Test
  void anonymousLetsEveryRequestInAsTheAnonymousCaller() {
    IdentityResult result = IdentityResolver.anonymous().resolve(REQUEST);

    assertThat(result).isEqualTo(new IdentityResult.Authenticated(CallerContext.anonymous()));
  }

  @Test
  void firstOfAnswersWithTheFirstResolverThatAuthenticates() {
    List<String> asked = new ArrayList<>();
    IdentityResolver resolver =
        IdentityResolver.firstOf(
            List.of(
                recording(asked, "none", IdentityResult.unauthenticated()),
                recording(asked, "alice", new IdentityResult.Authenticated(ALICE)),
                recording(asked, "bob", new IdentityResult.Authenticated(BOB))));

    assertThat(resolver.resolve(REQUEST)).isEqualTo(new IdentityResult.Authenticated(ALICE));
    assertThat(asked).containsExactly("none", "alice");
  }

  @Test
  void firstOfStopsAtARejectionEvenIfALaterResolverWouldAuthenticate() {
    List<String> asked = new ArrayList<>();
    IdentityResult rejected = IdentityResult.invalid("token expired");
    IdentityResolver resolver =
        IdentityResolver.firstOf(
            List.of(
                recording(asked, "jwt", rejected),
                recording(asked, "alice", new IdentityResult.Authenticated(ALICE))));

    assertThat(resolver.resolve(REQUEST)).isEqualTo(rejected);
    assertThat(asked).containsExactly("jwt");
  }

  @Test
  void firstOfStaysUnauthenticatedWhenNoResolverRecognizesTheRequest() {
    IdentityResult last = new IdentityResult.Unauthenticated(Set.of("orders:read"));
    IdentityResolver resolver =
        IdentityResolver.firstOf(
            List.of(request -> IdentityResult.unauthenticated(), request -> last));

    assertThat(resolver.resolve(REQUEST)).isEqualTo(last);
  }

  @Test
  void firstOfNeedsAtLeastOneResolver() {
    assertThatThrownBy(() -> IdentityResolver.firstOf(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void firstOfCopiesTheListOfResolvers() {
    List<IdentityResolver> resolvers = new ArrayList<>();
    resolvers.add(request -> IdentityResult.unauthenticated());
    IdentityResolver resolver = IdentityResolver.firstOf(resolvers);

    resolvers.add(request -> new IdentityResult.Authenticated(ALICE));

    assertThat(resolver.resolve(REQUEST)).isInstanceOf(IdentityResult.Unauthenticated.class);
  }

  @Test
  void firstOfRefusesAResolverThatAnswersNull() {
    IdentityResolver resolver = IdentityResolver.firstOf(List.of(request -> null));

    assertThatThrownBy(() -> resolver.resolve(REQUEST)).isInstanceOf(NullPointerException.class);
  }

  private static IdentityResolver recording(
      List<String> asked, String name, IdentityResult result) {
    return request -> {
      asked.add(name);
      return result;
    };
  }

  private static final class FakeRequest implements InboundRequest {
    @Override
    public String method() {
      return "POST";
    }

    @Override
    public String path() {
      return "/mcp";
    }

    @Override
    public @Nullable String header(String name) {
      return null;
    }

    @Override
    public List<String> headers(String name) {
      return List.of();
    }
  }
}
