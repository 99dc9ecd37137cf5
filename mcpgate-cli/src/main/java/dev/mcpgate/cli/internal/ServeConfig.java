package dev.mcpgate.cli.internal;

import dev.mcpgate.api.AuthKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The whole configuration of {@code mcpgate serve}, read and validated by {@link ConfigLoader}.
 * Every record is immutable; collections are copies. docs/configuration.md describes each key.
 *
 * @param file the configuration file
 * @param server where and how the MCP endpoint listens
 * @param secrets which secret stores besides the environment are enabled
 * @param sources the API descriptions served
 * @param bindings the upstream credential bindings
 * @param clients the MCP callers and their keys
 * @param policy which caller may see and call which tool
 * @param limits size and rate limits
 * @param upstream how upstream calls are made
 * @param audit what the audit trail records
 */
public record ServeConfig(
    Path file,
    Server server,
    Secrets secrets,
    List<SourceEntry> sources,
    List<BindingEntry> bindings,
    List<ClientEntry> clients,
    PolicyConfig policy,
    Limits limits,
    Upstream upstream,
    Audit audit) {

  /** Copies the lists. */
  public ServeConfig {
    Objects.requireNonNull(file, "file");
    sources = List.copyOf(sources);
    bindings = List.copyOf(bindings);
    clients = List.copyOf(clients);
  }

  /**
   * The binding with an id.
   *
   * @param id the binding's id
   * @return the binding, if configured
   */
  public Optional<BindingEntry> binding(String id) {
    return bindings.stream().filter(b -> b.id().equals(id)).findFirst();
  }

  /**
   * The {@code server} section.
   *
   * @param address the address to bind, default {@code 127.0.0.1}
   * @param port the port, default 8080; 0 picks a free one
   * @param path the MCP endpoint's path, default {@code /mcp}
   * @param allowedHosts {@code Host} names accepted besides the loopback names
   * @param allowedOrigins {@code Origin}s accepted besides the loopback origins
   * @param maxBodyBytes the largest request body, default 4 MiB
   */
  public record Server(
      String address,
      int port,
      String path,
      List<String> allowedHosts,
      List<String> allowedOrigins,
      long maxBodyBytes) {
    /** Copies the lists. */
    public Server {
      allowedHosts = List.copyOf(allowedHosts);
      allowedOrigins = List.copyOf(allowedOrigins);
    }
  }

  /**
   * The {@code secrets} section.
   *
   * @param files the root directory of {@code file:} references, or null when they are disabled
   */
  public record Secrets(@Nullable Path files) {}

  /**
   * One entry of {@code sources}.
   *
   * @param path where it is in the file, such as {@code sources[0]}
   * @param id the source's id
   * @param description the API description file, resolved against the configuration's directory
   * @param baseUrl the upstream base URL replacing the description's servers, or null
   * @param approved whether its tools are served
   * @param operations the selected operation ids, or null for all
   * @param binding the id of the credential binding its tools use, or null for none
   * @param toolPrefix a prefix for its tool names, or null
   */
  public record SourceEntry(
      String path,
      String id,
      Path description,
      @Nullable String baseUrl,
      boolean approved,
      @Nullable Set<String> operations,
      @Nullable String binding,
      @Nullable String toolPrefix) {
    /** Copies the set. */
    public SourceEntry {
      operations = operations == null ? null : Set.copyOf(operations);
    }
  }

  /**
   * One entry of {@code bindings}.
   *
   * @param id the binding's id
   * @param kind the auth kind
   * @param secretRef the default secret reference
   * @param profiles secret references by caller environment
   * @param settings non-secret settings of the injection
   */
  public record BindingEntry(
      String id,
      AuthKind kind,
      String secretRef,
      Map<String, String> profiles,
      Map<String, String> settings) {
    /** Copies the maps. */
    public BindingEntry {
      profiles = Map.copyOf(profiles);
      settings = Map.copyOf(settings);
    }
  }

  /**
   * One entry of {@code clients}. Exactly one of the key hash and the key reference is set.
   *
   * @param path where it is in the file, such as {@code clients[0]}
   * @param id the client's id
   * @param apiKeyHash the SHA-256 of its key, lower-case hex, or null
   * @param apiKeyRef a secret reference to its key, or null
   * @param environment its environment (profile), or null
   * @param tenant its tenant, or null
   * @param scopes its scopes
   */
  public record ClientEntry(
      String path,
      String id,
      @Nullable String apiKeyHash,
      @Nullable String apiKeyRef,
      @Nullable String environment,
      @Nullable String tenant,
      Set<String> scopes) {
    /** Copies the set. */
    public ClientEntry {
      scopes = Set.copyOf(scopes);
    }
  }

  /**
   * The {@code policy} section.
   *
   * @param defaultAllow the decision when no rule matches: true for {@code allow}
   * @param rules the rules, in order; the first that matches decides
   */
  public record PolicyConfig(boolean defaultAllow, List<Rule> rules) {
    /** Copies the list. */
    public PolicyConfig {
      rules = List.copyOf(rules);
    }
  }

  /**
   * One policy rule. An empty list matches anything.
   *
   * @param path where it is in the file, such as {@code policy.rules[2]}
   * @param allow true for {@code allow}, false for {@code deny}
   * @param clients client ids
   * @param environments caller environments
   * @param tools tool name globs ({@code *} any run of characters, {@code ?} one)
   * @param sources source ids
   * @param reason the reason recorded in the audit trail, or null for the rule's path
   */
  public record Rule(
      String path,
      boolean allow,
      List<String> clients,
      List<String> environments,
      List<String> tools,
      List<String> sources,
      @Nullable String reason) {
    /** Copies the lists. */
    public Rule {
      clients = List.copyOf(clients);
      environments = List.copyOf(environments);
      tools = List.copyOf(tools);
      sources = List.copyOf(sources);
    }
  }

  /**
   * The {@code limits} section.
   *
   * @param size argument size limits; null fields keep the library defaults
   * @param rate rate limits
   */
  public record Limits(Size size, Rate rate) {}

  /**
   * {@code limits.size}; a null field keeps the library's default.
   *
   * @param maxArgumentBytes the largest arguments, in UTF-8 bytes of compact JSON
   * @param maxStringLength the longest string value
   * @param maxArrayItems the most items in one array
   * @param maxDepth the deepest nesting
   * @param maxProperties the most properties in one object
   */
  public record Size(
      @Nullable Long maxArgumentBytes,
      @Nullable Long maxStringLength,
      @Nullable Long maxArrayItems,
      @Nullable Long maxDepth,
      @Nullable Long maxProperties) {

    /**
     * Whether any size limit was configured.
     *
     * @return true if at least one field is set
     */
    public boolean configured() {
      return maxArgumentBytes != null || maxStringLength != null || maxArrayItems != null
          || maxDepth != null || maxProperties != null;
    }
  }

  /**
   * {@code limits.rate}.
   *
   * @param perClient one bucket per caller for all its calls, or null for none
   * @param perTool a bucket per caller and tool, by tool name
   */
  public record Rate(@Nullable Quota perClient, Map<String, Quota> perTool) {
    /** Copies the map. */
    public Rate {
      perTool = Map.copyOf(perTool);
    }

    /**
     * Whether any rate limit was configured.
     *
     * @return true if a client or a tool quota is set
     */
    public boolean configured() {
      return perClient != null || !perTool.isEmpty();
    }
  }

  /**
   * A token bucket.
   *
   * @param path where it is in the file
   * @param capacity the most calls in a burst
   * @param period how long a full refill takes
   */
  public record Quota(String path, long capacity, Duration period) {}

  /**
   * The {@code upstream} section.
   *
   * @param connectTimeout how long connecting may take
   * @param timeout how long a whole call may take
   * @param maxResponseBytes how much of a response is read
   * @param allowHosts the hosts calls may go to, or null for the hosts of the sources
   * @param allowLoopback whether loopback addresses are allowed
   * @param allowPrivateNetworks whether private network addresses are allowed
   * @param maxRedirects how many redirects are followed
   */
  public record Upstream(
      Duration connectTimeout,
      Duration timeout,
      int maxResponseBytes,
      @Nullable List<String> allowHosts,
      boolean allowLoopback,
      boolean allowPrivateNetworks,
      int maxRedirects) {
    /** Copies the list. */
    public Upstream {
      allowHosts = allowHosts == null ? null : List.copyOf(allowHosts);
    }
  }

  /**
   * The {@code audit} section.
   *
   * @param recordArguments whether tool arguments are recorded
   * @param redact fields whose values are never recorded
   */
  public record Audit(boolean recordArguments, List<String> redact) {
    /** Copies the list. */
    public Audit {
      redact = List.copyOf(redact);
    }
  }
}
