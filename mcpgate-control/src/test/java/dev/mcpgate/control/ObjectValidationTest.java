package dev.mcpgate.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Objects and commands refuse bad values when they are made, with messages that say why. */
class ObjectValidationTest {

  private static final Instant NOW = Instant.parse("2026-12-07T00:00:00Z");

  private static ObjectMeta meta(String id) {
    return ObjectMeta.created(id, Owner.API, "t", NOW);
  }

  @Test
  void aSourceCannotPublishARevisionItDoesNotHave() {
    assertThatThrownBy(() -> new Source(meta("pets"), null, false, 1,
        Map.of("production", 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment production names revision 2, which source pets does not have");
  }

  @Test
  void aSourceListsItsEnvironmentsSortedByName() {
    Map<String, Integer> published = new LinkedHashMap<>();
    for (String environment : List.of("staging", "production", "eu", "sandbox", "qa")) {
      published.put(environment, 1);
    }
    Source source = new Source(meta("pets"), null, false, 1, published);

    assertThat(source.published().keySet())
        .containsExactly("eu", "production", "qa", "sandbox", "staging");
  }

  @Test
  void aSourceUsesTheBindingItsSettingsNameElseTheOneNamedLikeIt() {
    assertThat(ImportSettings.defaults().bindingFor("pets"))
        .isEqualTo("pets");
    assertThat(
        ImportSettings.builder().binding("pets-key").build().bindingFor("pets"))
        .isEqualTo("pets-key");
  }

  @Test
  void idsAreNamesAndCompositeIdsFollowTheirParts() {
    assertThatThrownBy(() -> new Command.CreateClient("acme corp", null, null, Set.of()))
        .hasMessageContaining("client id must be 1 to 64 of");
    assertThatThrownBy(() -> new Profile(meta("acme/other"), "acme", "sandbox", false))
        .hasMessageContaining("CLIENT/PROFILE");
    assertThatThrownBy(() -> new Actor("a b", Role.ADMIN, Surface.CLI))
        .hasMessageContaining("actor id");
  }

  @Test
  void aReviewIsEitherPendingOrDecidedBySomeoneAtSomeTime() {
    Evidence evidence = new Evidence(List.of(), List.of(),
        List.of(), List.of(), new RevisionDiff(0, List.of(),
            List.of(), List.of(), List.of(), false,
            List.of(), List.of(), List.of(), List.of()));

    assertThatThrownBy(() -> new Review(meta("pets@1"), "pets", 1, ReviewStatus.APPROVED,
        evidence, null, null, null)).hasMessageContaining("names who decided when");
    assertThatThrownBy(() -> new Review(meta("pets@1"), "pets", 1, ReviewStatus.PENDING,
        evidence, "anna", NOW, null)).hasMessageContaining("names who decided when");
  }

  @Test
  void aLimitNeedsAQuotaTheRateLimiterAccepts() {
    assertThatThrownBy(() -> new LimitDefinition("l", LimitDefinition.Scope.TOOL, "listPets",
        0, Duration.ofMinutes(1))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LimitDefinition("l", LimitDefinition.Scope.TOOL, " ",
        1, Duration.ofMinutes(1))).hasMessage("a limit needs a target");
    assertThatThrownBy(() -> new LimitDefinition("l", LimitDefinition.Scope.EACH_CALLER, "acme",
        1, Duration.ofMinutes(1)))
        .hasMessage("an each_caller limit counts every caller: its target is *");
  }

  @Test
  void aRevisionStartsAtOne() {
    assertThatThrownBy(() -> new ObjectMeta("a", 0, Owner.API, "t", NOW, "t", NOW))
        .hasMessage("a revision starts at 1");
  }

  @Test
  void importSettingsNameTheWrongFieldWithoutQuotingItsValue() {
    assertThatThrownBy(() -> ImportSettings.builder().baseUrl("ftp://files.example.com").build())
        .hasMessage("baseUrl must be an absolute http or https URL");
    assertThatThrownBy(() -> ImportSettings.builder()
        .baseUrl("https://user:s3cret@api.example.com").build())
        .hasMessage("baseUrl must not carry credentials; use a binding")
        .message().doesNotContain("s3cret");
    assertThatThrownBy(() -> ImportSettings.builder().toolPrefix("way-too-long-a-prefix").build())
        .hasMessage("toolPrefix must be 1 to 16 of A-Z a-z 0-9 _ -, starting with a letter or"
            + " digit");
    assertThatThrownBy(() -> ImportSettings.builder()
        .credentialParameters(List.of("body:token")).build())
        .hasMessage("credentialParameters: each entry is a name or header:NAME, query:NAME or"
            + " cookie:NAME");
    assertThatThrownBy(() -> ImportSettings.builder().credentialParameters(List.of("key"))
        .inputParameters(List.of("KEY")).build())
        .hasMessageContaining("both in credentialParameters and in inputParameters");
    assertThatThrownBy(() -> ImportSettings.builder().operations(List.of(" ")).build())
        .hasMessage("operations lists an empty operation id");
    assertThatThrownBy(() -> ImportSettings.builder().binding("a b").build())
        .hasMessageContaining("binding must be 1 to 64 of");
  }

  @Test
  void importSettingsSortTheirOperationsAndSayWhatDiffersFromTheDefaults() {
    ImportSettings settings = ImportSettings.builder().operations(List.of("b", "a", "b"))
        .toolPrefix("gh").build();

    assertThat(settings.operations()).containsExactly("a", "b");
    assertThat(settings.describe())
        .isEqualTo("toolPrefix gh, operations a,b");
    assertThat(ImportSettings.defaults().describe())
        .isEqualTo("defaults");
  }
}
