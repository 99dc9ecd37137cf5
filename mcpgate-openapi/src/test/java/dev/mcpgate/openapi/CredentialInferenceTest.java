package dev.mcpgate.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mcpgate.api.AuthRequirement;
import dev.mcpgate.api.AuthRequirement.Location;
import dev.mcpgate.api.AuthRequirement.Origin;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.ToolDefinition;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Parameters that carry a credential although no security scheme declares one are hidden from
 * the inputs and become inferred requirements; look-alikes that are business data stay inputs.
 */
class CredentialInferenceTest {

  private static final String HEAD = """
      openapi: 3.0.3
      info: {title: t, version: "1"}
      servers: [{url: "https://api.example.com"}]
      """;

  private static ImportResult load(String yaml) {
    return load(yaml, ImportOptions.defaults());
  }

  private static ImportResult load(String yaml, ImportOptions options) {
    return ApiImporter.importContent((HEAD + yaml).getBytes(StandardCharsets.UTF_8), "t.yaml",
        options);
  }

  private static ToolDefinition only(ImportResult result) {
    assertThat(result.tools()).hasSize(1);
    return result.tools().get(0);
  }

  private static List<String> inputs(ToolDefinition tool) {
    return SchemaChecks.tree(tool.inputSchema()).path("properties").propertyNames().stream()
        .toList();
  }

  private static List<String> warnings(ImportResult result) {
    return result.warnings().stream().map(ImportWarning::toString).toList();
  }

  private static String operation(String parameters) {
    return """
        paths:
          /things/{id}:
            get:
              operationId: getThing
              parameters:
                - {name: id, in: path, required: true, schema: {type: string}}
        %s
              responses: {"200": {description: ok}}
        """.formatted(parameters.indent(8).stripTrailing());
  }

  @Test
  void aRequiredApiKeyHeaderWithoutASchemeBecomesAnInferredApiKey() {
    ImportResult result = load(operation("""
        - {name: apiKey, in: header, required: true, description: The API key., schema: {type: string}}
        """));

    ToolDefinition tool = only(result);
    assertThat(inputs(tool)).containsExactly("id");
    assertThat(SchemaChecks.tree(tool.inputSchema()).path("required").toString())
        .doesNotContain("apiKey");
    assertThat(tool.http().parameters()).extracting(ParameterBinding::wireName)
        .containsExactly("id");
    assertThat(tool.auth()).containsExactly(
        new AuthRequirement.ApiKey(Location.HEADER, "apiKey", Origin.INFERRED));
    assertThat(tool.auth()).allMatch(requirement -> !requirement.callerVisible());
    assertThat(warnings(result)).singleElement().asString()
        .startsWith("GET /things/{id}: header parameter 'apiKey' hidden as a credential: ")
        .contains("inferred requirement apiKey (header 'apiKey')");
  }

  @Test
  void googleStyleQueryCredentialsBesideADeclaredOAuth2SchemeAreAllHidden() {
    ImportResult result = load("""
        security: [{oauth: [read]}]
        components:
          securitySchemes:
            oauth:
              type: oauth2
              flows: {clientCredentials: {tokenUrl: "https://idp/token", scopes: {read: r}}}
        """ + operation("""
        - {name: key, in: query, schema: {type: string}, description: "API key. Your API key identifies your project and provides you with API access, quota, and reports."}
        - {name: access_token, in: query, schema: {type: string}, description: OAuth access token.}
        - {name: oauth_token, in: query, schema: {type: string}, description: OAuth 2.0 token for the current user.}
        - {name: fields, in: query, schema: {type: string}, description: Selector specifying which fields to include.}
        """));

    ToolDefinition tool = only(result);
    assertThat(inputs(tool)).containsExactly("id", "fields");
    assertThat(tool.auth()).containsExactly(
        new AuthRequirement.OAuth2(List.of("clientCredentials"), "https://idp/token",
            List.of("read")),
        new AuthRequirement.ApiKey(Location.QUERY, "key", Origin.INFERRED));
    assertThat(warnings(result)).hasSize(3)
        .anySatisfy(w -> assertThat(w).contains("query parameter 'key' hidden")
            .contains("inferred requirement apiKey (query 'key')"))
        .anySatisfy(w -> assertThat(w).contains("query parameter 'access_token' hidden")
            .contains("the declared oauth2 requirement carries it"))
        .anySatisfy(w -> assertThat(w).contains("query parameter 'oauth_token' hidden"));
  }

