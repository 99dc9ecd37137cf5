package dev.mcpgate.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.AuthRequirement;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.ToolDefinition;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

class PostmanRealCollectionsTest {

  private static final String PAYPAL_CHECKOUT =
      "postman/paypal-checkout-flows.postman_collection.json";
  private static final String PAYPAL_PARTNER =
      "postman/paypal-partner-apis.postman_collection.json";

  private static ImportResult importSpec(Path file) {
    return ApiImporter.importFile(file, ImportOptions.defaults());
  }

  /** Each request's auth type after inheritance, found by walking the file independently. */
  private static List<String> effectiveAuthTypes(Path file) throws Exception {
    JsonNode root = SchemaChecks.JSON.readTree(file.toFile());
    List<String> types = new ArrayList<>();
    collect(root.path("item"), type(root.get("auth"), null), types);
    return types;
  }

  private static void collect(JsonNode items, String inherited, List<String> into) {
    for (JsonNode item : items) {
      if (item.has("item")) {
        collect(item.get("item"), type(item.get("auth"), inherited), into);
      } else if (item.has("request")) {
        into.add(type(item.path("request").get("auth"), inherited));
      }
    }
  }

  private static String type(JsonNode auth, String inherited) {
    return auth == null || auth.isNull() ? inherited : auth.path("type").asString();
  }

