package dev.mcpgate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.PolicyDecision;
import dev.mcpgate.api.PolicyRequest;
import dev.mcpgate.api.ToolAnnotations;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.control.Baseline;
import dev.mcpgate.control.ImportSettings;
import dev.mcpgate.control.LimitDefinition;
import dev.mcpgate.control.RuleDefinition;
import dev.mcpgate.core.OutputSchemaMode;
import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.core.policy.RulePolicyEngine;
import dev.mcpgate.testkit.FakeUpstream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link FileBaseline#declare} reads from a configuration file: a URL source's bytes
 * (recorded without the URL's query), its import settings, a key given by reference as
 * its id and hash only, the rules the store can hold; and what it cannot mirror, said so.
 * (recorded without the URL's query), its selection as tool names, a key given by reference as
 * its id and hash only, every rule with all its conditions (under an id made from its place in the
 * file when its own is not a store id, said so) and the rate limits, counting each caller.
 */
class FileBaselineDeclareTest {

  private static final String PETS = """
      openapi: 3.0.3
      info: {title: Pets, version: "1"}
      servers: [{url: "https://pets.invalid/v1"}]
      paths:
        /pets:
          get: {operationId: listPets, summary: List pets, responses: {"200": {description: ok}}}
          post: {operationId: addPet, summary: Add a pet, responses: {"201": {description: ok}}}
      """;

  @TempDir Path dir;
  private final FakeUpstream upstream = FakeUpstream.start()
      .otherwise(FakeUpstream.Answer.text(200, PETS));

  @AfterEach
  void stop() {
    upstream.close();
  }

  private ServeConfig load(String yaml) throws IOException {
    Path file = dir.resolve("mcpgate.yaml");
    Files.writeString(file, yaml);
    return ConfigLoader.load(file);
  }

  @Test
  void aUrlSourceIsReadWithItsSelectionAndRecordedWithoutItsQuery() throws IOException {
    String url = upstream.url("/pets.yaml?token=canary-query-token").toString();
    ServeConfig config = load("""
        sources:
          - {id: pets, description: "%s", approved: true, operations: [addPet], toolPrefix: zoo,
             baseUrl: "https://pets.internal/v2", outputSchemas: strict,
             credentialParameters: ["query:key"]}
        store: {}
        """.formatted(url));
    List<String> problems = new ArrayList<>();

    FileBaseline.Declared declared = FileBaseline.declare(config, name -> null, problems);

    assertThat(problems).isEmpty();
    assertThat(declared.baseline().sources()).singleElement().satisfies(source -> {
      assertThat(new String(source.description(), StandardCharsets.UTF_8)).isEqualTo(PETS);
      assertThat(source.location()).doesNotContain("canary-query-token").endsWith("?...");
      assertThat(source.approved()).isTrue();
      // The operations are imported by id, with the entry's other settings, as the file does.
      assertThat(source.selection()).isNull();
      assertThat(source.settings()).isEqualTo(ImportSettings.builder().operations(
              List.of("addPet")).toolPrefix("zoo").baseUrl("https://pets.internal/v2")
          .outputSchemas(OutputSchemaMode.STRICT).credentialParameters(List.of("query:key"))
          .build());
    });
  }

  @Test
  void aKeyGivenByReferenceBecomesItsIdAndHashOnly() throws IOException {
    String key = ClientRegistry.generateKey();
    ServeConfig config = load("""
        sources: []
        clients:
          - id: reader
            profiles:
              production:
                keys:
                  - {ref: "env:READER_KEY"}
        store: {}
        """);
    List<String> problems = new ArrayList<>();

    FileBaseline.Declared declared =
        FileBaseline.declare(config, Map.of("READER_KEY", key)::get, problems);

    assertThat(problems).isEmpty();
    Baseline.KeySpec spec = declared.baseline().clients().get(0).profiles().get(0).keys().get(0);
    assertThat(spec.keyId()).isEqualTo(ClientRegistry.keyIdOf(key));
    assertThat(spec.sha256()).isEqualTo(ClientRegistry.hashKey(key));
    assertThat(declared.baseline().toString()).doesNotContain(key);
  }

  @Test
  void aKeyThatCannotBeReadIsAProblemThatNeverQuotesIt() throws IOException {
    ServeConfig config = load("""
        sources: []
        clients:
          - id: reader
            profiles:
              production:
                keys:
                  - {ref: "env:READER_KEY"}
        store: {}
        """);
    List<String> problems = new ArrayList<>();

    FileBaseline.declare(config, Map.of("READER_KEY", "not-a-key-canary")::get, problems);

    assertThat(problems).singleElement().asString()
        .startsWith("clients[0].profiles.production.keys[0]").doesNotContain("canary");
  }

  @Test
  void everyRuleIsMirroredAndOneWithoutAStoreIdIsStoredUnderItsPath() throws IOException {
    ServeConfig config = load("""
        sources: []
        clients:
          - id: reader
        policy:
          rules:
            - {id: readers, effect: allow, clients: [reader], tools: ["list*"],
               annotations: {readOnly: true}}
            - {id: agents-only, effect: allow, agents: [claude]}
            - {effect: deny, tools: [addPet]}
            - {id: "no payments above 1000", effect: deny,
               arguments: [{argument: amount, operator: ">", value: 1000}]}
            - {id: policy.rules.5, effect: allow, surfaces: [mcp]}
            - {effect: allow, tenants: [shop]}
        store: {}
        """);
    List<String> problems = new ArrayList<>();

    FileBaseline.Declared declared = FileBaseline.declare(config, name -> null, problems);

    assertThat(problems).isEmpty();
    assertThat(declared.baseline().rules()).extracting(RuleDefinition::id).containsExactly(
        "readers", "agents-only", "policy.rules.2", "policy.rules.3", "policy.rules.5",
        "policy.rules.5-2");
    assertThat(declared.baseline().rules().get(1).agents()).containsExactly("claude");
    assertThat(declared.baseline().rules().get(3).arguments()).singleElement().asString()
        .isEqualTo("amount > 1000");
    assertThat(declared.notes()).containsExactly(
        "policy.rules[2]: stored as rule policy.rules.2 (a store id is 1 to 64 of A-Z a-z 0-9 _"
            + " . -; give the rule an id to choose it)",
        "policy.rules[3] (no payments above 1000): stored as rule policy.rules.3 (a store id is"
            + " 1 to 64 of A-Z a-z 0-9 _ . -; give the rule an id to choose it)",
        "policy.rules[5]: stored as rule policy.rules.5-2 (a store id is 1 to 64 of A-Z a-z 0-9"
            + " _ . -; give the rule an id to choose it)");
  }

  @Test
  void theStoredRulesDecideEveryRequestAsTheFileRulesDo() throws IOException {
    ServeConfig config = load("""
        sources: []
        clients:
          - id: acme
        policy:
          rules:
            - {effect: allow, subjects: [alice], agents: [buyer-bot],
               workloads: ["spiffe://shop/checkout"], clients: [acme], surfaces: [mcp],
               tenants: [shop], environments: [production], authMethods: [jwt],
               scopes: ["orders:read", admin], allScopes: ["orders:read"],
               attributes: {department: [sales, ops]}, tools: ["pay*"], tags: [payments],
               httpMethods: [POST],
               annotations: {readOnly: false, destructive: false, idempotent: true,
                             openWorld: false},
               arguments: [{argument: amount, operator: "<=", value: 1000},
                           {argument: amount, operator: ">", value: 0.5},
                           {argument: currency, operator: in, value: [EUR, USD]},
                           {argument: express, operator: "!=", value: true},
                           {argument: count, operator: "<", value: 3000000000}]}
            - {id: get-anything, effect: allow, tools: ["get_*"], surfaces: [mcp],
               attributes: {level: ["2"]}}
            - {id: no-writes-outside-shop, effect: deny, httpMethods: [DELETE],
               arguments: [{argument: currency, operator: "not in", value: [EUR]}]}
            - {id: destructive, effect: deny, annotations: {destructive: true}, agents: [other]}
            - {id: open, effect: allow, annotations: {openWorld: true}, tenants: [bank]}
        store: {}
        """);
    List<String> problems = new ArrayList<>();

    FileBaseline.Declared declared = FileBaseline.declare(config, name -> null, problems);

    assertThat(problems).isEmpty();
    List<PolicyRule> file = config.policy().rules().stream().map(ServeConfig.Rule::rule)
        .toList();
    List<PolicyRule> stored = declared.baseline().rules().stream()
        .map(RuleDefinition::toPolicyRule).toList();
    for (int i = 0; i < file.size(); i++) {
      PolicyRule before = file.get(i);
      PolicyRule after = stored.get(i);
      assertThat(after.caller()).as(before.id()).isEqualTo(before.caller());
      assertThat(after.tool()).as(before.id()).isEqualTo(before.tool());
      assertThat(after.arguments()).as(before.id()).isEqualTo(before.arguments());
    }
    Map<String, PolicyDecision> fileDecisions = decisions(file);
    // Only the first rule's id changed (policy.rules[0] to policy.rules.0), which decisions name.
    assertThat(decisions(stored).toString().replace("policy.rules.0", "policy.rules[0]"))
        .isEqualTo(fileDecisions.toString());
    assertThat(fileDecisions.values()).anyMatch(PolicyDecision::allowed)
        .anyMatch(decision -> !decision.allowed());
  }

  @Test
  void theRateLimitsAreMirroredAsLimitsThatCountEachCaller() throws IOException {
    ServeConfig config = load("""
        sources: []
        limits:
          rate:
            perClient: {capacity: 10, period: PT1S}
            perTool:
              addPet: {capacity: 2, period: PT1M}
        store: {}
        """);
    List<String> problems = new ArrayList<>();

    FileBaseline.Declared declared = FileBaseline.declare(config, name -> null, problems);

    assertThat(problems).isEmpty();
    assertThat(declared.notes()).isEmpty();
    assertThat(declared.baseline().limits()).containsExactly(
        new LimitDefinition("limits.rate.perClient", LimitDefinition.Scope.EACH_CALLER, "*", 10,
            Duration.ofSeconds(1)),
        new LimitDefinition("limits.rate.perTool.addPet", LimitDefinition.Scope.EACH_CALLER_TOOL,
            "addPet", 2, Duration.ofMinutes(1)));
  }

  /** The decisions for a spread of callers, tools and arguments. */
  private static Map<String, PolicyDecision> decisions(List<PolicyRule> rules) {
    RulePolicyEngine engine = RulePolicyEngine.of(rules);
    Map<String, PolicyDecision> out = new LinkedHashMap<>();
    List<CallerContext> callers = List.of(
        CallerContext.anonymous(),
        CallerContext.builder().subject("alice").agent("buyer-bot")
            .workload("spiffe://shop/checkout").clientId("acme").surface("mcp").tenant("shop")
            .environment("production").authMethod("jwt").scopes(List.of("orders:read"))
            .attribute("department", "sales").attribute("level", "2").build(),
        CallerContext.builder().subject("bob").agent("other").clientId("acme").surface("rest")
            .tenant("bank").environment("sandbox").authMethod("apiKey")
            .scopes(List.of("admin")).attribute("department", "ops").build());
    List<ToolDefinition> tools = List.of(
        tool("get_order", "GET", new ToolAnnotations(true, false, true, false)),
        ToolDefinition.builder("pay").source("pay").tags(List.of("payments"))
            .annotations(new ToolAnnotations(false, false, true, false))
            .http(new HttpOperation("POST", "https://api.example", "/pay", List.of(), null))
            .build(),
        tool("delete_order", "DELETE", ToolAnnotations.none()));
    List<Map<String, Object>> arguments = List.of(Map.of(),
        Map.of("amount", 10, "currency", "EUR", "express", false, "count", 1),
        Map.of("amount", 5000.0, "currency", "USD", "express", true),
        Map.of("amount", 0.25, "currency", "GBP"));
    for (int c = 0; c < callers.size(); c++) {
      for (ToolDefinition tool : tools) {
        out.put(c + " list " + tool.name(),
            engine.decide(PolicyRequest.forListing(callers.get(c), tool)));
        for (int a = 0; a < arguments.size(); a++) {
          out.put(c + " call " + tool.name() + " " + a,
              engine.decide(new PolicyRequest(callers.get(c), tool, arguments.get(a))));
        }
      }
    }
    return out;
  }

  private static ToolDefinition tool(String name, String method, ToolAnnotations annotations) {
    return ToolDefinition.builder(name).source("shop").annotations(annotations)
        .http(new HttpOperation(method, "https://api.example", "/" + name, List.of(), null))
        .build();
  }
}
