package dev.mcpgate.cli.internal;

import dev.mcpgate.api.AuthKind;
import dev.mcpgate.api.CallerContext;
import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.CredentialResolution;
import dev.mcpgate.control.Actor;
import dev.mcpgate.control.Baseline;
import dev.mcpgate.control.BaselinePlan;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.ImportSettings;
import dev.mcpgate.control.LimitDefinition;
import dev.mcpgate.control.Role;
import dev.mcpgate.control.RuleDefinition;
import dev.mcpgate.control.Surface;
import dev.mcpgate.core.credentials.EnvironmentSecrets;
import dev.mcpgate.core.credentials.SecretStores;
import dev.mcpgate.core.identity.ClientRegistry;
import dev.mcpgate.core.policy.PolicyRule;
import dev.mcpgate.openapi.ApiImporter;
import dev.mcpgate.openapi.ImportOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The configuration file as the control plane's baseline: what it declares, read as a {@link
 * Baseline} and reconciled into the store by the one {@link BaselinePlan}, as objects owned by
 * the file ({@code owner: file}; surface {@code file} in the change log), which the service
 * layer then refuses to change through any other surface ("declared in the configuration file;
 * change it there"). The file is never written.
 *
 * <p>Mirrored: the credential bindings (references), the clients with their profiles and API
 * keys (as id and SHA-256; a key given by {@code ref} is read once and only its hash kept), the
 * sources (their description read from the file or the URL, with the entry's import settings:
 * base URL, tool prefix, operations, output schemas, parameter settings and binding; a new
 * revision when the bytes or the settings changed, approved and published to the served
 * environment when the file approves the source, withdrawn when it does not or is gone; served
 * from the store's snapshot like every other source), and the
 * policy rules the store's rule model can hold (an {@code id} the store accepts; matching on
 * subjects, clients, environments, tools, tags, sources, HTTP methods and read-only only).
 * Not mirrored, and said so: rules that need more (agents, workloads, surfaces, tenants, auth
 * methods, scopes, attributes, annotations other than read-only, argument conditions), and the
 * {@code limits} section (the store's limits count per client, profile or tool for all callers,
 * where the file's count per caller: they do not translate); both are served from the file.
 * sources (their description read from the file or the URL: a new revision when the bytes
 * changed, approved and published to the served environment when the file approves the source,
 * withdrawn when it does not or is gone), their operation selections (as tool names), every
 * policy rule (all its conditions; a rule whose id the store does not accept, such as one
 * without {@code id}, is stored under an id made from its place in the file, {@code
 * policy.rules[1]} as {@code policy.rules.1}, and a note says so), and {@code limits.rate} (as
 * limits that count each caller on its own: {@code perClient} as the {@code each_caller} limit
 * {@code limits.rate.perClient}, each {@code perTool} entry as the {@code each_caller_tool}
 * limit {@code limits.rate.perTool.TOOL}). The file's {@code policy.default} and {@code
 * policy.dryRun} are not objects of the store: the data plane takes them from the file.
 *
 * <p>Used by {@code serve} at start and on {@code SIGHUP}, and by {@code mcpgate diff} and
 * {@code mcpgate apply}.
 */
public final class FileBaseline {

  /** The id of the limit that mirrors {@code limits.rate.perClient}. */
  static final String PER_CLIENT = "limits.rate.perClient";

  /** How the ids of the limits that mirror {@code limits.rate.perTool} start. */
  static final String PER_TOOL = "limits.rate.perTool.";

  private static final Pattern STORE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  /** The actor {@code serve} reconciles the file under. */
  public static final Actor FILE = new Actor("file", Role.ADMIN, Surface.FILE);

  /**
   * The file read as a baseline.
   *
   * @param baseline what is mirrored
   * @param notes what a reader of the store should know, one line each (such as a rule stored
   *     under an id made from its place in the file)
   */
  public record Declared(Baseline baseline, List<String> notes) {
    /** Copies the collections. */
    public Declared {
      Objects.requireNonNull(baseline, "baseline");
      notes = List.copyOf(notes);
    }
  }

  private FileBaseline() {}

  /**
   * Reads what the file declares: each source's description (file or URL) and each key given by
   * reference. A source or key that cannot be read is left out of the baseline and named in the
   * problems: a baseline with problems must not be applied (it would remove what it lacks).
   *
   * @param config the configuration
   * @param environment how {@code env:} references are read
   * @param problems where what cannot be read is reported, with its path in the file
   * @return the baseline, with notes on what is not mirrored
   */
  public static Declared declare(ServeConfig config,
      Function<String, @Nullable String> environment, List<String> problems) {
    List<String> notes = new ArrayList<>();
    List<Baseline.SourceSpec> sources = new ArrayList<>();
    for (ServeConfig.SourceEntry entry : config.sources()) {
      Baseline.SourceSpec source = source(config, entry, problems);
      if (source != null) {
        sources.add(source);
      }
    }
    SecretStores secrets = secretStores(config, environment);
    List<Baseline.ClientSpec> clients = new ArrayList<>();
    for (ServeConfig.ClientEntry entry : config.clients()) {
      List<Baseline.ProfileSpec> profiles = new ArrayList<>();
      for (ServeConfig.ProfileEntry profile : entry.profiles()) {
        List<Baseline.KeySpec> keys = new ArrayList<>();
        for (ServeConfig.KeyEntry key : profile.keys()) {
          Baseline.KeySpec spec = key(entry, key, secrets, problems);
          if (spec != null) {
            keys.add(spec);
          }
        }
        profiles.add(new Baseline.ProfileSpec(profile.name(), profile.revoked(), keys));
      }
      clients.add(new Baseline.ClientSpec(entry.id(), entry.displayName(), entry.tenant(),
          entry.scopes(), entry.revoked(), profiles));
    }
    List<RuleDefinition> rules = rules(config.policy().rules(), notes, problems);
    List<LimitDefinition> limits = limits(config.limits().rate(), notes, problems);
    return new Declared(new Baseline(sources, config.bindings(), clients, rules, limits), notes);
  }

  /**
   * Brings the store's file-owned objects to what the file declares, as {@code serve} does at
   * start and on {@code SIGHUP}.
   *
   * @param config the configuration
   * @param control the service layer on its store
   * @param environment how {@code env:} references are read
   * @return one line saying what changed, then one per refusal and per note
   * @throws ConfigException if a description or a key cannot be read: nothing is changed
   * @throws dev.mcpgate.control.ControlStoreException if the store fails
   */
  public static List<String> reconcile(ServeConfig config, ControlPlane control,
      Function<String, @Nullable String> environment) {
    List<String> problems = new ArrayList<>();
    Declared declared = declare(config, environment, problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(config.file().toString(), problems);
    }
    return reconcile(config, declared, control);
  }

  /**
   * Brings the store's file-owned objects to a baseline already read with {@link #declare}
   * (without problems).
   *
   * @param config the configuration
   * @param declared what it declares
   * @param control the service layer on its store
   * @return one line saying what changed, then one per refusal and per note
   * @throws dev.mcpgate.control.ControlStoreException if the store fails
   */
  public static List<String> reconcile(ServeConfig config, Declared declared,
      ControlPlane control) {
    BaselinePlan plan = BaselinePlan.of(control, declared.baseline(), config.store().environment());
    BaselinePlan.Result result = plan.apply(FILE);
    List<String> lines = new ArrayList<>();
    lines.add("file baseline: " + plan.changes().size() + " objects reconciled with the store ("
        + result.applied() + " changes)");
    result.problems().forEach(problem -> lines.add("file baseline: " + problem));
    plan.notes().forEach(note -> lines.add("file baseline: " + note));
    declared.notes().forEach(note -> lines.add("file baseline: " + note));
    return lines;
  }

  private static Baseline.@Nullable SourceSpec source(ServeConfig config,
      ServeConfig.SourceEntry entry, List<String> problems) {
    String location;
    if (ServeConfig.isUrl(entry.description())) {
      location = entry.description();
    } else {
      Path dir = Objects.requireNonNullElse(config.file().getParent(), Path.of("."));
      location = dir.resolve(entry.description()).normalize().toString();
    }
    byte[] bytes;
    try {
      bytes = ApiImporter.read(location, ImportOptions.defaults());
    } catch (RuntimeException e) {
      problems.add(entry.path() + ".description: cannot read "
          + SourceImports.shown(entry.description()) + "; not reconciled");
      return null;
    }
    // A URL's query may carry a token: the store records the URL without it. The entry's
    // import settings go with the bytes: a change to either makes a new revision.
    return new Baseline.SourceSpec(entry.id(), bytes, SourceImports.shown(location),
        entry.approved(), null, settings(entry));
  }

  /**
   * A source entry's import settings, as the store keeps them with each revision: its base URL,
   * tool prefix, operations (imported by id, deprecated or not, as the file imports them),
   * output schema mode, parameter settings and binding.
   *
   * @param entry the source's entry in the file
   * @return the settings
   */
  public static ImportSettings settings(ServeConfig.SourceEntry entry) {
    return ImportSettings.builder()
        .baseUrl(entry.baseUrl())
        .toolPrefix(entry.toolPrefix())
        .operations(entry.operations())
        .outputSchemas(entry.outputSchemas())
        .credentialParameters(entry.credentialParameters())
        .inputParameters(entry.inputParameters())
        .binding(entry.binding())
        .build();
  }

  private static Baseline.@Nullable KeySpec key(ServeConfig.ClientEntry client,
      ServeConfig.KeyEntry key, SecretStores secrets, List<String> problems) {
    try {
      if (key.ref() == null) {
        return new Baseline.KeySpec(Objects.requireNonNull(key.id()),
            HexFormat.of().parseHex(Objects.requireNonNull(key.hash())));
      }
      CredentialResolution resolution = secrets.resolve(
          CredentialBinding.of(client.id(), AuthKind.BEARER, key.ref()),
          CallerContext.anonymous());
      if (resolution instanceof CredentialResolution.Resolved resolved) {
        String value = resolved.secret().reveal().strip();
        // Only the id and the hash leave here, never the key.
        return new Baseline.KeySpec(ClientRegistry.keyIdOf(value),
            ClientRegistry.hashKey(value));
      }
      problems.add(key.path() + ".ref: cannot read the key; not reconciled");
    } catch (IllegalArgumentException e) {
      // The library's message is not used: it must never be able to echo the value.
      problems.add(key.path() + ": not an mcpgate key id and hash; not reconciled");
    }
    return null;
  }

  private static SecretStores secretStores(ServeConfig config,
      Function<String, @Nullable String> environment) {
    SecretStores.Builder stores =
        SecretStores.builder().environment(EnvironmentSecrets.from(environment));
    if (config.secrets().files() != null) {
      stores.files(config.secrets().files());
    }
    return stores.build();
  }

  /**
   * Every file rule as the store holds it, in the file's order. A rule whose id is not a store id
   * gets one made from its path ({@code policy.rules[1]}: {@code policy.rules.1}), or with
   * {@code -2}, {@code -3}... when another rule has that id already; a note names it.
   */
  static List<RuleDefinition> rules(List<ServeConfig.Rule> fileRules, List<String> notes,
      List<String> problems) {
    Set<String> taken = new HashSet<>();
    fileRules.stream().map(rule -> rule.rule().id()).filter(FileBaseline::storeId)
        .forEach(taken::add);
    List<RuleDefinition> rules = new ArrayList<>();
    for (int i = 0; i < fileRules.size(); i++) {
      ServeConfig.Rule entry = fileRules.get(i);
      PolicyRule rule = entry.rule();
      String id = rule.id();
      if (!storeId(id)) {
        String base = entry.path().replace("[", ".").replace("]", "");
        id = base;
        for (int n = 2; taken.contains(id); n++) {
          id = base + "-" + n;
        }
        taken.add(id);
        String named = rule.id().equals(entry.path()) ? entry.path()
            : entry.path() + " (" + rule.id() + ")";
        notes.add(named + ": stored as rule " + id + " (a store id is 1 to 64 of A-Z a-z 0-9 _ ."
            + " -; give the rule an id to choose it)");
        rule = new PolicyRule(id, rule.effect(), rule.description(), rule.caller(), rule.tool(),
            rule.arguments());
      }
      try {
        rules.add(RuleDefinition.from(rule, i));
      } catch (IllegalArgumentException e) {
        problems.add(entry.path() + ": " + e.getMessage() + "; not reconciled");
      }
    }
    return rules;
  }

  /**
   * {@code limits.rate} as the store's per-caller limits: {@code perClient} as an {@code
   * each_caller} limit, each {@code perTool} entry as an {@code each_caller_tool} limit, which
   * count exactly as the file's limits do.
   */
  static List<LimitDefinition> limits(ServeConfig.Rate rate, List<String> notes,
      List<String> problems) {
    List<LimitDefinition> limits = new ArrayList<>();
    ServeConfig.Quota perClient = rate.perClient();
    if (perClient != null) {
      limit(limits, problems, perClient, PER_CLIENT, LimitDefinition.Scope.EACH_CALLER,
          LimitDefinition.EVERY_CALLER);
    }
    new TreeMap<>(rate.perTool()).forEach((tool, quota) -> {
      String id = PER_TOOL + tool;
      if (!storeId(id)) {
        id = PER_TOOL + HexFormat.of().formatHex(sha256(tool), 0, 8);
        notes.add(quota.path() + ": stored as limit " + id + " (the tool's name does not fit a"
            + " store id)");
      }
      limit(limits, problems, quota, id, LimitDefinition.Scope.EACH_CALLER_TOOL, tool);
    });
    return limits;
  }

  private static void limit(List<LimitDefinition> limits, List<String> problems,
      ServeConfig.Quota quota, String id, LimitDefinition.Scope scope, String target) {
    try {
      limits.add(new LimitDefinition(id, scope, target, quota.capacity(), quota.period()));
    } catch (IllegalArgumentException e) {
      problems.add(quota.path() + ": " + e.getMessage() + "; not reconciled");
    }
  }

  private static byte[] sha256(String text) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static boolean storeId(String id) {
    return STORE_ID.matcher(id).matches();
  }
}
