package dev.mcpgate.cli.internal;

import dev.mcpgate.admin.ui.OidcLogin;
import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.IdentityResult;
import dev.mcpgate.control.Retention;
import dev.mcpgate.core.OutputSchemaMode;
import dev.mcpgate.core.Source;
import dev.mcpgate.core.identity.JwtIdentityResolver;
import dev.mcpgate.core.policy.ArgumentCondition;
import dev.mcpgate.core.policy.CallerMatch;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.core.policy.ToolMatch;
import dev.mcpgate.core.upstream.TargetPolicy;
import dev.mcpgate.openapi.ImportOptions;
import dev.mcpgate.servlet.ProtectedResourceMetadata;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a {@code mcpgate serve} configuration file: YAML, loaded safely (plain maps, lists and
 * scalars only; no tags that build objects, no duplicate keys, bounded aliases, nesting and size),
 * then checked key by key into a {@link ServeConfig}. Every problem is collected and reported
 * together, each naming its path in the file; unknown keys are problems too.
 *
 * <p>Thread-safe: it holds no state.
 */
public final class ConfigLoader {

  /** The largest configuration file read. */
  public static final int MAX_FILE_BYTES = 1024 * 1024;

  /** The auth kinds a binding may have: those the upstream adapter can inject. */
  static final Set<AuthKind> INJECTABLE_KINDS = Set.of(
      AuthKind.API_KEY, AuthKind.BASIC, AuthKind.BEARER, AuthKind.OAUTH2, AuthKind.COOKIE,
      AuthKind.HMAC, AuthKind.AWS_SIG_V4, AuthKind.MUTUAL_TLS);

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:-]{1,128}");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
  private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");
  /** How SnakeYAML's messages for the limits set in {@link #yaml()} begin: they quote nothing. */
  private static final List<String> YAML_LIMITS = List.of(
      "Number of aliases", "Nesting Depth", "The incoming YAML document exceeds");
  /** The schemes of a secret reference: the only part of one a problem may name. */
  private static final Set<String> SECRET_SCHEMES = Set.of("env", "file");
  private static final String HTTPS_URI =
      "must be an absolute https URI (http only for a loopback host)";
  private static final String PARAMETER_REFERENCE =
      "each entry is a parameter name, or header:NAME, query:NAME or cookie:NAME";
  private static final String RELATIVE =
      "a relative path is read from the configuration file's directory";
  private static final List<String> SECTIONS = List.of(
      "server", "secrets", "sources", "bindings", "identity", "clients", "policy", "limits",
      "upstream", "audit", "store", "admin");

  private ConfigLoader() {}

  /**
   * Reads and checks a configuration file.
   *
   * @param file the file
   * @return the configuration
   * @throws ConfigException listing every problem found
   */
  public static ServeConfig load(Path file) {
    String label = file.toString();
    String text = read(file, label);
    return parse(text, file.toAbsolutePath().normalize(), label);
  }

  /**
   * Checks configuration text as if read from a file (relative paths resolve against the file's
   * directory).
   *
   * @param text the YAML text
   * @param file where it notionally lives
   * @param label how problems name the file
   * @return the configuration
   * @throws ConfigException listing every problem found
   */
  public static ServeConfig parse(String text, Path file, String label) {
    Object document;
    try {
      document = yaml().load(text);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark();
      String where = mark == null ? "" : "line " + (mark.getLine() + 1) + ", column "
          + (mark.getColumn() + 1) + ": ";
      String problem = e.getProblem() == null ? "not valid YAML" : e.getProblem();
      throw new ConfigException(label, List.of(where + problem));
    } catch (RuntimeException e) {
      // A limit's message is kept; any other (a scalar tagged with a type it does not have, such
      // as !!int or !!timestamp on text) quotes the value, which may be a secret.
      String message = String.valueOf(e.getMessage());
      boolean limit = e instanceof YAMLException
          && YAML_LIMITS.stream().anyMatch(message::startsWith);
      throw new ConfigException(label, List.of("not a usable YAML document: " + (limit ? message
          : "a value is tagged with a YAML type (such as !!int) that it does not have")));
    }
    List<String> problems = new ArrayList<>();
    if (document == null) {
      throw new ConfigException(label, List.of("the file is empty; at least 'sources' is needed"));
    }
    ConfigMap root = ConfigMap.of("", document, problems);
    if (root == null) {
      throw new ConfigException(label, problems);
    }
    Path dir = file.getParent() == null ? Path.of(".") : file.getParent();
    ServeConfig config = new Reader(root, dir, problems).read(file);
    if (!problems.isEmpty()) {
      throw new ConfigException(label, problems);
    }
    return config;
  }

  private static Yaml yaml() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(20);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(40);
    options.setCodePointLimit(MAX_FILE_BYTES);
    return new Yaml(new SafeConstructor(options));
  }

  private static String read(Path file, String label) {
    try {
      if (!Files.isRegularFile(file)) {
        throw new ConfigException(label, List.of("no such file"));
      }
      if (Files.size(file) > MAX_FILE_BYTES) {
        throw new ConfigException(label, List.of("larger than " + MAX_FILE_BYTES + " bytes"));
      }
      byte[] bytes = Files.readAllBytes(file);
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(label, List.of("not UTF-8 text"));
    } catch (IOException e) {
      throw new ConfigException(label, List.of("cannot read: " + e.getMessage()));
    }
  }

  /** One pass over one document. */
  private static final class Reader {
    private final ConfigMap root;
    private final Path dir;
    private final List<String> problems;

    Reader(ConfigMap root, Path dir, List<String> problems) {
      this.root = root;
      this.dir = dir;
      this.problems = problems;
    }

    ServeConfig read(Path file) {
      for (String key : root.keys()) {
        if (!SECTIONS.contains(key)) {
          root.raw(key); // reported once, below, with a hint
          problems.add(key + ": unknown key (the sections are " + String.join(", ", SECTIONS)
              + ")");
        }
      }
      ServeConfig.Server server = server(root.map("server"));
      ServeConfig.Secrets secrets = secrets(root.map("secrets"));
      List<CredentialBinding> bindings = bindings(secrets);
      List<ServeConfig.SourceEntry> sources = sources(bindings);
      ServeConfig.Identity identity = identity(root.map("identity"), server);
      List<ServeConfig.ClientEntry> clients = clients(secrets);
      ServeConfig.PolicyConfig policy = policy(root.map("policy"), clients, sources, identity);
      ServeConfig.Limits limits = limits(root.map("limits"));
      ServeConfig.Upstream upstream = upstream(root.map("upstream"));
      ServeConfig.Audit audit = audit();
      ServeConfig.Store store = store(root.has("store"), root.map("store"), secrets);
      ServeConfig.Admin admin = admin(root.map("admin"), store.declared(), server, secrets);
      root.refuseUnknownKeys();
      return new ServeConfig(file, server, secrets, sources, bindings, identity, clients, policy,
          limits, upstream, audit, store, admin);
    }

    private ServeConfig.Server server(ConfigMap map) {
      String address = orElse(map.string("address"), "127.0.0.1");
      int port = (int) map.integer("port", 8080, 0, 65535);
      String path = orElse(map.string("path"), "/mcp");
      if (!path.startsWith("/") || path.length() < 2 || path.contains("*")) {
        map.problem("path",
            "must start with '/' and name a path, such as /mcp");
      } else if (ServeConfig.HEALTH_PATHS.contains(path)) {
        map.problem("path", "is where serve answers health checks; choose another, such as /mcp");
      }
      List<String> hosts = map.strings("allowedHosts");
      List<String> origins = map.strings("allowedOrigins");
      long maxBody = map.integer("maxBodyBytes", 4L * 1024 * 1024, 1024, 256L * 1024 * 1024);
      ProtectedResourceMetadata metadata = map.has("protectedResource")
          ? protectedResource(map.map("protectedResource")) : null;
      boolean stateless = map.bool("stateless", false);
      map.refuseUnknownKeys();
      return new ServeConfig.Server(address, port, path, hosts, origins, maxBody, metadata,
          stateless);
    }

    /** Each value is checked on its own, so that a problem names the key it is about. */
    private @Nullable ProtectedResourceMetadata protectedResource(ConfigMap map) {
      int before = problems.size();
      URI resource = null;
      String resourceText = map.requiredString("resource");
      if (resourceText != null) {
        resource = uri(map, "resource", resourceText);
        if (resource != null) {
          try {
            ProtectedResourceMetadata.builder(resource).build();
          } catch (IllegalArgumentException e) {
            // The library's message quotes the URI, which may carry user info: not used.
            map.problem("resource", "must be an absolute https URI (http only for a loopback host)"
                + " without query, fragment or user info (RFC 9728)");
          }
        }
      }
      URI probe = URI.create("http://localhost/mcp");
      List<URI> servers = new ArrayList<>();
      List<String> serverTexts = map.strings("authorizationServers");
      for (int i = 0; i < serverTexts.size(); i++) {
        String at = map.path("authorizationServers") + "[" + i + "]";
        try {
          URI server = new URI(serverTexts.get(i));
          ProtectedResourceMetadata.builder(probe).authorizationServer(server).build();
          servers.add(server);
        } catch (URISyntaxException e) {
          problems.add(at + ": is not a URI");
        } catch (IllegalArgumentException e) {
          problems.add(at + ": " + HTTPS_URI);
        }
      }
      List<String> scopes = map.strings("scopesSupported");
      for (int i = 0; i < scopes.size(); i++) {
        try {
          ProtectedResourceMetadata.builder(probe).scopesSupported(List.of(scopes.get(i))).build();
        } catch (IllegalArgumentException e) {
          problems.add(map.path("scopesSupported") + "[" + i + "]: is not an OAuth scope token"
              + " (RFC 6749 §3.3: no spaces, quotes or backslashes)");
        }
      }
      String name = map.string("resourceName");
      URI documentation = null;
      String documentationText = map.string("resourceDocumentation");
      if (documentationText != null) {
        documentation = uri(map, "resourceDocumentation", documentationText);
        if (documentation != null) {
          try {
            ProtectedResourceMetadata.builder(probe).resourceDocumentation(documentation).build();
          } catch (IllegalArgumentException e) {
            map.problem("resourceDocumentation", HTTPS_URI);
          }
        }
      }
      map.refuseUnknownKeys();
      if (resource == null || problems.size() != before) {
        return null;
      }
      return new ProtectedResourceMetadata(resource, servers, scopes, name, documentation);
    }

    /**
     * A key id or hash as text. YAML reads one made of digits only as a number (0-prefixed as
     * octal), which would silently change it: such a value must be quoted.
     */
    private @Nullable String hexText(ConfigMap map, String key) {
      if (map.raw(key) instanceof Number) {
        map.problem(key, "YAML reads this as a number; put the value in quotes");
        return null;
      }
      return map.string(key);
    }

    private @Nullable URI uri(ConfigMap map, String key, String text) {
      try {
        URI uri = new URI(text);
        if (!uri.isAbsolute()) {
          map.problem(key, "must be an absolute URI");
          return null;
        }
        return uri;
      } catch (URISyntaxException e) {
        map.problem(key, "is not a URI");
        return null;
      }
    }

    private ServeConfig.Identity identity(ConfigMap map, ServeConfig.Server server) {
      ServeConfig.Jwt jwt = map.has("jwt") ? jwt(map.map("jwt"), server) : null;
      map.refuseUnknownKeys();
      return new ServeConfig.Identity(jwt);
    }

    /**
     * Every value goes through the resolver's own builder, so that the file accepts exactly what
     * the library does; a value it refuses is reported with its path.
     */
    private ServeConfig.@Nullable Jwt jwt(ConfigMap map, ServeConfig.Server server) {
      int before = problems.size();
      JwtIdentityResolver.Builder probe = JwtIdentityResolver.builder();
      URI jwksUrl = null;
      String jwksText = map.requiredString("jwksUrl");
      if (jwksText != null) {
        jwksUrl = uri(map, "jwksUrl", jwksText);
        if (jwksUrl != null) {
          try {
            probe.jwksUrl(jwksUrl);
          } catch (IllegalArgumentException e) {
            map.problem("jwksUrl", HTTPS_URI);
          }
        }
      }
      String issuer = map.requiredString("issuer");
      String audience = map.string("audience");
      if (audience == null && server.protectedResource() != null) {
        audience = server.protectedResource().resource().toString();
      } else if (audience == null) {
        map.problem("audience", "is required (this resource's URI, which tokens carry as aud)"
            + " unless server.protectedResource.resource gives it");
      }
      Set<String> algorithms = null;
      if (map.has("algorithms")) {
        List<String> listed = map.strings("algorithms");
        for (int i = 0; i < listed.size(); i++) {
          if (!JwtIdentityResolver.SUPPORTED_ALGORITHMS.contains(listed.get(i))) {
            problems.add(map.path("algorithms") + "[" + i + "]: is not accepted (never none,"
                + " never an HMAC algorithm); use one of "
                + String.join(", ", new TreeSet<>(JwtIdentityResolver.SUPPORTED_ALGORITHMS)));
          }
        }
        algorithms = new LinkedHashSet<>(listed);
        if (algorithms.isEmpty()) {
          map.problem("algorithms", "lists no algorithm; omit the key for the default (RS256,"
              + " ES256)");
        }
      }
      Duration clockSkew = null;
      if (map.has("clockSkew")) {
        clockSkew = map.durationOrZero("clockSkew");
        if (clockSkew != null) {
          try {
            probe.clockSkew(clockSkew);
          } catch (IllegalArgumentException e) {
            map.problem("clockSkew", e.getMessage());
          }
        }
      }
      ServeConfig.Claims claims = claims(map.map("claims"));
      Set<String> requiredScopes = new LinkedHashSet<>(map.strings("requiredScopes"));
      ConfigMap cache = map.map("cache");
      Long cacheSize = cache.optionalInteger("maximumSize", 0, Long.MAX_VALUE);
      Duration cacheAge = null;
      if (cache.has("maximumAge")) {
        cacheAge = cache.duration("maximumAge", Duration.ofMinutes(5));
      }
      cache.refuseUnknownKeys();
      map.refuseUnknownKeys();
      if (jwksUrl == null || issuer == null || audience == null || problems.size() != before) {
        return null;
      }
      return new ServeConfig.Jwt(jwksUrl, issuer, audience, algorithms, clockSkew, claims,
          requiredScopes, cacheSize, cacheAge);
    }

    private ServeConfig.Claims claims(ConfigMap map) {
      ServeConfig.Claims claims = new ServeConfig.Claims(
          map.string("subject"), nonEmpty(map, "clientId"), map.string("agent"),
          map.string("workload"), map.string("tenant"), map.string("environment"),
          map.string("surface"), nonEmpty(map, "scopes"), map.strings("roles"),
          map.stringMap("attributes"));
      map.refuseUnknownKeys();
      return claims;
    }

    /** A list that, when given, must name something: an empty one would silently map nothing. */
    private List<String> nonEmpty(ConfigMap map, String key) {
      List<String> values = map.strings(key);
      if (values.isEmpty() && map.raw(key) instanceof List) {
        map.problem(key, "lists no claim; omit the key for the default");
      }
      return values;
    }

    /**
     * The {@code store} section. A relative SQLite path is read from the file's directory; a
     * PostgreSQL password is a secret reference, checked like the others.
     */
    private ServeConfig.Store store(boolean declared, ConfigMap map, ServeConfig.Secrets secrets) {
      String url = map.string("url");
      if (url == null) {
        url = "jdbc:sqlite:" + dir.resolve("mcpgate.db").toAbsolutePath().normalize();
      } else if (url.startsWith("jdbc:sqlite:")) {
        String path = url.substring("jdbc:sqlite:".length());
        if (path.isBlank() || path.startsWith(":memory:") || path.contains("?")) {
          map.problem("url", "jdbc:sqlite: must name a database file, such as"
              + " jdbc:sqlite:mcpgate.db (" + RELATIVE + ")");
        } else {
          url = "jdbc:sqlite:" + dir.resolve(path).toAbsolutePath().normalize();
        }
      } else if (!url.startsWith("jdbc:postgresql://")) {
        // Only the scheme is named: a URL may carry a password.
        map.problem("url", "must be jdbc:sqlite:FILE or jdbc:postgresql://HOST/DATABASE");
      }
      String user = map.string("user");
      String passwordRef = map.string("passwordRef");
      if (passwordRef != null) {
        checkRef(map, "passwordRef", passwordRef, secrets);
      }
      if ((user != null || passwordRef != null) && !url.startsWith("jdbc:postgresql:")) {
        map.problem(user != null ? "user" : "passwordRef", "only a PostgreSQL store has a user"
            + " and a password");
      }
      String environment = orElse(map.string("environment"), "production");
      if (!ID.matcher(environment).matches()) {
        map.problem("environment", "must be 1 to 128 of A-Z a-z 0-9 _ . : -");
        environment = "production";
      }
      Duration poll = map.duration("poll", Duration.ofMillis(500));
      if (poll.compareTo(Duration.ofMillis(50)) < 0 || poll.compareTo(Duration.ofSeconds(60)) > 0) {
        map.problem("poll", "must be 50ms to 60s");
        poll = Duration.ofMillis(500);
      }
      Retention retention = auditRetention(map.map("audit"));
      map.refuseUnknownKeys();
      return new ServeConfig.Store(url, user, passwordRef, environment, poll, retention,
          declared);
    }

    /** {@code store.audit}: how long the store keeps data-plane audit events. */
    private Retention auditRetention(ConfigMap map) {
      Retention defaults = Retention.defaults();
      Duration maxAge = map.duration("maxAge", defaults.maxAge());
      if (maxAge.compareTo(Duration.ofHours(1)) < 0) {
        map.problem("maxAge", "must be at least 1 hour (PT1H)");
        maxAge = defaults.maxAge();
      }
      long maxCount = map.integer("maxCount", defaults.maxCount(), 1_000,
          1_000_000_000);
      map.refuseUnknownKeys();
      return new Retention(maxAge, maxCount);
    }

    /** On by default with a store; a non-loopback address needs the acknowledgement. */
    private ServeConfig.Admin admin(ConfigMap map, boolean storeDeclared,
        ServeConfig.Server server, ServeConfig.Secrets secrets) {
      boolean explicit = map.has("enabled");
      boolean enabled = map.bool("enabled", storeDeclared);
      String address = orElse(map.string("address"), "127.0.0.1");
      int port = (int) map.integer("port", 8081, 0, 65535);
      String path = orElse(map.string("path"), "/admin");
      boolean allowNonLoopback = map.bool("allowNonLoopback", false);
      boolean mcpAllowUnconfirmed = map.bool("mcpAllowUnconfirmed", false);
      ServeConfig.AdminOidc oidc = map.has("oidc") ? adminOidc(map.map("oidc"), secrets) : null;
      map.refuseUnknownKeys();
      if (explicit && enabled && !storeDeclared) {
        map.problem("enabled", "the admin API manages the control-plane store: add a store"
            + " section, or remove admin.enabled");
      }
      if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/")
          || path.contains("*") || path.contains("?") || path.contains("#")) {
        map.problem("path", "must start with '/' and name a path without a trailing '/', such as"
            + " /admin");
      }
      if (enabled && !allowNonLoopback && !StandaloneGateway.isLoopback(address)) {
        // The address is not quoted: problems never repeat values.
        map.problem("address", "is not a loopback address, and serve answers the admin API in"
            + " plain HTTP (it has no TLS): anyone who reaches it can try operator tokens. Keep"
            + " 127.0.0.1 and reach it through SSH or a TLS-terminating proxy, or set"
            + " admin.allowNonLoopback: true to accept the risk");
      }
      if (enabled && port != 0 && port == server.port()) {
        map.problem("port", "must differ from server.port: the admin API has a listener of its"
            + " own, so that the MCP port never serves it");
      }
      return new ServeConfig.Admin(enabled, address, port, path, allowNonLoopback,
          mcpAllowUnconfirmed, oidc);
    }

    /** {@code admin.oidc}: checked as the UI's login and the API's resolver will use it. */
    private ServeConfig.@Nullable AdminOidc adminOidc(ConfigMap map, ServeConfig.Secrets secrets) {
      int before = problems.size();
      String issuerText = map.requiredString("issuer");
      String jwksText = map.requiredString("jwksUrl");
      String audience = map.requiredString("audience");
      String clientId = map.requiredString("clientId");
      String clientSecretRef = map.string("clientSecretRef");
      List<String> scopes = map.has("scopes") ? map.strings("scopes") : List.of();
      map.refuseUnknownKeys();
      URI issuer = issuerText == null ? null : uri(map, "issuer", issuerText);
      URI jwksUrl = jwksText == null ? null : uri(map, "jwksUrl", jwksText);
      if (jwksUrl != null) {
        try {
          JwtIdentityResolver.builder().jwksUrl(jwksUrl);
        } catch (IllegalArgumentException e) {
          map.problem("jwksUrl", HTTPS_URI);
        }
      }
      if (issuer != null) {
        try {
          // The same rule as a JWKS URL: https, or http on loopback only.
          JwtIdentityResolver.builder().jwksUrl(issuer);
        } catch (IllegalArgumentException e) {
          map.problem("issuer", HTTPS_URI);
          issuer = null;
        }
      }
      if (clientSecretRef != null) {
        checkRef(map, "clientSecretRef", clientSecretRef, secrets);
      }
      if (issuer != null && clientId != null) {
        try {
          // The UI's own checks: the issuer's scheme, the client id and the scopes.
          OidcLogin.Builder login = OidcLogin.builder(issuer, clientId, request ->
              new IdentityResult.Unauthenticated(Set.of()));
          scopes.forEach(login::scope);
          login.build();
        } catch (IllegalArgumentException e) {
          map.problem(e.getMessage().startsWith("oidc issuer") ? "issuer"
              : e.getMessage().startsWith("oidc clientId") ? "clientId" : "scopes",
              e.getMessage().replaceFirst("^oidc \\w+ ", ""));
        }
      }
      if (problems.size() > before || issuer == null || jwksUrl == null || audience == null
          || clientId == null) {
        return null;
      }
      return new ServeConfig.AdminOidc(issuer, jwksUrl, audience, clientId, clientSecretRef,
          scopes);
    }

    private ServeConfig.Secrets secrets(ConfigMap map) {
      String files = map.string("files");
      map.refuseUnknownKeys();
      if (files == null) {
        return new ServeConfig.Secrets(null);
      }
      Path root = dir.resolve(files).normalize();
      if (!Files.isDirectory(root)) {
        map.problem("files", "no such directory (" + RELATIVE + ")");
      }
      return new ServeConfig.Secrets(root);
    }

    private List<CredentialBinding> bindings(ServeConfig.Secrets secrets) {
      List<CredentialBinding> out = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      for (ConfigMap map : root.maps("bindings")) {
        String id = id(map, ids, "binding");
        String kindName = map.requiredString("kind");
        AuthKind kind = null;
        if (kindName != null) {
          try {
            kind = AuthKind.fromWireName(kindName);
            if (!INJECTABLE_KINDS.contains(kind)) {
              map.problem("kind", "mcpgate cannot inject '" + kind.wireName() + "' credentials;"
                  + " use one of " + wireNames(INJECTABLE_KINDS));
              kind = null;
            }
          } catch (IllegalArgumentException e) {
            map.problem("kind", "not an auth kind; use one of " + wireNames(INJECTABLE_KINDS));
          }
        }
        String secretRef = map.requiredString("secretRef");
        if (secretRef != null) {
          checkRef(map, "secretRef", secretRef, secrets);
        }
        ConfigMap profileMap = map.map("profiles");
        Map<String, String> profiles = new LinkedHashMap<>();
        for (String env : profileMap.keys()) {
          String ref = profileMap.string(env);
          if (ref != null) {
            checkRef(profileMap, env, ref, secrets);
            profiles.put(env, ref);
          }
        }
        Map<String, String> settings = map.stringMap("settings");
        if (kind != null) {
          requireSetting(map, kind, settings);
        }
        map.refuseUnknownKeys();
        if (id != null && kind != null && secretRef != null) {
          out.add(new CredentialBinding(id, kind, secretRef, profiles, settings));
        }
      }
      return out;
    }

    private void requireSetting(ConfigMap map, AuthKind kind, Map<String, String> settings) {
      String needed = switch (kind) {
        case API_KEY -> "name";
        case OAUTH2 -> "tokenUrl";
        case COOKIE -> "loginUrl";
        case AWS_SIG_V4 -> settings.containsKey("region") ? "service" : "region";
        default -> null;
      };
      if (needed != null && !settings.containsKey(needed)) {
        problems.add(map.path("settings") + "." + needed + ": is required for a '"
            + kind.wireName() + "' binding");
      }
      if (kind == AuthKind.API_KEY) {
        String in = settings.getOrDefault("in", "header").toLowerCase(Locale.ROOT);
        if (!Set.of("header", "query", "cookie").contains(in)) {
          problems.add(map.path("settings") + ".in: must be header, query or cookie");
        }
      }
    }

    /**
     * A value here that is not a reference is most likely the secret itself, pasted in, and one
     * with a colon may be a {@code user:password}: no part of it is ever echoed, not even what
     * comes before the colon unless it is a scheme this loader reads.
     */
    private void checkRef(ConfigMap map, String key, String ref, ServeConfig.Secrets secrets) {
      int colon = ref.indexOf(':');
      String scheme = colon < 0 ? "" : ref.substring(0, colon);
      boolean named = colon >= 0 && !ref.substring(colon + 1).isBlank();
      if (scheme.equals("env") && named) {
        return;
      }
      if (scheme.equals("file") && named) {
        if (secrets.files() == null) {
          map.problem(key, "a file: reference needs secrets.files (the directory it is read from)");
        }
        return;
      }
      String expected = "expected env:NAME or file:PATH (PATH relative to secrets.files)";
      if (SECRET_SCHEMES.contains(scheme)) {
        map.problem(key, scheme + ": names nothing; " + expected);
      } else {
        map.problem(key, "not a secret reference; " + expected);
      }
    }

    private List<ServeConfig.SourceEntry> sources(List<CredentialBinding> bindings) {
      List<ServeConfig.SourceEntry> out = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      // With a store, the sources may all come from it.
      boolean storeDeclared = root.raw("store") != null;
      if (!root.has("sources") && !storeDeclared) {
        problems.add("sources: at least one source is required");
      }
      Set<String> bindingIds = new HashSet<>();
      bindings.forEach(b -> bindingIds.add(b.id()));
      Set<String> declaredBindings = declaredIds("bindings");
      for (ConfigMap map : root.maps("sources")) {
        String id = id(map, ids, "source");
        if (id != null && !importable(() -> ImportOptions.builder().sourceId(id).build())) {
          map.problem("id", "a source id is 1 to 64 of A-Z a-z 0-9 _ . : -");
        }
        String description = map.requiredString("description");
        String location = description == null ? null : description(map, description);
        String baseUrl = map.string("baseUrl");
        if (baseUrl != null) {
          checkBaseUrl(map, baseUrl);
        }
        boolean approved = map.bool("approved", false);
        Set<String> operations = null;
        if (map.has("operations")) {
          List<String> listed = map.strings("operations");
          operations = new LinkedHashSet<>(listed);
          if (listed.isEmpty() && map.raw("operations") instanceof List) {
            map.problem("operations", "lists no operation; omit the key to serve all operations");
          }
        }
        String binding = map.string("binding");
        if (binding != null && !bindingIds.contains(binding)
            && !declaredBindings.contains(binding)) {
          map.problem("binding", "no binding '" + binding + "'"
              + (bindingIds.isEmpty() ? " (the file declares no bindings)"
                  : "; bindings are " + String.join(", ", bindingIds.stream().sorted().toList())));
        }
        String prefix = map.string("toolPrefix");
        if (prefix != null
            && !importable(() -> ImportOptions.builder().namePrefix(prefix).build())) {
          map.problem("toolPrefix", "must be 1 to 16 of A-Z a-z 0-9 _ -, starting with a letter or"
              + " digit");
        }
        List<String> credentialParameters = map.strings("credentialParameters");
        List<String> inputParameters = map.strings("inputParameters");
        boolean credentialsFit = importable(() -> ImportOptions.builder()
            .credentialParameters(credentialParameters).build());
        boolean inputsFit = importable(() -> ImportOptions.builder()
            .inputParameters(inputParameters).build());
        if (!credentialsFit) {
          map.problem("credentialParameters", PARAMETER_REFERENCE);
        }
        if (!inputsFit) {
          map.problem("inputParameters", PARAMETER_REFERENCE);
        }
        if (credentialsFit && inputsFit && !importable(() -> ImportOptions.builder()
            .credentialParameters(credentialParameters).inputParameters(inputParameters)
            .build())) {
          map.problem("inputParameters", "a parameter is also listed in credentialParameters");
        }
        OutputSchemaMode outputSchemas = outputSchemas(map);
        map.refuseUnknownKeys();
        if (id != null && location != null) {
          out.add(new ServeConfig.SourceEntry(map.path(), id, location, baseUrl, approved,
              operations, binding, prefix, outputSchemas, credentialParameters, inputParameters));
        }
      }
      if (root.has("sources") && out.isEmpty() && problems.isEmpty() && !storeDeclared) {
        problems.add("sources: at least one source is required");
      }
      return out;
    }

    /**
     * A source's description: an http(s) URL, fetched when the sources are imported, or a file
     * relative to the configuration's directory, which must exist now.
     */
    private @Nullable String description(ConfigMap map, String description) {
      if (ServeConfig.isUrl(description)) {
        try {
          URI uri = new URI(description);
          if (uri.getHost() == null) {
            map.problem("description", "must be an absolute http or https URL with a host");
          } else if (uri.getRawUserInfo() != null) {
            map.problem("description", "must not carry credentials");
          } else {
            return description;
          }
        } catch (URISyntaxException e) {
          map.problem("description", "is not a URL");
        }
        return null;
      }
      Path file = dir.resolve(description).normalize();
      if (!Files.isRegularFile(file)) {
        map.problem("description", "no such file (" + RELATIVE + "; or an http(s) URL)");
        return null;
      }
      return file.toString();
    }

    /**
     * Whether the importer accepts a source's options: the file takes exactly what it does. Its
     * message quotes the value, so it is not used.
     */
    private static boolean importable(Runnable options) {
      try {
        options.run();
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    private void checkBaseUrl(ConfigMap map, String baseUrl) {
      try {
        URI uri = new URI(baseUrl);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
          map.problem("baseUrl", "must be an absolute http or https URL");
        } else if (uri.getRawUserInfo() != null) {
          map.problem("baseUrl", "must not carry credentials; use a binding");
        }
      } catch (URISyntaxException e) {
        map.problem("baseUrl", "is not a URL");
      }
    }

    private List<ServeConfig.ClientEntry> clients(ServeConfig.Secrets secrets) {
      List<ServeConfig.ClientEntry> out = new ArrayList<>();
      Set<String> ids = new HashSet<>();
      Map<String, String> keyIds = new HashMap<>();
      Map<String, String> hashes = new HashMap<>();
      for (ConfigMap map : root.maps("clients")) {
        String id = id(map, ids, "client");
        for (String old : List.of("apiKeyHash", "apiKeyRef", "environment")) {
          if (map.raw(old) != null) {
            map.problem(old, "no longer read: a client's keys are listed by profile, as"
                + " profiles.<profile>.keys[] {id, hash} or {ref}; see docs/configuration.md");
          }
        }
        String tenant = map.string("tenant");
        String displayName = map.string("displayName");
        List<String> scopes = map.strings("scopes");
        Map<String, String> attributes = map.stringMap("attributes");
        boolean revoked = map.bool("revoked", false);
        List<ServeConfig.ProfileEntry> profiles = new ArrayList<>();
        ConfigMap profileMap = map.map("profiles");
        for (String name : profileMap.keys()) {
          if (!ID.matcher(name).matches()) {
            profileMap.raw(name);
            profileMap.problem(name, "a profile name is 1 to 128 of A-Z a-z 0-9 _ . : -");
            continue;
          }
          profiles.add(profile(profileMap.map(name), name, id, secrets, keyIds, hashes));
        }
        profileMap.refuseUnknownKeys();
        map.refuseUnknownKeys();
        if (id != null) {
          out.add(new ServeConfig.ClientEntry(map.path(), id, tenant, displayName,
              new LinkedHashSet<>(scopes), attributes, revoked, profiles));
        }
      }
      return out;
    }

    private ServeConfig.ProfileEntry profile(
        ConfigMap map, String name, @Nullable String clientId, ServeConfig.Secrets secrets,
        Map<String, String> keyIds, Map<String, String> hashes) {
      boolean revoked = map.bool("revoked", false);
      List<ServeConfig.KeyEntry> keys = new ArrayList<>();
      for (ConfigMap key : map.maps("keys")) {
        String owner = (clientId == null ? "?" : clientId) + "/" + name;
        // Presence decides the shape; a value with a problem of its own is then left out.
        boolean hasId = key.has("id");
        boolean hasHash = key.has("hash");
        String keyId = hexText(key, "id");
        String hash = hexText(key, "hash");
        String ref = key.string("ref");
        key.refuseUnknownKeys();
        if (key.has("ref") && (hasId || hasHash)) {
          key.problem("ref", "give either id and hash, or ref, not both");
          continue;
        }
        if (key.has("ref")) {
          if (ref != null) {
            checkRef(key, "ref", ref, secrets);
            keys.add(new ServeConfig.KeyEntry(key.path(), null, null, ref));
          }
          continue;
        }
        if (!hasId && !hasHash) {
          key.problem("id", "give id and hash (java -jar mcpgate.jar hash-key prints both), or"
              + " ref");
          continue;
        }
        if (!hasId) {
          key.problem("id", "is required with hash");
        } else if (keyId != null && !KEY_ID.matcher(keyId).matches()) {
          // A whole key, or its secret part, pasted as its id is a secret: never echo it.
          key.problem("id", "must be the 16 lower-case hex digits after mgk_ in the key"
              + (keyId.startsWith("mgk_") ? ", was a whole key" : ""));
          keyId = null;
        } else if (keyId != null) {
          String other = keyIds.putIfAbsent(keyId, owner);
          if (other != null) {
            key.problem("id", "the same key id as a key of " + other);
            keyId = null;
          }
        }
        if (!hasHash) {
          key.problem("hash", "is required with id");
        } else if (hash != null && !SHA256_HEX.matcher(hash).matches()) {
          key.problem("hash", "must be 64 hexadecimal digits (the SHA-256 of the key;"
              + " java -jar mcpgate.jar hash-key prints it)");
          hash = null;
        } else if (hash != null) {
          hash = hash.toLowerCase(Locale.ROOT);
          String other = hashes.putIfAbsent(hash, owner);
          if (other != null) {
            key.problem("hash", "the same key as a key of " + other);
            hash = null;
          }
        }
        if (keyId != null && hash != null) {
          keys.add(new ServeConfig.KeyEntry(key.path(), keyId, hash, null));
        }
      }
      map.refuseUnknownKeys();
      return new ServeConfig.ProfileEntry(map.path(), name, revoked, keys);
    }

    private ServeConfig.PolicyConfig policy(
        ConfigMap map, List<ServeConfig.ClientEntry> clients,
        List<ServeConfig.SourceEntry> sources, ServeConfig.Identity identity) {
      String fallback = orElse(map.string("default"), "deny");
      boolean defaultAllow = false;
      if (fallback.equals("allow")) {
        defaultAllow = true;
      } else if (!fallback.equals("deny")) {
        map.problem("default", "must be allow or deny");
      }
      boolean dryRun = map.bool("dryRun", false);
      Set<String> clientIds = declaredIds("clients");
      clients.forEach(c -> clientIds.add(c.id()));
      Set<String> sourceIds = declaredIds("sources");
      sources.forEach(s -> sourceIds.add(s.id()));
      Set<String> ruleIds = new HashSet<>();
      List<ServeConfig.Rule> rules = new ArrayList<>();
      for (ConfigMap rule : map.maps("rules")) {
        ServeConfig.Rule read = rule(rule, ruleIds, clientIds, sourceIds, identity);
        if (read != null) {
          rules.add(read);
        }
      }
      map.refuseUnknownKeys();
      return new ServeConfig.PolicyConfig(defaultAllow, dryRun, rules);
    }

    /** One rule, read into the engine's own record; each value is checked where it is. */
    private ServeConfig.@Nullable Rule rule(
        ConfigMap rule, Set<String> ruleIds, Set<String> clientIds, Set<String> sourceIds,
        ServeConfig.Identity identity) {
      int before = problems.size();
      String effect = rule.requiredString("effect");
      if (effect != null && !effect.equals("allow") && !effect.equals("deny")) {
        rule.problem("effect", "must be allow or deny");
      }
      String id = rule.string("id");
      if (id == null) {
        id = rule.path();
      } else if (id.length() > 200 || id.chars().anyMatch(Character::isISOControl)) {
        rule.problem("id", "a rule id is 1 to 200 characters without control characters");
      } else if (id.equals(ServeConfig.DEFAULT_ALLOW_RULE)) {
        rule.problem("id", "'" + id + "' is the rule that policy.default: allow adds");
      }
      if (!ruleIds.add(id)) {
        rule.problem("id", "another rule already has the id '" + id + "'");
      }
      String reason = rule.string("reason");

      List<String> ruleClients = rule.strings("clients");
      for (int i = 0; i < ruleClients.size(); i++) {
        // With JWTs, client ids come from tokens: they need not be declared here.
        if (identity.jwt() == null && !clientIds.contains(ruleClients.get(i))) {
          problems.add(rule.path("clients") + "[" + i + "]: no client '" + ruleClients.get(i)
              + "'");
        }
      }
      CallerMatch caller = new CallerMatch(
          set(rule.strings("subjects")), set(rule.strings("agents")),
          set(rule.strings("workloads")), set(ruleClients), set(rule.strings("surfaces")),
          set(rule.strings("tenants")), set(rule.strings("environments")),
          set(rule.strings("authMethods")), set(rule.strings("scopes")),
          set(rule.strings("allScopes")), attributes(rule.map("attributes")));

      List<String> tools = rule.strings("tools");
      for (int i = 0; i < tools.size(); i++) {
        try {
          new ToolMatch(Set.of(tools.get(i)), Set.of(), Set.of(), Set.of(), null, null, null,
              null);
        } catch (IllegalArgumentException e) {
          problems.add(rule.path("tools") + "[" + i + "]: a tool name or glob is 1 to 256 of"
              + " A-Z a-z 0-9 _ . - * ?");
        }
      }
      List<String> ruleSources = rule.strings("sources");
      for (int i = 0; i < ruleSources.size(); i++) {
        if (!sourceIds.contains(ruleSources.get(i))) {
          problems.add(rule.path("sources") + "[" + i + "]: no source '" + ruleSources.get(i)
              + "'");
        }
      }
      List<String> methods = rule.strings("httpMethods");
      for (int i = 0; i < methods.size(); i++) {
        try {
          new ToolMatch(Set.of(), Set.of(), Set.of(), Set.of(methods.get(i)), null, null, null,
              null);
        } catch (IllegalArgumentException e) {
          problems.add(rule.path("httpMethods") + "[" + i + "]: is not an HTTP method");
        }
      }
      List<String> tags = rule.strings("tags");
      ConfigMap hints = rule.map("annotations");
      Boolean readOnly = optionalBool(hints, "readOnly");
      Boolean destructive = optionalBool(hints, "destructive");
      Boolean idempotent = optionalBool(hints, "idempotent");
      Boolean openWorld = optionalBool(hints, "openWorld");
      hints.refuseUnknownKeys();

      List<ArgumentCondition> arguments = new ArrayList<>();
      for (ConfigMap condition : rule.maps("arguments")) {
        ArgumentCondition read = argument(condition);
        if (read != null) {
          arguments.add(read);
        }
      }
      rule.refuseUnknownKeys();
      if (problems.size() != before || effect == null) {
        return null;
      }
      ToolMatch tool = new ToolMatch(set(tools), set(tags), set(ruleSources), set(methods),
          readOnly, destructive, idempotent, openWorld);
      PolicyRule.Effect ruleEffect =
          effect.equals("allow") ? PolicyRule.Effect.ALLOW : PolicyRule.Effect.DENY;
      return new ServeConfig.Rule(rule.path(),
          new PolicyRule(id, ruleEffect, reason, caller, tool, arguments));
    }

    private Map<String, Set<String>> attributes(ConfigMap map) {
      Map<String, Set<String>> out = new LinkedHashMap<>();
      for (String name : map.keys()) {
        List<String> values = map.strings(name);
        if (values.isEmpty()) {
          map.problem(name, "lists no value; it could never match");
        } else {
          out.put(name, set(values));
        }
      }
      return out;
    }

    private @Nullable Boolean optionalBool(ConfigMap map, String key) {
      if (!map.has(key)) {
        return null;
      }
      Object raw = map.raw(key);
      if (raw instanceof Boolean b) {
        return b;
      }
      map.problem(key, "expected true or false, found " + ConfigMap.describe(raw));
      return null;
    }

    /** {@code {argument: amount, operator: "<=", value: 1000}}. */
    private @Nullable ArgumentCondition argument(ConfigMap map) {
      String argument = map.requiredString("argument");
      String symbol = map.requiredString("operator");
      ArgumentCondition.Operator operator = null;
      if (symbol != null) {
        for (ArgumentCondition.Operator candidate : ArgumentCondition.Operator.values()) {
          if (candidate.symbol().equals(symbol)) {
            operator = candidate;
          }
        }
        if (operator == null) {
          map.problem("operator", "must be one of ==, !=, in, not in, <, <=, >, >=");
        }
      }
      if (!map.has("value")) {
        map.problem("value", "is required");
      }
      Object value = map.raw("value");
      map.refuseUnknownKeys();
      if (argument == null || operator == null || value == null) {
        return null;
      }
      try {
        return new ArgumentCondition(argument, operator, value);
      } catch (IllegalArgumentException e) {
        // The library's message quotes the value, which a condition may compare to a secret.
        map.problem("value", operator.membership()
            ? "must be a non-empty list of strings, booleans or finite numbers"
            : operator.ordering() ? "must be a finite number"
                : "must be a string, boolean or finite number");
        return null;
      }
    }

    private ServeConfig.Limits limits(ConfigMap map) {
      ConfigMap size = map.map("size");
      ServeConfig.Size sizeLimits = new ServeConfig.Size(
          size.optionalInteger("maxArgumentBytes", 2, Long.MAX_VALUE),
          size.optionalInteger("maxStringLength", 1, Integer.MAX_VALUE),
          size.optionalInteger("maxArrayItems", 1, Integer.MAX_VALUE),
          size.optionalInteger("maxDepth", 1, 1000),
          size.optionalInteger("maxProperties", 1, Integer.MAX_VALUE));
      size.refuseUnknownKeys();
      ConfigMap rate = map.map("rate");
      ServeConfig.Quota perClient = rate.has("perClient") ? quota(rate.map("perClient")) : null;
      ConfigMap perToolMap = rate.map("perTool");
      Map<String, ServeConfig.Quota> perTool = new LinkedHashMap<>();
      for (String tool : perToolMap.keys()) {
        ServeConfig.Quota quota = quota(perToolMap.map(tool));
        if (quota != null) {
          perTool.put(tool, quota);
        }
      }
      rate.refuseUnknownKeys();
      map.refuseUnknownKeys();
      return new ServeConfig.Limits(sizeLimits, new ServeConfig.Rate(perClient, perTool));
    }

    private ServeConfig.@Nullable Quota quota(ConfigMap map) {
      int before = problems.size();
      if (!map.has("capacity")) {
        map.problem("capacity", "is required");
      }
      if (!map.has("period")) {
        map.problem("period", "is required (an ISO-8601 duration such as PT1M)");
      }
      long capacity = map.integer("capacity", 1, 1, Long.MAX_VALUE);
      Duration period = map.duration("period", Duration.ofMinutes(1));
      if (period.compareTo(Duration.ofDays(366)) > 0) {
        map.problem("period", "must be at most 366 days");
      } else if (capacity > period.toNanos()) {
        map.problem("capacity", "refills faster than one call per nanosecond of the period");
      }
      map.refuseUnknownKeys();
      return problems.size() == before ? new ServeConfig.Quota(map.path(), capacity, period) : null;
    }

    private ServeConfig.Upstream upstream(ConfigMap map) {
      Duration connect = map.duration("connectTimeout", Duration.ofSeconds(5));
      Duration timeout = map.duration("timeout", Duration.ofSeconds(30));
      int maxResponse = (int) map.integer("maxResponseBytes", 4L * 1024 * 1024, 1,
          256L * 1024 * 1024);
      List<String> hosts = null;
      if (map.has("allowHosts")) {
        hosts = map.strings("allowHosts");
        for (int i = 0; i < hosts.size(); i++) {
          try {
            TargetPolicy.builder().allowHost(hosts.get(i));
          } catch (IllegalArgumentException e) {
            problems.add(map.path("allowHosts") + "[" + i + "]: is not a host name, IP literal"
                + " or *.domain pattern (no scheme, user info, port or path)");
          }
        }
      }
      boolean loopback = map.bool("allowLoopback", false);
      boolean privateNetworks = map.bool("allowPrivateNetworks", false);
      int redirects = (int) map.integer("maxRedirects", 0, 0, 20);
      map.refuseUnknownKeys();
      return new ServeConfig.Upstream(connect, timeout, maxResponse, hosts, loopback,
          privateNetworks, redirects);
    }

    /** {@code sources[].outputSchemas}: strict, lenient (the default) or none. */
    private OutputSchemaMode outputSchemas(ConfigMap map) {
      String name = map.string("outputSchemas");
      if (name == null) {
        return Source.DEFAULT_OUTPUT_SCHEMAS;
      }
      try {
        return OutputSchemaMode.fromWireName(name);
      } catch (IllegalArgumentException e) {
        map.problem("outputSchemas", "must be strict, lenient or none");
        return Source.DEFAULT_OUTPUT_SCHEMAS;
      }
    }

    private ServeConfig.Audit audit() {
      ConfigMap map = root.map("audit");
      ServeConfig.AuditOutput output = AuditTrail.output(map, dir, problems);
      Object arguments = map.raw("arguments");
      ServeConfig.Audit audit = new ServeConfig.Audit(false, List.of(), output);
      if (arguments == null || "none".equals(arguments)) {
        // the default: arguments are not recorded
      } else if (arguments instanceof Map) {
        ConfigMap args = ConfigMap.of(map.path("arguments"), arguments, problems);
        if (args != null) {
          if (!args.has("redact")) {
            args.problem("redact", "is required: list the fields never recorded, or [] for none");
          }
          audit = new ServeConfig.Audit(true, args.strings("redact"), output);
          args.refuseUnknownKeys();
        }
      } else {
        map.problem("arguments", "must be none or {redact: [field, ...]}, was "
            + ConfigMap.describe(arguments));
      }
      map.refuseUnknownKeys();
      return audit;
    }

    private @Nullable String id(ConfigMap map, Set<String> seen, String what) {
      String id = map.requiredString("id");
      if (id == null) {
        return null;
      }
      if (!ID.matcher(id).matches()) {
        map.problem("id", "a " + what + " id is 1 to 128 of A-Z a-z 0-9 _ . : -");
        return null;
      }
      if (!seen.add(id)) {
        map.problem("id", "another " + what + " already has the id '" + id + "'");
        return null;
      }
      return id;
    }

    /** Ids written in a list section, even in entries that have other problems. */
    private Set<String> declaredIds(String section) {
      Set<String> ids = new HashSet<>();
      if (root.has(section) && root.raw(section) instanceof List<?> list) {
        for (Object item : list) {
          if (item instanceof Map<?, ?> m && m.get("id") != null) {
            ids.add(String.valueOf(m.get("id")));
          }
        }
      }
      return ids;
    }
  }

  private static Set<String> set(List<String> values) {
    return new LinkedHashSet<>(values);
  }

  private static String orElse(@Nullable String value, String fallback) {
    return value == null ? fallback : value;
  }

  private static String wireNames(Set<AuthKind> kinds) {
    return String.join(", ", kinds.stream().map(AuthKind::wireName).sorted().toList());
  }
}
