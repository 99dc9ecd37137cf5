package dev.mcpgate.cli.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import java.io.IOException;
import java.nio.file.Files;
import dev.mcpgate.core.policy.ArgumentCondition;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.servlet.ProtectedResourceMetadata;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  private static final String HASH =
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

  @TempDir Path dir;

  @BeforeEach
  void files() throws IOException {
    Files.writeString(dir.resolve("pets.yaml"), "openapi: 3.0.3\n");
    Files.createDirectories(dir.resolve("secrets"));
  }

  private ServeConfig parse(String yaml) {
    return ConfigLoader.parse(yaml, dir.resolve("mcpgate.yaml"), "mcpgate.yaml");
  }

  private List<String> problems(String yaml) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
    assertThat(e).as("expected the configuration to be refused").isNotNull();
    return e.problems();
  }

  private static final String MINIMAL = """
      sources:
        - id: pets
          description: pets.yaml
      """;

  @Test
  void aCompleteFileIsReadIntoTheConfiguration() {
    ServeConfig config = parse("""
        server:
          address: 0.0.0.0
          port: 9090
          path: /tools
          allowedHosts: [mcp.example.com]
          allowedOrigins: ["https://app.example.com"]
          maxBodyBytes: 65536
          stateless: true
          protectedResource:
            resource: https://mcp.example.com/tools
            authorizationServers: [https://auth.example.com]
            scopesSupported: [pets.read]
            resourceName: Pets
        secrets:
          files: secrets
        sources:
          - id: pets
            description: pets.yaml
            baseUrl: https://pets.example.com/v1
            approved: true
            operations: [getPet, listPets]
            binding: pets-key
            toolPrefix: pets_
        bindings:
          - id: pets-key
            kind: apiKey
            secretRef: file:pets/key
            profiles:
              sandbox: env:PETS_SANDBOX_KEY
            settings:
              in: header
              name: X-Api-Key
        identity:
          jwt:
            jwksUrl: https://auth.example.com/jwks
            issuer: https://auth.example.com
            algorithms: [ES256]
            clockSkew: PT0S
            claims:
              clientId: [azp]
              tenant: org
              environment: profile
              roles: [realm_access.roles]
              attributes: {department: dept}
            requiredScopes: [pets.read]
            cache: {maximumSize: 0, maximumAge: PT1M}
        clients:
          - id: reader
            tenant: acme
            scopes: [pets.read]
            attributes: {costCenter: "4711"}
            profiles:
              sandbox:
                keys:
                  - {id: 3f9c0a1b2c3d4e5f, hash: %s}
              production:
                revoked: true
          - id: ops
            displayName: Operations
            revoked: true
            profiles:
              production:
                keys:
                  - ref: env:OPS_KEY
        policy:
          default: deny
          dryRun: true
          rules:
            - id: no-deletes
              effect: deny
              tools: ["delete*"]
              httpMethods: [delete]
              reason: nobody deletes
            - effect: allow
              clients: [reader]
              environments: [sandbox]
              tenants: [acme]
              subjects: [alice]
              agents: [claude]
              workloads: [batch]
              surfaces: [mcp]
              authMethods: [apiKey]
              scopes: [pets.read]
              allScopes: [pets.read, pets.list]
              attributes: {costCenter: ["4711"]}
              sources: [pets]
              tags: [pets]
              annotations: {readOnly: true, destructive: false, idempotent: true, openWorld: false}
              arguments:
                - {argument: limit, operator: "<=", value: 100}
                - {argument: kind, operator: not in, value: [snake, spider]}
        limits:
          size:
            maxArgumentBytes: 65536
            maxDepth: 10
          rate:
            perClient: {capacity: 100, period: PT1M}
            perTool:
              pets_getPet: {capacity: 5, period: PT1S}
        upstream:
          connectTimeout: PT2S
          timeout: PT10S
          maxResponseBytes: 1048576
          allowHosts: [pets.example.com, "*.example.org"]
          allowLoopback: true
          allowPrivateNetworks: true
          maxRedirects: 2
        audit:
          arguments:
            redact: [password, token]
        """.formatted(HASH.toUpperCase(java.util.Locale.ROOT)));

    assertThat(config.server()).isEqualTo(new ServeConfig.Server("0.0.0.0", 9090, "/tools",
        List.of("mcp.example.com"), List.of("https://app.example.com"), 65536,
        new ProtectedResourceMetadata(URI.create("https://mcp.example.com/tools"),
            List.of(URI.create("https://auth.example.com")), List.of("pets.read"), "Pets", null),
        true));
    ServeConfig.Jwt jwt = config.identity().jwt();
    assertThat(jwt).isNotNull();
    assertThat(jwt.jwksUrl()).isEqualTo(URI.create("https://auth.example.com/jwks"));
    assertThat(jwt.audience()).as("defaults to the protected resource")
        .isEqualTo("https://mcp.example.com/tools");
    assertThat(jwt.algorithms()).containsExactly("ES256");
    assertThat(jwt.clockSkew()).isZero();
    assertThat(jwt.claims()).isEqualTo(new ServeConfig.Claims(null, List.of("azp"), null, null,
        "org", "profile", null, List.of(), List.of("realm_access.roles"),
        Map.of("department", "dept")));
    assertThat(jwt.requiredScopes()).containsExactly("pets.read");
    assertThat(jwt.cacheMaximumSize()).isZero();
    assertThat(jwt.cacheMaximumAge()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.secrets().files()).isEqualTo(dir.resolve("secrets"));
    ServeConfig.SourceEntry source = config.sources().get(0);
    assertThat(source.path()).isEqualTo("sources[0]");
    assertThat(source.description()).isEqualTo(dir.resolve("pets.yaml").toString());
    assertThat(source.approved()).isTrue();
    assertThat(source.operations()).containsExactlyInAnyOrder("getPet", "listPets");
    assertThat(source.binding()).isEqualTo("pets-key");
    assertThat(source.toolPrefix()).isEqualTo("pets_");
    CredentialBinding binding = config.bindings().get(0);
    assertThat(binding.kind()).isEqualTo(AuthKind.API_KEY);
    assertThat(binding.profileRefs()).containsEntry("sandbox", "env:PETS_SANDBOX_KEY");
    assertThat(binding.settings()).containsEntry("name", "X-Api-Key");
    assertThat(config.clients()).extracting(ServeConfig.ClientEntry::id)
        .containsExactly("reader", "ops");
    ServeConfig.ClientEntry reader = config.clients().get(0);
    assertThat(reader.tenant()).isEqualTo("acme");
    assertThat(reader.scopes()).containsExactly("pets.read");
    assertThat(reader.attributes()).containsEntry("costCenter", "4711");
    assertThat(reader.revoked()).isFalse();
    assertThat(reader.profiles()).containsExactly(
        new ServeConfig.ProfileEntry("clients[0].profiles.sandbox", "sandbox", false,
            List.of(new ServeConfig.KeyEntry("clients[0].profiles.sandbox.keys[0]",
                "3f9c0a1b2c3d4e5f", HASH, null))),
        new ServeConfig.ProfileEntry("clients[0].profiles.production", "production", true,
            List.of()));
    ServeConfig.ClientEntry ops = config.clients().get(1);
    assertThat(ops.displayName()).isEqualTo("Operations");
    assertThat(ops.revoked()).isTrue();
    assertThat(ops.profiles().get(0).keys().get(0).ref()).isEqualTo("env:OPS_KEY");
    assertThat(config.policy().defaultAllow()).isFalse();
    assertThat(config.policy().dryRun()).isTrue();
    assertThat(config.policy().rules()).extracting(ServeConfig.Rule::path)
        .containsExactly("policy.rules[0]", "policy.rules[1]");
    assertThat(config.policy().rules().get(0).rule()).isEqualTo(PolicyRule.deny("no-deletes")
        .description("nobody deletes").tools("delete*").httpMethods("DELETE").build());
    assertThat(config.policy().rules().get(1).rule()).isEqualTo(
        PolicyRule.allow("policy.rules[1]")
            .clientIds("reader").environments("sandbox").tenants("acme").subjects("alice")
            .agents("claude").workloads("batch").surfaces("mcp").authMethods("apiKey")
            .anyScope("pets.read").allScopes("pets.read", "pets.list")
            .attribute("costCenter", "4711")
            .sources("pets").tags("pets")
            .readOnly(true).destructive(false).idempotent(true).openWorld(false)
            .argument(ArgumentCondition.atMost("limit", 100))
            .argument(ArgumentCondition.notIn("kind", List.of("snake", "spider")))
            .build());
    assertThat(config.limits().size().maxArgumentBytes()).isEqualTo(65536L);
    assertThat(config.limits().size().maxStringLength()).isNull();
    assertThat(config.limits().rate().perClient())
        .isEqualTo(new ServeConfig.Quota("limits.rate.perClient", 100, Duration.ofMinutes(1)));
    assertThat(config.limits().rate().perTool()).containsKey("pets_getPet");
    assertThat(config.upstream()).isEqualTo(new ServeConfig.Upstream(Duration.ofSeconds(2),
        Duration.ofSeconds(10), 1048576, List.of("pets.example.com", "*.example.org"), true, true,
        2));
    assertThat(config.audit()).isEqualTo(new ServeConfig.Audit(true, List.of("password", "token")));
  }

  @Test
  void omittedSectionsTakeTheDocumentedDefaults() {
    ServeConfig config = parse(MINIMAL);

    assertThat(config.server()).isEqualTo(
        new ServeConfig.Server("127.0.0.1", 8080, "/mcp", List.of(), List.of(), 4 * 1024 * 1024,
            null, false));
    assertThat(config.identity().jwt()).isNull();
    assertThat(config.clients()).isEmpty();
    assertThat(config.secrets().files()).isNull();
    ServeConfig.SourceEntry source = config.sources().get(0);
    assertThat(source.approved()).isFalse();
    assertThat(source.operations()).isNull();
    assertThat(source.binding()).isNull();
    assertThat(config.policy().defaultAllow()).isFalse();
    assertThat(config.policy().dryRun()).isFalse();
    assertThat(config.upstream()).isEqualTo(new ServeConfig.Upstream(Duration.ofSeconds(5),
        Duration.ofSeconds(30), 4 * 1024 * 1024, null, false, false, 0));
    assertThat(config.audit().recordArguments()).isFalse();
    assertThat(config.limits().size().configured()).isFalse();
    assertThat(config.limits().rate().configured()).isFalse();
  }

  @Test
  void aSourceNamingAnUndeclaredBindingIsRefusedWithItsPath() {
    assertThat(problems("""
        sources:
          - id: pets
            description: pets.yaml
          - id: billing
            description: pets.yaml
            binding: stripe-key
        """)).containsExactly(
            "sources[1].binding: no binding 'stripe-key' (the file declares no bindings)");
  }

  @Test
  void aSourceIdOrToolPrefixTheImporterWouldRefuseIsReportedWithItsPath() {
    String longId = "s".repeat(65);
    assertThat(problems("""
        sources:
          - id: %s
            description: pets.yaml
          - id: billing
            description: pets.yaml
            toolPrefix: _billing
          - id: shipping
            description: pets.yaml
            toolPrefix: shipping_and_handling_
        """.formatted(longId))).containsExactly(
            "sources[0].id: a source id is 1 to 64 of A-Z a-z 0-9 _ . : -",
            "sources[1].toolPrefix: must be 1 to 16 of A-Z a-z 0-9 _ -, starting with a letter"
                + " or digit",
            "sources[2].toolPrefix: must be 1 to 16 of A-Z a-z 0-9 _ -, starting with a letter"
                + " or digit");
  }

  @Test
  void aSourcesParameterListsReachTheImporter() {
    ServeConfig config = parse("""
        sources:
          - id: pets
            description: pets.yaml
            credentialParameters: [query:key, X-Tenant-Ref]
            inputParameters: [query:token]
        """);

    ServeConfig.SourceEntry source = config.sources().get(0);
    assertThat(source.credentialParameters()).containsExactly("query:key", "X-Tenant-Ref");
    assertThat(source.inputParameters()).containsExactly("query:token");
    assertThat(parse(MINIMAL).sources().get(0).credentialParameters()).isEmpty();
  }

  @Test
  void aParameterListTheImporterWouldRefuseIsReportedWithItsPath() {
    assertThat(problems("""
        sources:
          - id: pets
            description: pets.yaml
            credentialParameters: [body:password]
          - id: shop
            description: pets.yaml
            credentialParameters: [key]
            inputParameters: [key]
        """)).containsExactly(
            "sources[0].credentialParameters: each entry is a parameter name, or header:NAME,"
                + " query:NAME or cookie:NAME",
            "sources[1].inputParameters: a parameter is also listed in credentialParameters");
  }

  @Test
  void unknownKeysAreRefusedAtEveryLevel() {
    assertThat(problems("""
        serve:
          port: 1
        server:
          prot: 8081
        sources:
          - id: pets
            description: pets.yaml
            aproved: true
        upstream:
          allowHost: [x.example.com]
        """)).containsExactlyInAnyOrder(
            "serve: unknown key (the sections are server, secrets, sources, bindings, identity,"
                + " clients, policy, limits, upstream, audit, store, admin)",
            "server.prot: unknown key",
            "sources[0].aproved: unknown key",
            "upstream.allowHost: unknown key");
  }

  @Test
  void valuesOfTheWrongTypeOrRangeNameTheirPath() {
    assertThat(problems("""
        server:
          port: eighty
          path: mcp
        sources:
          - id: pets
            description: pets.yaml
            approved: yes please
            operations: getPet
        upstream:
          timeout: 30s
          maxRedirects: 50
        """)).containsExactlyInAnyOrder(
            "server.port: expected a whole number, found a string",
            "server.path: must start with '/' and name a path, such as /mcp",
            "sources[0].approved: expected true or false, found a string",
            "sources[0].operations: expected a list, found a string",
            "upstream.timeout: is not an ISO-8601 duration such as PT30S or PT1M",
            "upstream.maxRedirects: must be from 0 to 20");
  }

  @Test
  void requiredKeysAndMissingFilesAreReported() {
    assertThat(problems("""
        sources:
          - description: missing.yaml
          - id: pets
        """)).containsExactlyInAnyOrder(
            "sources[0].id: is required",
            "sources[0].description: no such file (a relative path is read from the"
                + " configuration file's directory; or an http(s) URL)",
            "sources[1].description: is required");
  }

  @Test
  void anEmptyFileOrNoSourcesIsRefused() {
    assertThat(problems("")).containsExactly("the file is empty; at least 'sources' is needed");
    assertThat(problems("server: {port: 1}\n")).containsExactly(
        "sources: at least one source is required");
  }

  @Test
  void bindingsAreChecked() {
    assertThat(problems(MINIMAL + """
        bindings:
          - id: a
            kind: digest
            secretRef: env:A
          - id: b
            kind: apiKey
            secretRef: file:b
          - id: c
            kind: oauth2
            secretRef: vault:c
          - id: c
            kind: bearer
            secretRef: env:C
          - id: d
            kind: martian
            secretRef: env:D
        """)).containsExactlyInAnyOrder(
            "bindings[0].kind: mcpgate cannot inject 'digest' credentials; use one of apiKey,"
                + " awsSigV4, basic, bearer, cookie, hmac, mutualTLS, oauth2",
            "bindings[1].secretRef: a file: reference needs secrets.files (the directory it is"
                + " read from)",
            "bindings[1].settings.name: is required for a 'apiKey' binding",
            "bindings[2].secretRef: not a secret reference; expected env:NAME or file:PATH (PATH"
                + " relative to secrets.files)",
            "bindings[2].settings.tokenUrl: is required for a 'oauth2' binding",
            "bindings[3].id: another binding already has the id 'c'",
            "bindings[4].kind: not an auth kind; use one of apiKey, awsSigV4, basic,"
                + " bearer, cookie, hmac, mutualTLS, oauth2");
  }

  @Test
  void clientKeysAreAnIdAndAHashOrAReferenceEachUnique() {
    assertThat(problems(MINIMAL + """
        clients:
          - id: a
            profiles:
              sandbox:
                keys:
                  - {id: 3f9c0a1b2c3d4e5f, hash: %1$s}
                  - {id: 3F9C0A1B2C3D4E5F, hash: abc123}
                  - {id: 0000000000000001}
                  - {hash: %1$s}
                  - {id: "0000000000000002", hash: %1$s, ref: env:K}
                  - {}
                  - {ref: vault:k, note: x}
                  - {id: 1234567890123e45, hash: "%3$s"}
          - id: b
            profiles:
              "bad profile":
                keys: []
              production:
                keys:
                  - {id: 3f9c0a1b2c3d4e5f, hash: %2$s}
          - id: bad id!
        """.formatted(HASH, HASH.replace('b', 'c'), HASH.replace('b', 'd'))))
        .containsExactlyInAnyOrder(
            "clients[0].profiles.sandbox.keys[1].id: must be the 16 lower-case hex digits after"
                + " mgk_ in the key",
            "clients[0].profiles.sandbox.keys[1].hash: must be 64 hexadecimal digits (the SHA-256"
                + " of the key; java -jar mcpgate.jar hash-key prints it)",
            "clients[0].profiles.sandbox.keys[2].id: YAML reads this as a number; put the value"
                + " in quotes",
            "clients[0].profiles.sandbox.keys[2].hash: is required with id",
            "clients[0].profiles.sandbox.keys[3].id: is required with hash",
            "clients[0].profiles.sandbox.keys[3].hash: the same key as a key of a/sandbox",
            "clients[0].profiles.sandbox.keys[4].ref: give either id and hash, or ref, not both",
            "clients[0].profiles.sandbox.keys[5].id: give id and hash (java -jar mcpgate.jar"
                + " hash-key prints both), or ref",
            "clients[0].profiles.sandbox.keys[6].note: unknown key",
            "clients[0].profiles.sandbox.keys[6].ref: not a secret reference; expected env:NAME or"
                + " file:PATH (PATH relative to secrets.files)",
            "clients[0].profiles.sandbox.keys[7].id: YAML reads this as a number; put the value"
                + " in quotes",
            "clients[1].profiles.bad profile: a profile name is 1 to 128 of A-Z a-z 0-9 _ . : -",
            "clients[1].profiles.production.keys[0].id: the same key id as a key of a/sandbox",
            "clients[2].id: a client id is 1 to 128 of A-Z a-z 0-9 _ . : -");
  }

  @Test
  void theOldKeyFieldsOfAClientAreRefusedWithAPointerToProfiles() {
    assertThat(problems(MINIMAL + """
        clients:
          - id: old
            apiKeyHash: %s
            environment: sandbox
        """.formatted(HASH))).containsExactlyInAnyOrder(
            "clients[0].apiKeyHash: no longer read: a client's keys are listed by profile, as"
                + " profiles.<profile>.keys[] {id, hash} or {ref}; see docs/configuration.md",
            "clients[0].environment: no longer read: a client's keys are listed by profile, as"
                + " profiles.<profile>.keys[] {id, hash} or {ref}; see docs/configuration.md");
  }

  @Test
  void jwtSettingsAreCheckedAsTheResolverChecksThem() {
    assertThat(problems(MINIMAL + """
        identity:
          jwt:
            jwksUrl: http://auth.example.com/jwks
            algorithms: [HS256]
            clockSkew: PT10M
            claims:
              clientId: []
              tenantt: org
            cache: {maximumSize: -1}
        """)).containsExactlyInAnyOrder(
            "identity.jwt.jwksUrl: must be an absolute https URI (http only for a loopback host)",
            "identity.jwt.issuer: is required",
            "identity.jwt.audience: is required (this resource's URI, which tokens carry as aud)"
                + " unless server.protectedResource.resource gives it",
            "identity.jwt.algorithms[0]: is not accepted (never none, never an HMAC"
                + " algorithm); use one of ES256, ES384, ES512, PS256, PS384, PS512, RS256, RS384,"
                + " RS512",
            "identity.jwt.clockSkew: clockSkew must be between 0 and 5 minutes",
            "identity.jwt.claims.clientId: lists no claim; omit the key for the default",
            "identity.jwt.claims.tenantt: unknown key",
            "identity.jwt.cache.maximumSize: must be from 0 to 9223372036854775807");
  }

  @Test
  void protectedResourceMetadataIsCheckedKeyByKey() {
    assertThat(problems(MINIMAL + """
        server:
          protectedResource:
            resource: http://mcp.example.com/mcp?x=1
            authorizationServers: [auth.example.com, "https://auth.example.com"]
            scopesSupported: ["pets read"]
            resourceDocs: https://docs.example.com
        """)).containsExactlyInAnyOrder(
            "server.protectedResource.resource: must be an absolute https URI (http only for a"
                + " loopback host) without query, fragment or user info (RFC 9728)",
            "server.protectedResource.authorizationServers[0]: must be an absolute https URI"
                + " (http only for a loopback host)",
            "server.protectedResource.scopesSupported[0]: is not an OAuth scope token"
                + " (RFC 6749 §3.3: no spaces, quotes or backslashes)",
            "server.protectedResource.resourceDocs: unknown key");
  }

  @Test
  void policyRulesMustNameDeclaredClientsAndSources() {
    assertThat(problems(MINIMAL + """
        clients:
          - id: reader
        policy:
          default: maybe
          rules:
            - effect: allow
              clients: [reader, writer]
              sources: [pets, billing]
            - clients: [reader]
            - effect: permit
        """)).containsExactlyInAnyOrder(
            "policy.default: must be allow or deny",
            "policy.rules[0].clients[1]: no client 'writer'",
            "policy.rules[0].sources[1]: no source 'billing'",
            "policy.rules[1].effect: is required",
            "policy.rules[2].effect: must be allow or deny");
  }

  @Test
  void ruleIdsMatchFieldsAndArgumentConditionsAreChecked() {
    assertThat(problems(MINIMAL + """
        policy:
          dryRun: maybe
          rules:
            - {id: a, effect: allow, tools: ["get pet"], httpMethods: [GET, "P0ST"]}
            - {id: a, effect: deny, annotations: {readOnly: yes please, safe: true}}
            - {id: policy.default, effect: allow, attributes: {team: []}, roles: [x]}
            - effect: allow
              arguments:
                - {argument: amount, operator: "=<", value: 1}
                - {argument: amount, operator: "<", value: ten}
                - {argument: kind, operator: in, value: []}
                - {argument: x, operator: "==", value: {a: 1}}
                - {operator: "=="}
        """)).containsExactlyInAnyOrder(
            "policy.dryRun: expected true or false, found a string",
            "policy.rules[0].tools[0]: a tool name or glob is 1 to 256 of A-Z a-z 0-9 _ . - * ?",
            "policy.rules[0].httpMethods[1]: is not an HTTP method",
            "policy.rules[1].id: another rule already has the id 'a'",
            "policy.rules[1].annotations.readOnly: expected true or false, found a string",
            "policy.rules[1].annotations.safe: unknown key",
            "policy.rules[2].id: 'policy.default' is the rule that policy.default: allow adds",
            "policy.rules[2].attributes.team: lists no value; it could never match",
            "policy.rules[2].roles: unknown key",
            "policy.rules[3].arguments[0].operator: must be one of ==, !=, in, not in, <, <=, >,"
                + " >=",
            "policy.rules[3].arguments[1].value: must be a finite number",
            "policy.rules[3].arguments[2].value: must be a non-empty list of strings, booleans or"
                + " finite numbers",
            "policy.rules[3].arguments[3].value: must be a string, boolean or finite number",
            "policy.rules[3].arguments[4].argument: is required",
            "policy.rules[3].arguments[4].value: is required");
  }

  @Test
  void withJwtsARuleMayNameClientsTheFileDoesNotDeclare() {
    ServeConfig config = parse(MINIMAL + """
        identity:
          jwt: {jwksUrl: "https://auth.example.com/jwks", issuer: "https://auth.example.com",
                audience: "https://mcp.example.com/mcp"}
        policy:
          rules:
            - {effect: allow, clients: [from-a-token]}
        """);

    assertThat(config.policy().rules().get(0).rule().caller().clientIds())
        .containsExactly("from-a-token");
  }

  @Test
  void limitsAndAuditAreChecked() {
    assertThat(problems(MINIMAL + """
        limits:
          size:
            maxDepth: 0
            maxBytes: 10
          rate:
            perClient: {capacity: 10}
            perTool:
              getPet: {capacity: 0, period: PT1S}
        audit:
          arguments: all
        """)).containsExactlyInAnyOrder(
            "limits.size.maxDepth: must be from 1 to 1000",
            "limits.size.maxBytes: unknown key",
            "limits.rate.perClient.period: is required (an ISO-8601 duration such as PT1M)",
            "limits.rate.perTool.getPet.capacity: must be from 1 to 9223372036854775807",
            "audit.arguments: must be none or {redact: [field, ...]}, was a string");
  }

  @Test
  void invalidYamlIsReportedWithItsLine() {
    assertThat(problems("sources:\n  - id: pets\n    description: [unclosed\n"))
        .singleElement().asString().startsWith("line 4, column 1: ");
  }

  @Test
  void duplicateKeysAreRefused() {
    assertThat(problems("sources: []\nsources: []\n"))
        .singleElement().asString().contains("duplicate key sources");
  }

  @Test
  void yamlTagsThatBuildJavaObjectsAreRefused() {
    assertThat(problems("sources: !!javax.script.ScriptEngineManager [x]\n"))
        .singleElement().asString().contains("Global tag is not allowed");
  }

  @Test
  void aFileThatDoesNotExistIsOneProblem() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> ConfigLoader.load(dir.resolve("nope.yaml")));
    assertThat(e.problems()).containsExactly("no such file");
    assertThat(e.getStackTrace()).isEmpty();
  }
}
