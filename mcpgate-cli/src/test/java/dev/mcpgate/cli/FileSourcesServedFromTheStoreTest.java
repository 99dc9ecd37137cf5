package dev.mcpgate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.testkit.FakeUpstream;
import dev.mcpgate.testkit.McpTestClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * With a store, the file's sources are served from the store's snapshot, built from their
 * mirrored revision and its import settings; what callers see is exactly what the file alone
 * served: the same {@code tools/list}, byte for byte (names, schemas, annotations, output
 * schemas), and the same requests upstream. On real descriptions from {@code shared/specs}: the
 * GitHub API (tool prefix, strict output schemas, a base URL), Stripe (credential and input
 * parameter settings, no output schemas, a bearer binding; and again, three operations picked
 * by id under a prefix) and a PayPal Postman collection (a prefix).
 */
class FileSourcesServedFromTheStoreTest {

  private static final String KEY = ClientRegistry.generateKey();
  private static final Map<String, String> ENVIRONMENT = Map.of("STRIPE_KEY", "sk_test_file");

  @TempDir Path dir;

  private static Path spec(String relative) {
    for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
      Path candidate = at.resolve("shared").resolve("specs").resolve(relative);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    assumeTrue(false, "shared/specs/" + relative + " is missing; test skipped");
    throw new AssertionError("unreachable");
  }

  private String config(FakeUpstream upstream, String store) {
    return """
        server: {port: 0}
        sources:
          - id: github
            description: "%s"
            approved: true
            baseUrl: "%s"
            toolPrefix: gh
            outputSchemas: strict
          - id: stripe
            description: "%s"
            approved: true
            baseUrl: "%s"
            binding: stripe-key
            outputSchemas: none
            credentialParameters: ["query:starting_after"]
            inputParameters: ["header:Idempotency-Key"]
          - id: stripe-picked
            description: "%s"
            approved: true
            baseUrl: "%s"
            toolPrefix: sp
            operations: [GetBalance, PostCustomers, GetCustomersCustomer]
          - id: paypal
            description: "%s"
            approved: true
            baseUrl: "%s"
            toolPrefix: pp
        bindings:
          - {id: stripe-key, kind: bearer, secretRef: "env:STRIPE_KEY"}
        clients:
          - id: agent
            profiles:
              production:
                keys: [{id: "%s", hash: "%s"}]
        policy:
          default: allow
        upstream:
          allowLoopback: true
        admin: {enabled: false}
        %s""".formatted(spec("openapi/github-api.github.com.json"), upstream.url("/gh"),
        spec("openapi/stripe.com.json"), upstream.url("/stripe"),
        spec("openapi/stripe.com.json"), upstream.url("/picked"),
        spec("postman/paypal-checkout-flows.postman_collection.json"), upstream.url("/paypal"),
        ClientRegistry.keyIdOf(KEY),
        HexFormat.of().formatHex(ClientRegistry.hashKey(KEY)), store);
  }

  /** What serving a configuration shows: every page of tools/list, and one call per source. */
  private record Served(String tools, List<String> toolNames, Map<String, String> calls) {}

  private Served serve(Path config, FakeUpstream upstream, Map<String, String> toCall) {
    ServeCommand.Running running = ServeCommand.start(config, 0, ENVIRONMENT::get,
        new PrintWriter(new StringWriter()));
    try (McpTestClient client = McpTestClient.builder(running.uri())
        .header("Authorization", "Bearer " + KEY).build()) {
      client.initialize();
      StringBuilder tools = new StringBuilder();
      List<String> names = new ArrayList<>();
      String cursor = null;
      do {
        JsonNode result = client.listTools(cursor).response().path("result");
        for (JsonNode tool : result.path("tools")) {
          tools.append(tool.toString()).append('\n');
          names.add(tool.path("name").asString());
        }
        cursor = result.path("nextCursor").isString() ? result.path("nextCursor").asString()
            : null;
      } while (cursor != null);
      Map<String, String> calls = new LinkedHashMap<>();
      toCall.forEach((tool, arguments) -> {
        int before = upstream.requestCount();
        JsonNode answer = client.callTool(tool, McpTestClient.json(arguments)).response();
        assertThat(upstream.requestCount()).as(tool + ": " + answer).isEqualTo(before + 1);
        FakeUpstream.RecordedRequest request = upstream.requests().get(before);
        calls.put(tool, request.method() + " " + request.target() + " authorization="
            + request.header("Authorization").orElse("-") + " body=" + request.bodyText()
            + " answer=" + answer.at("/result/content") + answer.at("/result/structuredContent")
            + " isError=" + answer.at("/result/isError").asBoolean());
      });
      return new Served(tools.toString(), names, calls);
    } finally {
      running.close();
    }
  }

  @Test
  void theStoresSnapshotServesTheFilesSourcesExactlyAsTheFileDid() throws IOException {
    try (FakeUpstream upstream = FakeUpstream.builder().start()) {
      upstream.otherwise(FakeUpstream.Answer.json(200, "{\"id\": \"x\", \"object\": \"list\"}"));
      Path fileOnly = dir.resolve("file.yaml");
      Files.writeString(fileOnly, config(upstream, ""));
      Path withStore = dir.resolve("store.yaml");
      Files.writeString(withStore, config(upstream, "store: {url: \"jdbc:sqlite:control.db\"}\n"));
      Map<String, String> toCall = new LinkedHashMap<>();
      toCall.put("gh_meta_root", "{}");
      toCall.put("gh_repos_get", "{\"owner\": \"octo\", \"repo\": \"hello\"}");
      toCall.put("GetBalance", "{}");
      toCall.put("GetCustomers", "{\"limit\": 3, \"email\": \"a@b.example\"}");
      toCall.put("sp_PostCustomers", "{\"body\": {\"email\": \"a@b.example\"}}");

      Served file = serve(fileOnly, upstream, toCall);
      Served store = serve(withStore, upstream, toCall);

      assertThat(file.toolNames()).hasSizeGreaterThan(1500)
          .contains("gh_meta_root", "GetBalance").anyMatch(name -> name.startsWith("pp_"));
      assertThat(file.toolNames().stream().filter(name -> name.startsWith("sp_")))
          .containsExactly("sp_GetBalance", "sp_GetCustomersCustomer", "sp_PostCustomers");
      assertThat(file.tools()).contains("\"outputSchema\"");
      assertThat(store.toolNames()).isEqualTo(file.toolNames());
      assertThat(store.tools()).isEqualTo(file.tools());
      assertThat(store.calls()).isEqualTo(file.calls());
      assertThat(file.calls().get("GetBalance")).startsWith("GET /stripe/v1/balance ")
          .contains("authorization=Bearer sk_test_file");
      assertThat(file.calls().get("gh_repos_get")).startsWith("GET /gh/repos/octo/hello ");
    }
  }
}