  @Test
  void anOAuthAccessTokenParameterWithoutASchemeIsAnInferredOAuth2() {
    ToolDefinition tool = only(load(operation("""
        - {name: access_token, in: query, schema: {type: string}, description: OAuth Token}
        """)));

    assertThat(tool.auth()).containsExactly(
        new AuthRequirement.OAuth2(List.of(), null, List.of(), Origin.INFERRED));
  }

  @Test
  void anAuthorizationHeaderWithoutASchemeIsAnInferredBearer() {
    ImportResult result = load(operation("""
        - {name: Authorization, in: header, required: true, schema: {type: string}}
        """));

    assertThat(only(result).auth())
        .containsExactly(new AuthRequirement.Bearer(null, Origin.INFERRED));
    assertThat(inputs(only(result))).containsExactly("id");
    assertThat(warnings(result)).singleElement().asString()
        .contains("header parameter 'Authorization' hidden");
  }

  @Test
  void aDeclaredSchemeKeepsPrecedenceAndCarriesItsOwnParameterSilently() {
    ImportResult result = load("""
        security: [{k: []}]
        components:
          securitySchemes:
            k: {type: apiKey, in: header, name: X-API-Key}
        """ + operation("""
        - {name: X-API-Key, in: header, schema: {type: string}, description: Your API key}
        - {name: Authorization, in: header, schema: {type: string}}
        """));

    assertThat(only(result).auth())
        .containsExactly(new AuthRequirement.ApiKey(Location.HEADER, "X-API-Key"));
    assertThat(inputs(only(result))).containsExactly("id");
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void aPathParameterThatIdentifiesAResourceStaysAnInput() {
    ImportResult result = load("""
        paths:
          /v1/issuing/authorizations/{authorization}:
            get:
              operationId: getAuthorization
              parameters:
                - {name: authorization, in: path, required: true, schema: {type: string}}
              responses: {"200": {description: ok}}
          /keys/{key}:
            delete:
              operationId: deleteKey
              parameters:
                - {name: key, in: path, required: true, description: The API key to delete., schema: {type: string}}
              responses: {"204": {description: gone}}
        """);

    assertThat(result.tools()).allSatisfy(tool -> assertThat(inputs(tool)).hasSize(1));
    assertThat(result.warnings()).isEmpty();
  }

  @Test
  void theTokenBeingInspectedOrRevokedStaysAnInput() {
    ImportResult result = load("""
        paths:
          /oauth/introspect:
            post:
              operationId: introspect
              parameters:
                - {name: token, in: query, required: true, description: The token to be introspected., schema: {type: string}}
              responses: {"200": {description: ok}}
          /oauth/revoke:
            post:
              operationId: revoke
              parameters:
                - {name: access_token, in: query, required: true, description: The access token to revoke., schema: {type: string}}
              responses: {"200": {description: ok}}
        """);

    assertThat(result.tools()).extracting(tool -> inputs(tool).size()).containsExactly(1, 1);
    assertThat(result.tools()).allSatisfy(tool -> assertThat(tool.auth())
        .containsExactly(new AuthRequirement.Unknown("no security information")));
  }

  @Test
  void anObjectKeyOrASearchKeyStaysAnInput() {
    ToolDefinition tool = only(load(operation("""
        - {name: key, in: query, description: The key of the object in the bucket., schema: {type: string}}
        - {name: search_key, in: query, description: Key to search for., schema: {type: string}}
        - {name: pageToken, in: query, description: The page token from the previous response., schema: {type: string}}
        - {name: include_keys, in: query, schema: {type: boolean}}
        """)));

    assertThat(inputs(tool)).containsExactly("id", "key", "search_key", "pageToken",
        "include_keys");
  }

  @Test
  void whereTheRuleCannotTellItHidesTheParameterAndSaysSo() {
    ImportResult result = load(operation("""
        - {name: token, in: query, schema: {type: string}}
        """));

    assertThat(inputs(only(result))).containsExactly("id");
    assertThat(warnings(result)).singleElement().asString()
        .contains("query parameter 'token' hidden as a credential")
        .contains("the rule cannot tell")
        .contains("list it in inputParameters if it is business data");
  }

  @Test
  void theOperatorsListsDecideTheBorderlineCases() {
    String yaml = operation("""
        - {name: token, in: query, schema: {type: string}}
        - {name: X-Tenant-Secret-Ref, in: header, schema: {type: string}}
        """);
    ImportOptions options = ImportOptions.builder()
        .inputParameters(List.of("query:token"))
        .credentialParameters(List.of("X-Tenant-Secret-Ref"))
        .build();

    ImportResult result = load(yaml, options);

    assertThat(inputs(only(result))).containsExactly("id", "token");
    assertThat(only(result).auth()).containsExactly(
        new AuthRequirement.ApiKey(Location.HEADER, "X-Tenant-Secret-Ref", Origin.INFERRED));
    assertThat(warnings(result)).singleElement().asString()
        .contains("listed in credentialParameters");
  }

  @Test
  void aBadParameterReferenceIsRefusedWhenTheOptionsAreBuilt() {
    assertThatThrownBy(() -> ImportOptions.builder()
        .credentialParameters(List.of("body:password")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("credentialParameters");
    assertThatThrownBy(() -> ImportOptions.builder()
        .credentialParameters(List.of("key")).inputParameters(List.of("KEY")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both");
  }

  @Test
  void withInferenceOffTheCredentialStaysAnInputAsBefore() {
    ImportResult result = load(operation("""
        - {name: apiKey, in: header, required: true, description: The API key., schema: {type: string}}
        """), ImportOptions.builder().inferCredentials(false).build());

    assertThat(inputs(only(result))).containsExactly("id", "apiKey");
    assertThat(only(result).auth())
        .containsExactly(new AuthRequirement.Unknown("no security information"));
  }

  @Test
  void postmanQueryAndHeaderCredentialsOfACollectionWithoutAuthAreInferred() {
    String collection = """
        {"info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},
         "item": [{"name": "List things", "request": {
           "method": "GET",
           "header": [{"key": "X-Auth-Token", "value": "{{authToken}}"},
                      {"key": "X-Request-Id", "value": "1"}],
           "url": {"raw": "https://api.example.com/things?key={{apiKey}}&q=shoes",
                   "host": ["api", "example", "com"], "path": ["things"],
                   "query": [{"key": "key", "value": "{{apiKey}}"}, {"key": "q", "value": "shoes"}]}}}]}
        """;

    ImportResult result = ApiImporter.importContent(
        collection.getBytes(StandardCharsets.UTF_8), "c.json", ImportOptions.defaults());

    ToolDefinition tool = only(result);
    assertThat(inputs(tool)).containsExactly("q", "X-Request-Id");
    assertThat(tool.auth()).containsExactly(
        new AuthRequirement.ApiKey(Location.QUERY, "key", Origin.INFERRED),
        new AuthRequirement.ApiKey(Location.HEADER, "X-Auth-Token", Origin.INFERRED));
    assertThat(warnings(result)).hasSize(2).allSatisfy(w -> assertThat(w)
        .startsWith("List things: ").contains("hidden as a credential"));
  }
}
