package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code mcpgate import --format json} on the real descriptions in {@code shared/specs}. */
class RealSpecsImportCommandTest {

  private static JsonNode importJson(String relative, String... extra) {
    Path file = spec(relative);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String[] args = new String[3 + extra.length];
    args[0] = "import";
    args[1] = file.toString();
    args[2] = "--format=json";
    System.arraycopy(extra, 0, args, 3, extra.length);
    int exit = McpgateCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    assertThat(exit).as(err.toString()).isZero();
    return JsonMapper.builder().build().readTree(out.toString());
  }

  private static Path spec(String relative) {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("specs").resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    assumeTrue(false, "shared/specs/" + relative + " is missing; test skipped");
    throw new AssertionError("unreachable");
  }

  /** The kinds of the declared requirements; inferred ones carry "(inferred)". */
  private static Set<String> kinds(JsonNode doc) {
    Set<String> kinds = new HashSet<>();
    doc.path("tools").forEach(tool -> tool.path("auth").forEach(
        auth -> kinds.add(auth.path("kind").asString()
            + (auth.path("origin").asString().equals("inferred") ? " (inferred)" : ""))));
    return kinds;
  }

  private static void assertNamesValidAndUnique(JsonNode doc) {
    Set<String> names = new HashSet<>();
    doc.path("tools").forEach(tool -> {
      String name = tool.path("name").asString();
      assertThat(name).matches("[A-Za-z0-9_-]{1,64}");
      assertThat(names.add(name)).as("unique: " + name).isTrue();
    });
  }

  @Test
  void stripeYields442ToolsWithBasicAndBearerAuth() {
    JsonNode doc = importJson("openapi/stripe.com.json");

    assertThat(doc.path("tools")).hasSize(442);
    // Three operations take a PaymentIntent's, SetupIntent's or Source's client secret: a
    // secret all the same, hidden as an inferred API key.
    assertThat(kinds(doc)).containsExactlyInAnyOrder("basic", "bearer", "apiKey (inferred)");
    assertNamesValidAndUnique(doc);
    doc.path("tools").forEach(tool -> tool.path("auth").forEach(
        auth -> assertThat(auth.path("callerVisible").asBoolean(true)).isFalse()));
  }

  @Test
  void githubYields1186ToolsAnd1223WithDeprecatedAllOfUnknownAuth() {
    JsonNode doc = importJson("openapi/github-api.github.com.json");
    JsonNode all = importJson("openapi/github-api.github.com.json", "--include-deprecated");

    assertThat(doc.path("tools")).hasSize(1186);
    assertThat(all.path("tools")).hasSize(1223);
    assertThat(kinds(doc)).containsExactly("unknown");
    assertNamesValidAndUnique(all);
  }

  @Test
  void payPalCheckoutYieldsOneBearerAuthenticatedToolPerRequestWithoutAuthInputs() {
    JsonNode doc = importJson("postman/paypal-checkout-flows.postman_collection.json");

    assertThat(doc.path("source").path("format").asString()).isEqualTo("postman");
    assertThat(doc.path("tools")).hasSize(43);
    assertThat(kinds(doc)).contains("bearer");
    assertNamesValidAndUnique(doc);
    doc.path("tools").forEach(tool -> assertThat(
        tool.path("inputSchema").path("properties").has("Authorization")).isFalse());
  }

  @Test
  void swagger2IsImportedWithTheConverterTheJarCarries() throws Exception {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    String file = Path.of(getClass().getResource("/swagger-2.json").toURI()).toString();

    int exit = McpgateCommand.execute(new String[] {"import", file, "--format", "json"},
        new PrintWriter(out, true), new PrintWriter(err, true));

    assertThat(exit).as(err.toString()).isZero();
    JsonNode doc = JsonMapper.builder().build().readTree(out.toString());
    assertThat(doc.path("source").path("format").asString()).isEqualTo("swagger");
    assertThat(doc.path("tools").size()).isPositive();
  }
}
