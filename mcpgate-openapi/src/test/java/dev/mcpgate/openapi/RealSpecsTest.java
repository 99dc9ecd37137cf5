package dev.mcpgate.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.AuthRequirement;
import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.core.McpGateway;
import dev.mcpgate.core.ToolResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Imports the real GitHub and Stripe descriptions in shared/specs. */
class RealSpecsTest {

  private static final Pattern NAME = Pattern.compile("^[A-Za-z0-9_-]{1,64}$");
  private static final ImportOptions WITH_DEPRECATED = ImportOptions.builder()
      .selection(Selection.builder().includeDeprecated(true).build()).build();

  private static ImportResult github;
  private static ImportResult githubAll;
  private static ImportResult stripe;
  private static ImportResult stripeAll;

  private static synchronized ImportResult github() {
    if (github == null) {
      Path file = Specs.require("openapi/github-api.github.com.json");
      long start = System.nanoTime();
      github = ApiImporter.importFile(file, ImportOptions.defaults());
      long cold = System.nanoTime() - start;
      start = System.nanoTime();
      githubAll = ApiImporter.importFile(file, WITH_DEPRECATED);
      long warm = System.nanoTime() - start;
      System.out.printf("GitHub import: first %d ms, second %d ms%n",
          cold / 1_000_000, warm / 1_000_000);
    }
    return github;
  }

  private static synchronized ImportResult stripe() {
    if (stripe == null) {
      Path file = Specs.require("openapi/stripe.com.json");
      stripe = ApiImporter.importFile(file, ImportOptions.defaults());
      stripeAll = ApiImporter.importFile(file, WITH_DEPRECATED);
    }
    return stripe;
  }

  @Test
  void githubHas1186ToolsByDefaultAnd1223WithDeprecated() {
    assertThat(github().tools()).hasSize(1186);
    assertThat(githubAll.tools()).hasSize(1223);
  }

  @Test
  void stripeHas442ToolsByDefaultAnd446WithDeprecated() {
    assertThat(stripe().tools()).hasSize(442);
    assertThat(stripeAll.tools()).hasSize(446);
  }

  @Test
  void namesAreValidAndUnique() {
    for (ImportResult result : List.of(github(), stripe())) {
      Set<String> names = new HashSet<>();
      for (ToolDefinition tool : result.tools()) {
        assertThat(tool.name()).matches(NAME);
        assertThat(names.add(tool.name())).as("unique %s", tool.name()).isTrue();
      }
    }
  }

  @Test
  void githubAuthIsUnknownEverywhere() {
    Set<AuthKind> kinds = new TreeSet<>();
    github().tools().forEach(tool -> tool.auth().forEach(a -> kinds.add(a.kind())));
    assertThat(kinds).containsExactly(AuthKind.UNKNOWN);
  }

  @Test
  void stripeAuthIsBasicAndBearer() {
    Set<AuthKind> kinds = new TreeSet<>();
    Set<AuthRequirement> inferred = new java.util.HashSet<>();
    stripe().tools().forEach(tool -> tool.auth().forEach(a -> {
      if (a.origin() == AuthRequirement.Origin.DECLARED) {
        kinds.add(a.kind());
      } else {
        inferred.add(a);
      }
    }));
    assertThat(kinds).containsExactlyInAnyOrder(AuthKind.BASIC, AuthKind.BEARER);
    // The client secret of a PaymentIntent, SetupIntent or Source is a secret all the same.
    assertThat(inferred).containsExactly(new AuthRequirement.ApiKey(
        AuthRequirement.Location.QUERY, "client_secret", AuthRequirement.Origin.INFERRED));
    assertThat(stripe().tools()).allSatisfy(tool ->
        assertThat(tool.auth()).allMatch(a -> !a.callerVisible()));
  }

