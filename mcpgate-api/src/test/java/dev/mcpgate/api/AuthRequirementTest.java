package dev.mcpgate.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class AuthRequirementTest {

  /** The kinds that have a record of their own, one requirement each. */
  static Stream<AuthRequirement> ownRecords() {
    return Stream.of(
        new AuthRequirement.None(),
        new AuthRequirement.Unknown(""),
        new AuthRequirement.ApiKey(AuthRequirement.Location.HEADER, "X-Api-Key"),
        new AuthRequirement.Basic(),
        new AuthRequirement.Bearer(null),
        new AuthRequirement.HttpScheme("negotiate"),
        new AuthRequirement.OAuth2(List.of("clientCredentials"), "https://idp/token", List.of()),
        new AuthRequirement.OpenIdConnect(
            "https://idp/.well-known/openid-configuration", List.of()),
        new AuthRequirement.MutualTls());
  }

  static Stream<AuthRequirement> everyKind() {
    Set<AuthKind> own = EnumSet.noneOf(AuthKind.class);
    ownRecords().forEach(requirement -> own.add(requirement.kind()));
    return Stream.concat(
        ownRecords(),
        EnumSet.complementOf(EnumSet.copyOf(own)).stream()
            .map(kind -> new AuthRequirement.Signed(kind, Map.of())));
  }

  @ParameterizedTest
  @MethodSource("everyKind")
  void noRequirementIsEverVisibleToTheCaller(AuthRequirement requirement) {
    assertThat(requirement.callerVisible()).isFalse();
  }

  @Test
  void everyKindHasARequirement() {
    assertThat(everyKind().map(AuthRequirement::kind)).containsExactlyInAnyOrder(AuthKind.values());
  }

  @ParameterizedTest
  @MethodSource("ownRecords")
  void signedRefusesKindsThatHaveARecordOfTheirOwn(AuthRequirement requirement) {
    assertThatThrownBy(() -> new AuthRequirement.Signed(requirement.kind(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(requirement.kind().wireName());
  }

  @ParameterizedTest
  @EnumSource(
      value = AuthKind.class,
      names = {
        "DIGEST",
        "HMAC",
        "AWS_SIG_V4",
        "OAUTH1",
        "HAWK",
        "NTLM",
        "EDGEGRID",
        "JWT",
        "COOKIE"
      })
  void signedAcceptsKindsDescribedByNamedStrings(AuthKind kind) {
    AuthRequirement.Signed signed = new AuthRequirement.Signed(kind, Map.of("region", "eu-west-1"));

    assertThat(signed.kind()).isEqualTo(kind);
    assertThat(signed.parameters()).containsEntry("region", "eu-west-1");
  }

  @Test
  void anApiKeyNeedsAParameterName() {
    assertThatThrownBy(() -> new AuthRequirement.ApiKey(AuthRequirement.Location.QUERY, " "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void oauth2CopiesItsLists() {
    List<String> scopes = new ArrayList<>(List.of("read"));
    AuthRequirement.OAuth2 oauth2 = new AuthRequirement.OAuth2(List.of(), null, scopes);

    scopes.add("write");

    assertThat(oauth2.scopes()).containsExactly("read");
  }

  @ParameterizedTest
  @MethodSource("everyKind")
  void theFormerConstructorsMeanDeclared(AuthRequirement requirement) {
    assertThat(requirement.origin()).isEqualTo(AuthRequirement.Origin.DECLARED);
  }

  @Test
  void anInferredRequirementDiffersFromTheDeclaredOneOnlyByItsOrigin() {
    var declared = new AuthRequirement.ApiKey(AuthRequirement.Location.QUERY, "key");
    var inferred = new AuthRequirement.ApiKey(
        AuthRequirement.Location.QUERY, "key", AuthRequirement.Origin.INFERRED);

    assertThat(inferred.origin().wireName()).isEqualTo("inferred");
    assertThat(inferred).isNotEqualTo(declared);
    assertThat(inferred.kind()).isEqualTo(declared.kind());
    assertThat(inferred.callerVisible()).isFalse();
    assertThat(new AuthRequirement.Bearer(null, AuthRequirement.Origin.INFERRED).origin())
        .isEqualTo(AuthRequirement.Origin.INFERRED);
    assertThat(new AuthRequirement.OAuth2(List.of(), null, List.of(),
        AuthRequirement.Origin.INFERRED).origin()).isEqualTo(AuthRequirement.Origin.INFERRED);
  }
}