  private static String kindOf(String postmanType) {
    return switch (postmanType == null ? "" : postmanType) {
      case "bearer" -> "bearer";
      case "basic" -> "basic";
      case "noauth" -> "none";
      default -> "unexpected " + postmanType;
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {PAYPAL_CHECKOUT, PAYPAL_PARTNER})
  void everyPayPalRequestBecomesExactlyOneTool(String spec) throws Exception {
    Path file = Specs.require(spec);
    ImportResult result = importSpec(file);

    List<String> authTypes = effectiveAuthTypes(file);
    assertThat(result.tools()).hasSize(authTypes.size());
    assertThat(authTypes.size()).isEqualTo(spec.equals(PAYPAL_CHECKOUT) ? 43 : 45);
  }

  @ParameterizedTest
  @ValueSource(strings = {PAYPAL_CHECKOUT, PAYPAL_PARTNER})
  void payPalToolsInheritTheCollectionBearerAuthUnlessTheyOverrideIt(String spec)
      throws Exception {
    Path file = Specs.require(spec);
    ImportResult result = importSpec(file);

    List<String> expected = effectiveAuthTypes(file).stream().map(
        PostmanRealCollectionsTest::kindOf).toList();
    List<String> actual = result.tools().stream()
        .map(tool -> tool.auth().get(0).kind().wireName()).toList();
    assertThat(actual).isEqualTo(expected);
    assertThat(actual).filteredOn("bearer"::equals).hasSizeGreaterThan(actual.size() / 2);
    // Beside its one declared requirement, a tool may list one inferred from a parameter: a
    // request marked noauth that still sends an Authorization header of its own.
    assertThat(result.tools()).allSatisfy(tool -> {
      assertThat(tool.auth()).filteredOn(a -> a.origin() == AuthRequirement.Origin.DECLARED)
          .hasSize(1);
      assertThat(tool.auth()).filteredOn(a -> a.origin() == AuthRequirement.Origin.INFERRED)
          .allSatisfy(a -> assertThat(a.kind().wireName()).isEqualTo("bearer"));
    });
  }

  @ParameterizedTest
  @ValueSource(strings = {PAYPAL_CHECKOUT, PAYPAL_PARTNER})
  void payPalToolNamesAreValidAndUnique(String spec) {
    ImportResult result = importSpec(Specs.require(spec));

    Set<String> names = new HashSet<>();
    for (ToolDefinition tool : result.tools()) {
      assertThat(tool.name()).matches("^[A-Za-z0-9_-]{1,64}$");
      assertThat(names.add(tool.name())).as("unique " + tool.name()).isTrue();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {PAYPAL_CHECKOUT, PAYPAL_PARTNER})
  void payPalSchemasCarryNoAuthInputs(String spec) {
    ImportResult result = importSpec(Specs.require(spec));

    for (ToolDefinition tool : result.tools()) {
      JsonNode properties = SchemaChecks.JSON.readTree(tool.inputSchema()).path("properties");
      for (String name : properties.propertyNames()) {
        // Business ids such as authorization_id or a path :token stay; credentials do not.
        assertThat(name.toLowerCase(Locale.ROOT)).as(tool.name())
            .isNotIn("authorization", "access_token", "api_key", "client_secret");
      }
      for (ParameterBinding binding : tool.http().parameters()) {
        if (binding.wireName() != null) {
          assertThat(binding.wireName().toLowerCase(Locale.ROOT)).as(tool.name())
              .isNotEqualTo("authorization");
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {PAYPAL_CHECKOUT, PAYPAL_PARTNER})
  void payPalToolsCallTheSandboxWithPathVariablesAsInputs(String spec) {
    ImportResult result = importSpec(Specs.require(spec));

    assertThat(result.source().format()).isEqualTo("postman");
    assertThat(result.source().formatVersion()).isEqualTo("2.0.0");
    assertThat(result.source().servers()).containsExactly("https://api-m.sandbox.paypal.com");
    assertThat(result.tools()).allSatisfy(tool ->
        assertThat(tool.http().serverUrl()).isEqualTo("https://api-m.sandbox.paypal.com"));
    assertThat(result.tools())
        .anySatisfy(tool -> assertThat(tool.http().pathTemplate()).contains("{order_id}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {PAYPAL_CHECKOUT, PAYPAL_PARTNER,
      "postman/postmanlabs-collection-v2.json", "postman/postmanlabs-digest.json",
      "postman/postmanlabs-hawk.json", "postman/postmanlabs-oauth1.json",
      "postman/postmanlabs-nested-v2-collection.json"})
  void everySchemaIsValid2020_12AndRegistrable(String spec) {
    ImportResult result = importSpec(Specs.require(spec));

    assertThat(result.tools()).isNotEmpty();
    SchemaChecks.assertValidSchemas(result.tools());
    SchemaChecks.assertRegistrable(result.tools());
  }

  @Test
  void digestRequestIsDetectedAsDigest() {
    ImportResult result = importSpec(Specs.require("postman/postmanlabs-digest.json"));

    assertThat(result.tools()).extracting(tool -> tool.auth().get(0).kind())
        .contains(AuthKind.DIGEST).doesNotContain(AuthKind.UNKNOWN);
  }

  @Test
  void hawkRequestIsDetectedAsHawk() {
    ImportResult result = importSpec(Specs.require("postman/postmanlabs-hawk.json"));

    assertThat(result.tools()).singleElement().satisfies(tool -> {
      assertThat(tool.auth()).containsExactly(new AuthRequirement.Signed(AuthKind.HAWK,
          java.util.Map.of()));
      assertThat(tool.inputSchema()).doesNotContainIgnoringCase("authorization");
    });
  }

  @Test
  void oauth1RequestIsDetectedAsOauth1WithItsSignatureMethodOnly() {
    ImportResult result = importSpec(Specs.require("postman/postmanlabs-oauth1.json"));

    assertThat(result.tools()).singleElement().satisfies(tool -> {
      assertThat(tool.auth()).containsExactly(new AuthRequirement.Signed(AuthKind.OAUTH1,
          java.util.Map.of("signatureMethod", "HMAC-SHA1")));
      // The description quotes the consumer secret; it is redacted.
      assertThat(tool.description()).doesNotContain("D+EdQ-gs$-%@2Nu7").contains("[redacted]");
      assertThat(tool.toString()).doesNotContain("RKCGzna7bv9YD57c");
    });
  }

  @Test
  void nestedFoldersBecomeTagsFromTheRootDown() {
    ImportResult result = importSpec(
        Specs.require("postman/postmanlabs-nested-v2-collection.json"));

    assertThat(result.tools()).extracting(ToolDefinition::title)
        .containsExactly("F1.R1", "F1.R2", "F1.R3", "F2.F3.R1", "F2.R1", "R1");
    assertThat(result.tools()).extracting(ToolDefinition::tags).containsExactly(
        List.of("F1"), List.of("F1"), List.of("F1"), List.of("F2", "F2.F3"), List.of("F2"),
        List.of());
    // Nothing in the chain declares auth: unknown, never none.
    assertThat(result.tools()).allSatisfy(tool -> assertThat(tool.auth())
        .containsExactly(new AuthRequirement.Unknown("no auth declared")));
  }

  @Test
  void theFormatsReferenceExampleReads() {
    ImportResult result = importSpec(
        Specs.require("postman/postmanlabs-collection-v2.json"));

    assertThat(result.source().title()).isEqualTo("HTTP Status Messages");
    assertThat(result.tools()).isNotEmpty();
    assertThat(result.tools()).allSatisfy(tool ->
        assertThat(tool.http().serverUrl()).startsWith("http"));
    // http://shamasis:pass@echo.getpostman.com:9443/...: the user and password are dropped.
    assertThat(result.tools()).extracting(tool -> tool.http().serverUrl())
        .contains("http://echo.getpostman.com:9443");
    assertThat(result.toString()).doesNotContain("shamasis").doesNotContain(":pass@");
  }
}