  @Test
  void noSchemaOffersAnAuthInput() {
    for (ImportResult result : List.of(github(), stripe())) {
      for (ToolDefinition tool : result.tools()) {
        JsonNode properties = SchemaChecks.tree(tool.inputSchema()).path("properties");
        for (ParameterBinding binding : tool.http().parameters()) {
          assertThat(properties.has(binding.argument())).isTrue();
          if (binding.location() == ParameterBinding.Location.HEADER) {
            assertThat(binding.wireName()).isNotEqualToIgnoringCase("authorization");
          }
          for (AuthRequirement requirement : tool.auth()) {
            if (requirement instanceof AuthRequirement.ApiKey key) {
              assertThat(binding.wireName()).isNotEqualTo(key.name());
            }
          }
        }
        assertThat(properties.size()).isEqualTo(tool.http().parameters().size());
      }
    }
  }

  @Test
  void stripeUsesFormBodies() {
    ToolDefinition create = stripe().tools().stream()
        .filter(tool -> "PostCustomers".equals(tool.operationId())).findFirst().orElseThrow();
    assertThat(create.http().bodyMediaType()).isEqualTo("application/x-www-form-urlencoded");
    assertThat(create.http().serverUrl()).isEqualTo("https://api.stripe.com");
    assertThat(SchemaChecks.tree(create.inputSchema()).path("properties").has("body")).isTrue();
  }

  @Test
  void everySchemaIsValidJsonSchema2020() {
    for (ImportResult result : List.of(githubAll(), stripeAll())) {
      List<String> failures = new ArrayList<>();
      for (ToolDefinition tool : result.tools()) {
        List<String> errors = SchemaChecks.metaErrors(tool.inputSchema());
        if (!errors.isEmpty()) {
          failures.add(tool.name() + " input: " + errors);
        }
        if (tool.outputSchema() != null) {
          errors = SchemaChecks.metaErrors(tool.outputSchema());
          if (!errors.isEmpty()) {
            failures.add(tool.name() + " output: " + errors);
          }
          assertThat(SchemaChecks.tree(tool.outputSchema()).path("type").asString(""))
              .isEqualTo("object");
        }
        assertThat(SchemaChecks.tree(tool.inputSchema()).path("type").asString(""))
            .isEqualTo("object");
      }
      assertThat(failures).isEmpty();
    }
  }

  @Test
  void everyToolRegistersInAGateway() {
    for (ImportResult result : List.of(githubAll(), stripeAll())) {
      McpGateway.Builder builder = McpGateway.builder();
      for (ToolDefinition tool : result.tools()) {
        builder.tool(tool, call -> ToolResult.text("ok"));
      }
      assertThat(builder.build().tools()).isNotNull();
    }
  }

  @Test
  void removingOrAddingAnOperationChangesNoOtherName() {
    Path file = Specs.require("openapi/stripe.com.json");
    ObjectNode doc;
    try {
      doc = (ObjectNode) SchemaChecks.JSON.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ObjectNode paths = (ObjectNode) doc.get("paths");
    paths.remove("/v1/customers/{customer}");
    paths.set("/v1/brand-new", SchemaChecks.tree(
        "{\"get\": {\"operationId\": \"GetCustomers\", \"responses\": {}}}"));
    ImportResult mutated = ApiImporter.importContent(
        SchemaChecks.JSON.writeValueAsBytes(doc), "mutated.json", ImportOptions.defaults());
    Map<String, String> before = names(stripe());
    Map<String, String> after = names(mutated);
    int compared = 0;
    for (Map.Entry<String, String> entry : after.entrySet()) {
      String identity = entry.getKey();
      if (before.containsKey(identity) && !identity.equals("GET /v1/customers")) {
        assertThat(entry.getValue()).as(identity).isEqualTo(before.get(identity));
        compared++;
      }
    }
    assertThat(compared).isGreaterThan(430);
  }

  private static Map<String, String> names(ImportResult result) {
    Map<String, String> names = new HashMap<>();
    for (ToolDefinition tool : result.tools()) {
      names.put(tool.http().method() + " " + tool.http().pathTemplate(), tool.name());
    }
    return names;
  }

  private static ImportResult githubAll() {
    github();
    return githubAll;
  }

  private static ImportResult stripeAll() {
    stripe();
    return stripeAll;
  }
}
