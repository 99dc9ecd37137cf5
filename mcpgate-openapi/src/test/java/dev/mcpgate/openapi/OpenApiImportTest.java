package dev.mcpgate.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.AuthRequirement;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.ToolResult;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Imports small hand-written OpenAPI 3.0, 3.1 and Swagger 2.0 descriptions. */
class OpenApiImportTest {

  private static ImportResult petstore;
  private static ImportResult nullable;

  static Path resource(String name) {
    try {
      return Path.of(OpenApiImportTest.class.getResource("/openapi/" + name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  static void importFixtures() {
    petstore = ApiImporter.importFile(resource("petstore-31.yaml"), ImportOptions.defaults());
    nullable = ApiImporter.importFile(resource("nullable-30.json"), ImportOptions.defaults());
  }

  private static ToolDefinition tool(ImportResult result, String operationId) {
    return result.tools().stream().filter(t -> operationId.equals(t.operationId())).findFirst()
        .orElseThrow(() -> new AssertionError("no tool for " + operationId + " in "
            + result.tools().stream().map(ToolDefinition::name).toList()));
  }

  private static JsonNode input(ToolDefinition tool) {
    return SchemaChecks.tree(tool.inputSchema());
  }

  @Test
  void readsOpenApi31FromYaml() {
    assertThat(petstore.source().format()).isEqualTo("openapi");
    assertThat(petstore.source().formatVersion()).isEqualTo("3.1.0");
    assertThat(petstore.source().title()).isEqualTo("Pet store (3.1)");
    assertThat(petstore.tools()).extracting(ToolDefinition::name).contains("getPet", "listPets",
        "createPet", "put_upload");
  }

  @Test
  void everyFixtureSchemaIsValidJsonSchema2020AndRegisters() {
    McpGateway.Builder gateway = McpGateway.builder();
    for (ImportResult result : List.of(petstore, nullable)) {
      for (ToolDefinition tool : result.tools()) {
        assertThat(SchemaChecks.metaErrors(tool.inputSchema())).as(tool.name()).isEmpty();
        if (tool.outputSchema() != null) {
          assertThat(SchemaChecks.metaErrors(tool.outputSchema())).as(tool.name()).isEmpty();
        }
        gateway.tool(tool.toBuilder().name(tool.name() + "_" + result.source().formatVersion()
            .replace('.', '_')).build(), call -> ToolResult.text("ok"));
      }
    }
    assertThat(gateway.build().tools()).isNotNull();
  }

  @Test
  void toolCarriesTitleDescriptionTagsAndBinding() {
    ToolDefinition get = tool(petstore, "getPet");
    assertThat(get.title()).isEqualTo("Get a pet");
    assertThat(get.description()).isEqualTo("Get a pet\n\nReturns one pet.");
    assertThat(get.tags()).containsExactly("pets");
    assertThat(get.annotations().readOnly()).isTrue();
    HttpOperation http = get.http();
    assertThat(http.method()).isEqualTo("GET");
    assertThat(http.serverUrl()).isEqualTo("https://eu.pets.example.com/v1");
    assertThat(http.pathTemplate()).isEqualTo("/pets/{petId}");
    assertThat(http.parameters()).extracting(ParameterBinding::argument)
        .containsExactly("petId", "id", "header_id");
    assertThat(http.parameters().get(2).location()).isEqualTo(ParameterBinding.Location.HEADER);
    assertThat(http.parameters().get(2).wireName()).isEqualTo("id");
    JsonNode schema = input(get);
    assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(schema.path("required").get(0).asString()).isEqualTo("petId");
    assertThat(schema.at("/properties/petId/description").asString()).isEqualTo("The pet's id");
  }

  @Test
  void annotationsFollowTheMethod() {
    ToolDefinition delete = tool(petstore, "deletePet");
    assertThat(delete.annotations().destructive()).isTrue();
    assertThat(delete.annotations().idempotent()).isTrue();
    assertThat(tool(petstore, "createPet").annotations().readOnly()).isFalse();
  }

  @Test
  void apiKeyInHeaderAndAuthorizationHeaderAreNeverInputs() {
    ToolDefinition get = tool(petstore, "getPet");
    assertThat(get.auth()).containsExactly(
        new AuthRequirement.ApiKey(AuthRequirement.Location.HEADER, "X-API-Key"));
    assertThat(input(get).path("properties").has("X-API-Key")).isFalse();
    assertThat(input(get).path("properties").has("Authorization")).isFalse();
    assertThat(input(tool(petstore, "getOidc")).path("properties").has("Authorization")).isFalse();
  }

  @Test
  void apiKeyInQueryIsNotAnInputAndAlternativesAreListed() {
    ToolDefinition list = tool(petstore, "listPets");
    assertThat(list.auth()).containsExactly(
        new AuthRequirement.ApiKey(AuthRequirement.Location.QUERY, "api_key"),
        new AuthRequirement.Bearer("JWT"));
    assertThat(input(list).path("properties").propertyNames()).containsExactly("limit");
    ParameterBinding limit = list.http().parameters().get(0);
    assertThat(limit.style()).isEqualTo("form");
    assertThat(limit.explode()).isFalse();
  }

  @Test
  void apiKeyCookieIsNotAnInputButOtherCookiesAre() {
    ToolDefinition session = tool(petstore, "getSession");
    assertThat(session.auth()).containsExactly(
        new AuthRequirement.ApiKey(AuthRequirement.Location.COOKIE, "session"));
    assertThat(session.http().parameters()).extracting(ParameterBinding::wireName)
        .containsExactly("theme");
  }

  @Test
  void emptySecurityIsNone() {
    assertThat(tool(petstore, "getPublic").auth()).containsExactly(new AuthRequirement.None());
  }

  @Test
  void noSecurityAnywhereIsUnknownNeverNone() {
    assertThat(tool(nullable, "createThing").auth())
        .containsExactly(new AuthRequirement.Unknown("no security information"));
  }

  @Test
  void oauth2KeepsFlowsTokenUrlAndScopes() {
    assertThat(tool(petstore, "createPet").auth()).containsExactly(new AuthRequirement.OAuth2(
        List.of("authorizationCode", "clientCredentials"), "https://auth.example.com/cc-token",
        List.of("write:pets")));
  }

  @Test
  void openIdConnectMutualTlsDigestAndOtherHttpSchemes() {
    assertThat(tool(petstore, "getOidc").auth()).containsExactly(new AuthRequirement.OpenIdConnect(
        "https://auth.example.com/.well-known/openid-configuration", List.of("openid", "profile")));
    assertThat(tool(petstore, "getMtls").auth()).containsExactly(new AuthRequirement.MutualTls());
    assertThat(tool(petstore, "getDigest").auth()).containsExactly(
        new AuthRequirement.Signed(AuthKind.DIGEST, Map.of()),
        new AuthRequirement.HttpScheme("negotiate"));
  }

  @Test
  void jsonBodyIsPreferredAndRecursiveSchemasBecomeDefs() {
    ToolDefinition create = tool(petstore, "createPet");
    assertThat(create.http().bodyMediaType()).isEqualTo("application/json");
    ParameterBinding body = create.http().parameters().get(0);
    assertThat(body).isEqualTo(new ParameterBinding(
        "body", ParameterBinding.Location.BODY, null, null, null, true));
    JsonNode schema = input(create);
    assertThat(schema.at("/properties/body/$ref").asString()).isEqualTo("#/$defs/Pet");
    assertThat(schema.at("/$defs/Pet/properties/children/items/$ref").asString())
        .isEqualTo("#/$defs/Pet");
    assertThat(schema.at("/$defs/Owner/properties/pets/items/$ref").asString())
        .isEqualTo("#/$defs/Pet");
    assertThat(schema.path("required").toString()).isEqualTo("[\"body\"]");
  }

  @Test
  void readOnlyPropertiesLeaveRequestsAndWriteOnlyLeaveResponses() {
    ToolDefinition create = tool(petstore, "createPet");
    JsonNode request = input(create).at("/$defs/Pet");
    assertThat(request.path("properties").has("id")).isFalse();
    assertThat(request.path("properties").has("secret")).isTrue();
    assertThat(request.path("required").toString()).isEqualTo("[\"name\"]");
    JsonNode response = SchemaChecks.tree(create.outputSchema()).at("/$defs/Pet");
    assertThat(response.path("properties").has("id")).isTrue();
    assertThat(response.path("properties").has("secret")).isFalse();
  }

  @Test
  void nonObjectResponsesAreWrappedInResult() {
    ToolDefinition list = tool(petstore, "listPets");
    JsonNode output = SchemaChecks.tree(list.outputSchema());
    assertThat(output.path("type").asString()).isEqualTo("object");
    assertThat(output.at("/properties/result/type").asString()).isEqualTo("array");
    assertThat(list.metadata()).containsEntry("outputSchemaWrapped", "result");
    assertThat(tool(petstore, "getPet").metadata()).doesNotContainKey("outputSchemaWrapped");
  }

  @Test
  void nullableBecomesATypeUnionOrAnyOfWithNull() {
    JsonNode thing = input(tool(nullable, "createThing")).at("/$defs/Thing/properties");
    assertThat(thing.at("/label/type").toString()).isEqualTo("[\"string\",\"null\"]");
    assertThat(thing.at("/color/enum").toString()).isEqualTo("[\"red\",\"blue\",null]");
    assertThat(thing.at("/parent/anyOf/1/type").asString()).isEqualTo("null");
    assertThat(thing.at("/parent/anyOf/0/allOf/0/$ref").asString()).isEqualTo("#/$defs/Node");
  }

  @Test
  void openApi30KeywordsAreTranslated() {
    JsonNode thing = input(tool(nullable, "createThing")).at("/$defs/Thing");
    assertThat(thing.at("/properties/count/exclusiveMinimum").asInt()).isZero();
    assertThat(thing.at("/properties/count").has("minimum")).isFalse();
    assertThat(thing.at("/properties/count/maximum").asInt()).isEqualTo(10);
    assertThat(thing.at("/properties/count").has("exclusiveMaximum")).isFalse();
    assertThat(thing.at("/properties/label/examples/0").asString()).isEqualTo("a label");
    assertThat(thing.has("discriminator")).isFalse();
    assertThat(thing.has("xml")).isFalse();
    assertThat(thing.has("x-internal")).isFalse();
    assertThat(thing.path("required").toString()).isEqualTo("[\"label\"]");
  }

  @Test
  void formBodyIsPreferredOverMultipartWhenThereIsNoJson() {
    assertThat(tool(nullable, "createThing").http().bodyMediaType())
        .isEqualTo("application/x-www-form-urlencoded");
  }

  @Test
  void externalFileReferencesAreFollowed() {
    JsonNode schema = input(tool(nullable, "createThing"));
    assertThat(schema.at("/$defs/Address/properties/country/$ref").asString())
        .isEqualTo("#/$defs/Country");
    assertThat(schema.at("/$defs/Country/enum").toString()).isEqualTo("[\"FR\",\"DE\"]");
  }

  @Test
  void externalReferencesOutsideTheDescriptionsDirectoryAreNotFollowed() {
    ImportResult result = ApiImporter.importFile(resource("escape.yaml"), ImportOptions.defaults());
    assertThat(result.tools()).extracting(ToolDefinition::name).containsExactly("fine");
    assertThat(result.warnings()).anySatisfy(warning -> {
      assertThat(warning.operation()).isEqualTo("POST /leak");
      assertThat(warning.message()).contains("outside the description's directory");
    });
  }

  @Test
  void externalReferencesAreNotFollowedForContentWithoutAFile() throws java.io.IOException {
    byte[] content = java.nio.file.Files.readAllBytes(resource("nullable-30.json"));
    ImportResult result = ApiImporter.importContent(content, "uploaded.json",
        ImportOptions.defaults());
    assertThat(result.tools()).extracting(ToolDefinition::name).containsExactly("getTree");
    assertThat(result.warnings()).anyMatch(w -> w.message().contains("not read from a local file"));
  }

  @Test
  void aBrokenFileFailsNamingTheFileAndTheLine() {
    Path broken = resource("broken.yaml");
    assertThatThrownBy(() -> ApiImporter.importFile(broken, ImportOptions.defaults()))
        .isInstanceOf(ImportException.class)
        .hasMessageStartingWith(broken.toString() + ":")
        .hasMessageContaining("not valid YAML")
        .satisfies(e -> {
          assertThat(((ImportException) e).location()).isEqualTo(broken.toString());
          assertThat(((ImportException) e).line()).isBetween(8, 10);
          assertThat(e.getMessage()).doesNotContain("\tat ");
        });
  }

  @Test
  void missingServerFallsBackToSlashWithAWarning() {
    assertThat(tool(nullable, "getTree").http().serverUrl()).isEqualTo("/");
    assertThat(nullable.warnings()).anyMatch(w -> w.message().contains("no server"));
  }

  @Test
  void serverUrlOptionReplacesTheDescriptionsServers() {
    ImportResult result = ApiImporter.importFile(resource("petstore-31.yaml"),
        ImportOptions.builder().serverUrl("https://override.example.com/base").build());
    assertThat(tool(result, "getPet").http().serverUrl())
        .isEqualTo("https://override.example.com/base");
  }

  @Test
  void anOperationThatCannotBeConvertedIsSkippedWithAWarning() {
    assertThat(petstore.tools()).noneMatch(t -> "getBroken".equals(t.operationId()));
    assertThat(petstore.warnings()).anySatisfy(warning -> {
      assertThat(warning.operation()).isEqualTo("GET /broken");
      assertThat(warning.message()).contains("DoesNotExist");
    });
  }

  @Test
  void deprecatedOperationsAreExcludedByDefault() {
    assertThat(petstore.tools()).noneMatch(t -> "getOld".equals(t.operationId()));
    ImportResult all = ApiImporter.importFile(resource("petstore-31.yaml"), ImportOptions.builder()
        .selection(Selection.builder().includeDeprecated(true).build()).build());
    assertThat(tool(all, "getOld").metadata()).containsEntry("deprecated", "true");
  }

  @Test
  void operationWithoutIdIsNamedFromMethodAndPath() {
    ToolDefinition upload = petstore.tools().stream()
        .filter(t -> t.http().pathTemplate().equals("/upload")).findFirst().orElseThrow();
    assertThat(upload.name()).isEqualTo("put_upload");
    assertThat(upload.operationId()).isNull();
    assertThat(upload.http().bodyMediaType()).isEqualTo("multipart/form-data");
  }

  @Test
  void swagger2IsConvertedWithFormDataAsAFormBody() {
    ImportResult result = ApiImporter.importFile(resource("swagger-2.json"),
        ImportOptions.defaults());
    assertThat(result.source().format()).isEqualTo("swagger");
    ToolDefinition submit = tool(result, "submitForm");
    assertThat(submit.http().serverUrl()).isEqualTo("https://old.example.com/api");
    assertThat(submit.http().bodyMediaType()).isEqualTo("application/x-www-form-urlencoded");
    assertThat(submit.auth()).containsExactly(
        new AuthRequirement.ApiKey(AuthRequirement.Location.HEADER, "X-Key"));
    JsonNode schema = input(submit);
    assertThat(schema.path("properties").propertyNames()).containsExactly("body");
    assertThat(tool(result, "getItem").auth()).containsExactly(new AuthRequirement.Basic());
    for (ToolDefinition tool : result.tools()) {
      assertThat(SchemaChecks.metaErrors(tool.inputSchema())).isEmpty();
    }
  }
}
