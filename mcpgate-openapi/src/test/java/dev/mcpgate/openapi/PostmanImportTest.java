package dev.mcpgate.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.AuthRequirement;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PostmanImportTest {

  private static byte[] resource(String name) {
    try (InputStream in = PostmanImportTest.class.getResourceAsStream("/postman/" + name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static ImportResult importResource(String name) {
    return importResource(name, ImportOptions.defaults());
  }

  private static ImportResult importResource(String name, ImportOptions options) {
    return ApiImporter.importContent(resource(name), name, options);
  }

  private static ImportResult importText(String json) {
    return ApiImporter.importContent(json.getBytes(StandardCharsets.UTF_8), "inline.json",
        ImportOptions.defaults());
  }

  private static ToolDefinition tool(ImportResult result, String title) {
    return result.tools().stream().filter(tool -> title.equals(tool.title())).findFirst()
        .orElseThrow(() -> new AssertionError("no tool titled " + title + " in " + result));
  }

  private static JsonNode schema(ToolDefinition tool) {
    return SchemaChecks.JSON.readTree(tool.inputSchema());
  }

  /** The one declared requirement of a tool; inferred ones are the subject of their own tests. */
  private static AuthRequirement auth(ImportResult result, String title) {
    List<AuthRequirement> auth = tool(result, title).auth().stream()
        .filter(requirement -> requirement.origin() == AuthRequirement.Origin.DECLARED)
        .toList();
    assertThat(auth).hasSize(1);
    return auth.get(0);
  }

  // --- auth --------------------------------------------------------------------------------

  @Test
  void v21AuthArraysMapToRequirementsWithInheritanceAndOverrides() {
    ImportResult result = importResource("auth-v21.json");

    assertThat(auth(result, "Inherits collection api key"))
        .isEqualTo(new AuthRequirement.ApiKey(AuthRequirement.Location.QUERY, "api_key"));
    assertThat(auth(result, "Inherits folder bearer")).isEqualTo(new AuthRequirement.Bearer(null));
    assertThat(auth(result, "Explicit noauth")).isEqualTo(new AuthRequirement.None());
    assertThat(auth(result, "Signed with AWS")).isEqualTo(new AuthRequirement.Signed(
        AuthKind.AWS_SIG_V4, Map.of("service", "execute-api", "region", "eu-west-1")));
    assertThat(auth(result, "OAuth 2")).isEqualTo(new AuthRequirement.OAuth2(
        List.of("clientCredentials"), "https://api.example.com/oauth/token",
        List.of("read", "write")));
    assertThat(auth(result, "JWT"))
        .isEqualTo(new AuthRequirement.Signed(AuthKind.JWT, Map.of("algorithm", "HS256")));
    assertThat(auth(result, "NTLM")).isEqualTo(new AuthRequirement.Signed(AuthKind.NTLM, Map.of()));
    assertThat(auth(result, "EdgeGrid"))
        .isEqualTo(new AuthRequirement.Signed(AuthKind.EDGEGRID, Map.of()));
    assertThat(auth(result, "Something new")).isEqualTo(new AuthRequirement.Unknown("asap"));
    assertThat(auth(result, "Inherits folder noauth")).isEqualTo(new AuthRequirement.None());
    assertThat(auth(result, "Overrides with basic")).isEqualTo(new AuthRequirement.Basic());
  }

  @Test
  void v20AuthObjectsMapToRequirements() {
    ImportResult result = importResource("auth-v20.json");

    assertThat(result.source().formatVersion()).isEqualTo("2.0.0");
    assertThat(auth(result, "Header api key"))
        .isEqualTo(new AuthRequirement.ApiKey(AuthRequirement.Location.HEADER, "X-Api-Key"));
    assertThat(auth(result, "Basic")).isEqualTo(new AuthRequirement.Basic());
    assertThat(auth(result, "Digest"))
        .isEqualTo(new AuthRequirement.Signed(AuthKind.DIGEST, Map.of()));
    assertThat(auth(result, "OAuth 1")).isEqualTo(new AuthRequirement.Signed(AuthKind.OAUTH1,
        Map.of("signatureMethod", "HMAC-SHA256")));
    assertThat(auth(result, "Hawk")).isEqualTo(new AuthRequirement.Signed(AuthKind.HAWK, Map.of()));
  }

  @Test
  void noAuthAnywhereIsUnknownNeverNone() {
    ImportResult result = importResource("auth-v20.json");

    assertThat(auth(result, "No auth anywhere"))
        .isEqualTo(new AuthRequirement.Unknown("no auth declared"));
  }

  @Test
  void authCarryingInputsNeverReachTheSchema() {
    ImportResult v21 = importResource("auth-v21.json");
    ImportResult v20 = importResource("auth-v20.json");

    assertThat(schema(tool(v21, "Inherits collection api key")).path("properties")
        .propertyNames()).containsExactly("limit");
    assertThat(schema(tool(v21, "Inherits folder bearer")).path("properties").propertyNames())
        .isEmpty();
    assertThat(schema(tool(v21, "Signed with AWS")).path("properties").propertyNames())
        .isEmpty();
    assertThat(schema(tool(v20, "Header api key")).path("properties").propertyNames())
        .containsExactly("X-Request-Id");
    assertThat(schema(tool(v20, "OAuth 1")).path("properties").propertyNames())
        .containsExactly("q");
    for (ImportResult result : List.of(v21, v20)) {
      for (ToolDefinition tool : result.tools()) {
        assertThat(tool.http().parameters()).extracting(ParameterBinding::wireName)
            .doesNotContain("Authorization", "api_key", "X-Api-Key", "X-Amz-Date");
      }
    }
  }

  @Test
  void canarySecretsInAuthAndVariablesAppearNowhereInTheResult() {
    for (String file : List.of("auth-v21.json", "auth-v20.json")) {
      ImportResult result = importResource(file);
      StringBuilder everything = new StringBuilder(result.toString());
      for (ToolDefinition tool : result.tools()) {
        everything.append(tool.name()).append(tool.title()).append(tool.description())
            .append(tool.inputSchema()).append(tool.outputSchema()).append(tool.auth())
            .append(tool.http()).append(tool.metadata()).append(tool.tags());
      }
      result.warnings().forEach(warning -> everything.append(warning.toString()));
      assertThat(everything.toString()).as(file).doesNotContain("CANARY");
      if (file.equals("auth-v21.json")) {
        // Two requests share a name: the warning names them by identity, URL included.
        assertThat(result.warnings()).anySatisfy(warning ->
            assertThat(warning.message()).contains("is shared with another operation"));
      }
    }
  }

  @Test
  void aVariableAnAuthTakesItsCredentialFromIsNeverSubstituted() {
    ToolDefinition tool = tool(importResource("auth-v21.json"), "Overrides with basic");

    assertThat(tool.http().pathTemplate()).isEqualTo("/admin/{pw}");
    assertThat(tool(importResource("auth-v21.json"), "Inherits folder bearer").description())
        .isEqualTo("Secret is [redacted], password [redacted].");
  }

  @Test
  void credentialsQuotedInADescriptionAreRedacted() {
    ToolDefinition tool = tool(importResource("auth-v21.json"), "Inherits collection api key");

    assertThat(tool.description()).isEqualTo("Lists items. Use key [redacted] to try it.");
  }

  // --- inputs ------------------------------------------------------------------------------

  @Test
  void variablesWithValuesAreResolvedAndTheOthersBecomeInputs() {
    ToolDefinition tool = tool(importResource("inputs-v21.json"), "Get order line");

    assertThat(tool.http().serverUrl()).isEqualTo("https://shop.example.com");
    assertThat(tool.http().pathTemplate()).isEqualTo("/v2/orders/{orderId}/lines/{id}");
    assertThat(tool.http().parameters()).containsExactly(
        new ParameterBinding("orderId", ParameterBinding.Location.PATH, "orderId", null, null,
            true),
        new ParameterBinding("id", ParameterBinding.Location.PATH, "id", null, null, true),
        new ParameterBinding("expand", ParameterBinding.Location.QUERY, "expand", null, null,
            false),
        new ParameterBinding("query_id", ParameterBinding.Location.QUERY, "id", null, null,
            false),
        new ParameterBinding("X-Tenant", ParameterBinding.Location.HEADER, "X-Tenant", null,
            null, false),
        new ParameterBinding("header_id", ParameterBinding.Location.HEADER, "id", null, null,
            false));
  }

  @Test
  void inputSchemaFollowsTheSharedConvention() {
    ToolDefinition tool = tool(importResource("inputs-v21.json"), "Get order line");

    assertThat(tool.inputSchema()).isEqualTo("{\"type\":\"object\",\"properties\":{"
        + "\"orderId\":{\"type\":\"string\"},"
        + "\"id\":{\"type\":\"string\",\"description\":\"The line id\"},"
        + "\"expand\":{\"type\":\"string\",\"description\":\"Expand the items\"},"
        + "\"query_id\":{\"type\":\"string\"},"
        + "\"X-Tenant\":{\"type\":\"string\",\"description\":\"Tenant id\"},"
        + "\"header_id\":{\"type\":\"string\"}},"
        + "\"required\":[\"orderId\",\"id\"],\"additionalProperties\":false}");
    assertThat(tool.description()).isEqualTo("Reads one order line.");
    assertThat(tool.tags()).containsExactly("Orders");
    assertThat(tool.annotations()).isEqualTo(new ToolAnnotations(true, null, null, null));
    assertThat(tool.operationId()).isNull();
  }

  @Test
  void aSuccessfulSavedResponseGivesAnOutputSchemaByExample() {
    ToolDefinition tool = tool(importResource("inputs-v21.json"), "Get order line");

    assertThat(tool.outputSchema()).isEqualTo("{\"type\":\"object\",\"properties\":{"
        + "\"id\":{\"type\":\"integer\"},\"price\":{\"type\":\"number\"},"
        + "\"tags\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
        + "\"paid\":{\"type\":\"boolean\"},\"note\":{}}}");
  }

  @Test
  void aNonObjectSavedResponseIsWrappedAsResult() {
    ToolDefinition tool = tool(importResource("inputs-v21.json"), "Create order");

    assertThat(tool.outputSchema()).isEqualTo("{\"type\":\"object\",\"properties\":{"
        + "\"result\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
        + "\"id\":{\"type\":\"integer\"}}}}}}");
  }

  @Test
  void rawJsonBodyBecomesASchemaByExample() {
    ToolDefinition tool = tool(importResource("inputs-v21.json"), "Create order");

    assertThat(tool.http().bodyMediaType()).isEqualTo("application/json");
    assertThat(tool.http().parameters()).containsExactly(new ParameterBinding(
        "body", ParameterBinding.Location.BODY, null, null, null, true));
    JsonNode body = schema(tool).path("properties").path("body");
    assertThat(body.toString()).isEqualTo("{\"type\":\"object\",\"properties\":{"
        + "\"customer\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"},"
        + "\"vip\":{\"type\":\"boolean\"}}},"
        + "\"quantity\":{},"
        + "\"lines\":{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{"
        + "\"sku\":{\"type\":\"string\"},\"count\":{\"type\":\"integer\"},"
        + "\"price\":{\"type\":\"number\"}}}},"
        + "\"empty\":{\"type\":\"array\"}}}");
    assertThat(schema(tool).path("required").toString()).isEqualTo("[\"body\"]");
    assertThat(tool.annotations().readOnly()).isFalse();
  }

  @Test
  void invalidJsonBodyBecomesAStringWithAWarning() {
    ImportResult result = importResource("inputs-v21.json");
    ToolDefinition tool = tool(result, "Broken JSON body");

    assertThat(schema(tool).path("properties").path("body").toString())
        .isEqualTo("{\"type\":\"string\"}");
    assertThat(tool.annotations().idempotent()).isTrue();
    assertThat(result.warnings()).anySatisfy(warning -> {
      assertThat(warning.operation()).isEqualTo("Orders/Broken JSON body");
      assertThat(warning.message()).contains("not valid JSON");
    });
  }

  @Test
  void urlencodedFieldsAreBodyProperties() {
    ToolDefinition tool = tool(importResource("inputs-v21.json"), "Url encoded");

    assertThat(tool.http().bodyMediaType()).isEqualTo("application/x-www-form-urlencoded");
    assertThat(schema(tool).path("properties").path("body").toString())
        .isEqualTo("{\"type\":\"object\",\"properties\":{"
            + "\"grant_type\":{\"type\":\"string\",\"description\":\"The grant\"}}}");
  }

  @Test
  void formdataFilesAreBase64Strings() {
    ToolDefinition tool = tool(importResource("inputs-v21.json"), "Multipart");

    assertThat(tool.http().bodyMediaType()).isEqualTo("multipart/form-data");
    assertThat(schema(tool).path("properties").path("body").toString())
        .isEqualTo("{\"type\":\"object\",\"properties\":{\"title\":{\"type\":\"string\"},"
            + "\"document\":{\"type\":\"string\",\"contentEncoding\":\"base64\"}}}");
  }

  @Test
  void rawTextBodiesAreStrings() {
    ToolDefinition tool = tool(importResource("inputs-v21.json"), "Xml");

    assertThat(tool.http().bodyMediaType()).isEqualTo("application/xml");
    assertThat(schema(tool).path("properties").path("body").toString())
        .isEqualTo("{\"type\":\"string\"}");
  }

  @Test
  void colonPathVariablesArePathParameters() {
    ToolDefinition tool = tool(importResource("inputs-v21.json"), "Delete order");

    assertThat(tool.http().pathTemplate()).isEqualTo("/orders/{orderId}");
    assertThat(schema(tool).path("required").toString()).isEqualTo("[\"orderId\"]");
    assertThat(tool.annotations()).isEqualTo(new ToolAnnotations(false, true, true, null));
  }

  @Test
  void aRequestWithoutUrlIsSkippedWithAWarningNamingIt() {
    ImportResult result = importResource("inputs-v21.json");

    assertThat(result.tools()).extracting(ToolDefinition::title).doesNotContain("No URL");
    assertThat(result.warnings()).anySatisfy(warning -> {
      assertThat(warning.operation()).isEqualTo("No URL");
      assertThat(warning.message()).contains("/item/2").contains("no URL");
    });
  }

  @Test
  void anUnsetBaseUrlGivesSlashAndAWarning() {
    ImportResult result = importResource("inputs-v21.json");

    assertThat(tool(result, "Unset host").http().serverUrl()).isEqualTo("/");
    assertThat(result.warnings()).anySatisfy(warning -> {
      assertThat(warning.operation()).isEqualTo("Unset host");
      assertThat(warning.message()).contains("{{gatewayUrl}}").contains("must be configured");
    });
  }

  @Test
  void theServerUrlOptionReplacesTheCollectionsHosts() {
    ImportResult result = importResource("inputs-v21.json",
        ImportOptions.builder().serverUrl("https://gw.internal:8443").build());

    assertThat(result.tools()).allSatisfy(tool ->
        assertThat(tool.http().serverUrl()).isEqualTo("https://gw.internal:8443"));
  }

  @Test
  void anUnnamedRequestIsNamedFromMethodAndPath() {
    ImportResult result = importResource("inputs-v21.json");

    assertThat(result.tools()).extracting(ToolDefinition::name).contains("GET_unnamed");
  }

  @Test
  void sourceDescribesTheCollection() {
    ImportResult result = importResource("inputs-v21.json");

    assertThat(result.source()).isEqualTo(new ImportedSource("inputs-v21.json", "postman",
        "2.1.0", "Inputs", "1.2.3", List.of("https://shop.example.com")));
  }

  @Test
  void fixtureSchemasAreValidAndRegistrable() {
    for (String file : List.of("auth-v21.json", "auth-v20.json", "inputs-v21.json")) {
      ImportResult result = importResource(file);
      SchemaChecks.assertValidSchemas(result.tools());
      SchemaChecks.assertRegistrable(result.tools());
    }
  }

  @Test
  void graphqlBodiesTakeAQueryAndVariables() {
    ImportResult result = importText("{\"info\": {\"name\": \"g\", \"schema\": "
        + "\"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"},"
        + " \"item\": [{\"name\": \"q\", \"request\": {\"method\": \"POST\","
        + " \"url\": \"https://g.example/graphql\","
        + " \"body\": {\"mode\": \"graphql\", \"graphql\": {\"query\": \"{ me }\"}}}}]}");

    ToolDefinition tool = result.tools().get(0);
    assertThat(tool.http().bodyMediaType()).isEqualTo("application/json");
    assertThat(schema(tool).path("properties").path("body").path("required").toString())
        .isEqualTo("[\"query\"]");
  }

  @Test
  void v20TextHeadersAreReadAndTheirAuthorizationDropped() {
    ImportResult result =
        ApiImporter.importFile(Specs.require("postman/postmanlabs-digest.json"),
            ImportOptions.defaults());

    assertThat(result.tools()).allSatisfy(tool -> assertThat(tool.http().parameters())
        .extracting(ParameterBinding::location)
        .doesNotContain(ParameterBinding.Location.HEADER));
    assertThat(result.tools()).allSatisfy(tool ->
        assertThat(tool.inputSchema()).doesNotContain("Hawk").doesNotContain("Authorization"));
  }

  // --- bad input ---------------------------------------------------------------------------

  @Test
  void brokenJsonFailsWithLineAndColumn() {
    String broken = "{\"info\": {\"schema\": "
        + "\"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"},\n"
        + "  \"item\": [ {\"name\": } ]\n}";

    assertThatThrownBy(() -> importText(broken))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith("inline.json:2")
        .hasMessageContaining("not valid JSON (line 2, column")
        .satisfies(e -> assertThat(((ImportException) e).line()).isEqualTo(2))
        .hasNoCause();
  }

  @Test
  void anUnknownSchemaVersionIsRefusedClearly() {
    String v3 = "{\"info\": {\"name\": \"x\", \"schema\": "
        + "\"https://schema.getpostman.com/json/collection/v3.0.0/collection.json\"},"
        + " \"item\": []}";

    assertThatThrownBy(() -> importText(v3))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("inline.json at /info/schema")
        .hasMessageContaining("only v2.0 and v2.1 are supported");
  }

  @Test
  void aV1CollectionIsRefusedWithAdvice() {
    String v1 = "{\"id\": \"x\", \"name\": \"old\", \"_postman_id\": \"1\","
        + " \"order\": [], \"requests\": []}";

    assertThatThrownBy(() -> importText(v1))
        .isInstanceOf(ImportException.class)
        .hasMessageContaining("v1 is not supported")
        .hasMessageContaining("v2.1");
  }

  @Test
  void aCollectionWithoutItemsIsRefusedSayingWhere() {
    String noItems = "{\"info\": {\"name\": \"x\", \"schema\": "
        + "\"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"},"
        + " \"item\": \"oops\"}";

    assertThatThrownBy(() -> importText(noItems))
        .isInstanceOf(ImportException.class)
        .hasMessage("inline.json at /item: a Postman collection needs an 'item' array of "
            + "requests and folders");
  }

  @Test
  void malformedItemsAreSkippedWithWarningsWhileTheRestImports() {
    String mixed = "{\"info\": {\"name\": \"x\", \"schema\": "
        + "\"https://schema.getpostman.com/json/collection/v2.1.0/collection.json\"},"
        + " \"item\": [42, {\"name\": \"odd\"}, {\"name\": \"folder\", \"item\": {}},"
        + " {\"name\": \"bad method\", \"request\": {\"method\": \"G T\", \"url\": \"http://a.b/c\"}},"
        + " {\"name\": \"fine\", \"request\": \"http://a.example/ok\"}]}";

    ImportResult result = importText(mixed);

    assertThat(result.tools()).extracting(ToolDefinition::title).containsExactly("fine");
    assertThat(result.warnings()).hasSize(4);
  }
}
