package dev.mcpgate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A problem names where a value is and what is wrong with it, never the value: a credential
 * pasted in the wrong place ({@code user:password} where {@code env:NAME} belongs) must not be
 * printed back. Each case plants a canary made of the parts {@link #PARTS} where a problem will
 * be found.
 */
class ConfigProblemsNeverQuoteValuesTest {

  /** Before the colon, after it, and pieces of it: none may appear in a problem. */
  private static final List<String> PARTS = List.of("admin7", "CANARY", "s3cr3t");
  private static final String CANARY = "admin7:CANARY-s3cr3t-value";

  @TempDir Path dir;

  @BeforeEach
  void files() throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), "openapi: 3.0.3\n");
    Files.createDirectories(dir.resolve("secrets"));
  }

  private List<String> problems(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.parse(yaml, dir.resolve("mcpgate.yaml"), "mcpgate.yaml"));
    assertThat(e).as("expected the configuration to be refused").isNotNull();
    return e.problems();
  }

  private static String source(String extra) {
    return "sources:\n  - id: pets\n    description: pets.yaml\n" + extra;
  }

  private static String binding(String extra) {
    return source("    binding: b\n")
        + "secrets: {files: secrets}\n"
        + "bindings:\n  - id: b\n    kind: bearer\n" + extra;
  }

  private static String jwt(String extra) {
    return source("") + "identity:\n  jwt:\n    jwksUrl: https://idp.example.com/jwks\n"
        + "    issuer: https://idp.example.com\n    audience: https://mcp.example.com/mcp\n"
        + extra;
  }

  private static String resource(String extra) {
    return source("") + "server:\n  protectedResource:\n" + extra;
  }

  private static String rule(String extra) {
    return source("") + "policy:\n  rules:\n    - effect: allow\n" + extra;
  }

  private static String client(String key) {
    return source("") + "secrets: {files: secrets}\n"
        + "clients:\n  - id: c\n    profiles:\n      p:\n        keys:\n          - " + key + "\n";
  }

  static Stream<Arguments> plantedCanaries() {
    String url = "https://" + CANARY + "@h.example.com/x";
    String plainUrl = "http://" + CANARY + "@h.example.com/x";
    return Stream.of(
        // a secret reference with a scheme this loader does not read
        Arguments.of("bindings[0].secretRef", binding("    secretRef: " + CANARY + "\n")),
        Arguments.of("bindings[0].profiles.sandbox",
            binding("    secretRef: env:B\n    profiles: {sandbox: '" + CANARY + "'}\n")),
        Arguments.of("clients[0].profiles.p.keys[0].ref", client("ref: '" + CANARY + "'")),
        // a scalar where a list, a mapping, a list of mappings, a number, a boolean belongs
        Arguments.of("sources[0].operations", source("    operations: " + CANARY + "\n")),
        Arguments.of("server.allowedHosts", source("") + "server: {allowedHosts: '" + CANARY + "'}\n"),
        Arguments.of("bindings", source("") + "bindings: '" + CANARY + "'\n"),
        Arguments.of("server", source("") + "server: '" + CANARY + "'\n"),
        Arguments.of("server.port", source("") + "server: {port: '" + CANARY + "'}\n"),
        Arguments.of("sources[0].approved", source("    approved: '" + CANARY + "'\n")),
        Arguments.of("policy.rules[0].annotations.readOnly",
            rule("      annotations: {readOnly: '" + CANARY + "'}\n")),
        Arguments.of("audit.arguments", source("") + "audit: {arguments: '" + CANARY + "'}\n"),
        // a value outside the closed set the key takes
        Arguments.of("bindings[0].kind",
            source("") + "bindings:\n  - id: b\n    kind: '" + CANARY + "'\n    secretRef: env:B\n"),
        Arguments.of("bindings[0].settings.in", source("") + "bindings:\n  - id: b\n"
            + "    kind: apiKey\n    secretRef: env:B\n    settings: {name: X-Key, in: '" + CANARY
            + "'}\n"),
        Arguments.of("policy.default", source("") + "policy: {default: '" + CANARY + "'}\n"),
        Arguments.of("policy.rules[0].effect",
            source("") + "policy:\n  rules:\n    - effect: '" + CANARY + "'\n"),
        Arguments.of("policy.rules[0].arguments[0].operator",
            rule("      arguments: [{argument: a, operator: '" + CANARY + "', value: 1}]\n")),
        Arguments.of("policy.rules[0].arguments[0].value",
            rule("      arguments: [{argument: a, operator: '<', value: '" + CANARY + "'}]\n")),
        Arguments.of("policy.rules[0].httpMethods[0]",
            rule("      httpMethods: ['" + CANARY + "']\n")),
        Arguments.of("policy.rules[0].tools[0]", rule("      tools: ['" + CANARY + "']\n")),
        Arguments.of("identity.jwt.algorithms[0]", jwt("    algorithms: ['" + CANARY + "']\n")),
        // free text of a shape the key does not take
        Arguments.of("server.path", source("") + "server: {path: '" + CANARY + "'}\n"),
        Arguments.of("upstream.timeout", source("") + "upstream: {timeout: '" + CANARY + "'}\n"),
        Arguments.of("identity.jwt.clockSkew", jwt("    clockSkew: '" + CANARY + "'\n")),
        Arguments.of("upstream.allowHosts[0]",
            source("") + "upstream: {allowHosts: ['" + CANARY + "']}\n"),
        Arguments.of("secrets.files", source("") + "secrets: {files: '" + CANARY + "'}\n"),
        Arguments.of("sources[0].description",
            "sources:\n  - id: pets\n    description: '" + CANARY + "'\n"),
        Arguments.of("sources[0].id", "sources:\n  - id: '" + CANARY + " x'\n"
            + "    description: pets.yaml\n"),
        Arguments.of("clients[0].profiles.p.keys[0].id",
            client("{id: '" + CANARY + "', hash: '" + "a".repeat(64) + "'}")),
        // URLs that carry user info or are not of the scheme the key takes
        Arguments.of("sources[0].baseUrl", source("    baseUrl: 'ftp://" + CANARY + "@h'\n")),
        Arguments.of("sources[0].baseUrl", source("    baseUrl: 'https://" + CANARY + " @h'\n")),
        Arguments.of("identity.jwt.jwksUrl", source("") + "identity:\n  jwt:\n    jwksUrl: '"
            + plainUrl + "'\n    issuer: i\n    audience: a\n"),
        Arguments.of("server.protectedResource.resource", resource("    resource: '" + url + "'\n")),
        Arguments.of("server.protectedResource.resource",
            resource("    resource: '" + CANARY + "'\n")),
        Arguments.of("server.protectedResource.authorizationServers[0]",
            resource("    resource: https://mcp.example.com/mcp\n"
                + "    authorizationServers: ['" + plainUrl + "']\n")),
        Arguments.of("server.protectedResource.resourceDocumentation",
            resource("    resource: https://mcp.example.com/mcp\n"
                + "    resourceDocumentation: '" + plainUrl + "'\n")),
        Arguments.of("server.protectedResource.scopesSupported[0]",
            resource("    resource: https://mcp.example.com/mcp\n"
                + "    scopesSupported: ['" + CANARY + " x']\n")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("plantedCanaries")
  void aProblemNamesThePathButNeverTheValue(String path, String yaml) {
    List<String> problems = problems(yaml);

    assertThat(problems).anyMatch(p -> p.startsWith(path + ": "));
    for (String part : PARTS) {
      assertThat(problems).noneMatch(p -> p.contains(part));
    }
  }

  @Test
  void aReferenceWithAnUnknownSchemeSaysWhichSchemesAreRead() {
    assertThat(problems(binding("    secretRef: " + CANARY + "\n")))
        .containsExactly("bindings[0].secretRef: not a secret reference; expected env:NAME or"
            + " file:PATH (PATH relative to secrets.files)");
  }

  @Test
  void aReferenceWithAKnownSchemeButNoNameNamesTheScheme() {
    assertThat(problems(binding("    secretRef: 'env:'\n")))
        .containsExactly("bindings[0].secretRef: env: names nothing; expected env:NAME or"
            + " file:PATH (PATH relative to secrets.files)");
  }

  @Test
  void aScalarWhereAListBelongsIsDescribedByItsType() {
    assertThat(problems(source("    operations: " + CANARY + "\n")))
        .containsExactly("sources[0].operations: expected a list, found a string");
  }

  @Test
  void aValueTaggedAsAnotherTypeIsNotQuotedByTheYamlParser() {
    for (String tag : List.of("!!int", "!!float", "!!bool", "!!timestamp", "!!binary")) {
      List<String> problems = problems(binding("    secretRef: " + tag + " " + CANARY + "\n"));

      for (String part : PARTS) {
        assertThat(problems).as(tag).noneMatch(p -> p.contains(part));
      }
    }
  }
}
