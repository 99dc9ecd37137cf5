package dev.mcpgate.cli.internal;

import dev.mcpgate.api.CredentialBinding;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.control.Binding;
import dev.mcpgate.control.Client;
import dev.mcpgate.control.ControlPlane;
import dev.mcpgate.control.ImportSettings;
import dev.mcpgate.control.ControlSnapshot;
import dev.mcpgate.control.Limit;
import dev.mcpgate.control.LimitDefinition;
import dev.mcpgate.control.OperationSelection;
import dev.mcpgate.control.Profile;
import dev.mcpgate.control.Rule;
import dev.mcpgate.control.RuleDefinition;
import dev.mcpgate.control.Source;
import dev.mcpgate.control.SourceRevision;
import dev.mcpgate.core.policy.ArgumentCondition;
import dev.mcpgate.openapi.ApiImporter;
import dev.mcpgate.openapi.ImportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The store's live state written as a configuration file ({@code mcpgate export}): sources (their
 * served revision's description written beside the file, under {@code sources/}, with the
 * revision's import settings as the entry's {@code baseUrl}, {@code toolPrefix}, {@code
 * operations}, {@code outputSchemas}, parameter lists and {@code binding}), operation
 * selections as operation ids, bindings (references only), clients with their profiles and live
 * keys (id and SHA-256 only), the rules with every condition (in their order), and the limits that
 * count each caller on its own as {@code limits.rate}. Applying the file to an empty store and
 * diffing it there shows no drift. Not written, and said so in the file's header: the limits
 * shared by all callers ({@code client}, {@code profile}, {@code tool}: the file's {@code
 * limits.rate} has no place for them) and revoked keys.
 */
public final class StoreExport {

  private StoreExport() {}

  /**
   * What was exported.
   *
   * @param yaml the configuration text
   * @param descriptions the description files written
   * @param skipped what the file could not hold, one line each
   */
  public record Exported(String yaml, List<Path> descriptions, List<String> skipped) {
    /** Copies the lists. */
    public Exported {
      descriptions = List.copyOf(descriptions);
      skipped = List.copyOf(skipped);
    }
  }

  /**
   * Exports the store's state for an environment.
   *
   * @param control the control plane
   * @param environment the environment whose published revisions are exported as approved
   * @param dir where {@code sources/} is written
   * @return the file's text, and the descriptions written
   * @throws IOException if a description cannot be written
   */
  public static Exported export(ControlPlane control, String environment, Path dir)
      throws IOException {
    ControlSnapshot snapshot = control.snapshot(environment);
    List<String> skipped = new ArrayList<>();
    List<Path> written = new ArrayList<>();
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("store", Map.of("environment", environment));

    List<Object> sources = new ArrayList<>();
    for (Source source : control.sources()) {
      String id = source.meta().id();
      Integer published = source.published().get(environment);
      int number = published != null ? published : source.latestRevision();
      Optional<byte[]> description = number == 0 ? Optional.empty()
          : control.description(id, number);
      if (description.isEmpty()) {
        skipped.add("source " + id + ": no revision");
        continue;
      }
      byte[] bytes = description.get();
      String name = "sources/" + id + (looksLikeJson(bytes) ? ".json" : ".yaml");
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.write(file, bytes);
      written.add(file);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", id);
      entry.put("description", name);
      entry.put("approved", published != null);
      SourceRevision revision = control.revisions(id).stream()
          .filter(r -> r.number() == number).findFirst().orElseThrow();
      ImportSettings settings = revision.settings();
      if (settings.baseUrl() != null) {
        entry.put("baseUrl", settings.baseUrl());
      }
      // The store serves a source with the binding named like it when its settings name none;
      // the file names its binding.
      String binding = settings.binding() != null ? settings.binding()
          : control.bindings().stream().anyMatch(b -> b.meta().id().equals(id)) ? id : null;
      if (binding != null) {
        entry.put("binding", binding);
      }
      if (settings.toolPrefix() != null) {
        entry.put("toolPrefix", settings.toolPrefix());
      }
      Optional<OperationSelection> selection = control.selection(id);
      if (selection.isPresent()) {
        entry.put("operations", operationIds(revision, bytes, selection.get(), skipped));
      } else if (settings.operations() != null) {
        entry.put("operations", new ArrayList<>(settings.operations()));
      }
      if (settings.outputSchemas() != ImportSettings.defaults().outputSchemas()) {
        entry.put("outputSchemas", settings.outputSchemas().wireName());
      }
      put(entry, "credentialParameters", settings.credentialParameters());
      put(entry, "inputParameters", settings.inputParameters());
      sources.add(entry);
    }
    if (!sources.isEmpty()) {
      root.put("sources", sources);
    }

    List<Object> bindings = new ArrayList<>();
    for (Binding stored : control.bindings()) {
      CredentialBinding binding = stored.binding();
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", binding.id());
      entry.put("kind", binding.kind().wireName());
      entry.put("secretRef", binding.secretRef());
      if (!binding.profileRefs().isEmpty()) {
        entry.put("profiles", new LinkedHashMap<>(binding.profileRefs()));
      }
      if (!binding.settings().isEmpty()) {
        entry.put("settings", new LinkedHashMap<>(binding.settings()));
      }
      bindings.add(entry);
    }
    if (!bindings.isEmpty()) {
      root.put("bindings", bindings);
    }

    Map<String, Map<String, List<Object>>> liveKeys = new LinkedHashMap<>();
    for (ControlSnapshot.SnapshotClient client : snapshot.clients()) {
      for (ControlSnapshot.SnapshotKey key : client.keys()) {
        liveKeys.computeIfAbsent(client.id(), id -> new LinkedHashMap<>())
            .computeIfAbsent(key.profile(), p -> new ArrayList<>())
            .add(keyEntry(key.keyId(), HexFormat.of().formatHex(key.sha256())));
      }
    }
    List<Object> clients = new ArrayList<>();
    for (Client client : control.clients()) {
      String id = client.meta().id();
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", id);
      if (!client.displayName().equals(id)) {
        entry.put("displayName", client.displayName());
      }
      if (client.tenant() != null) {
        entry.put("tenant", client.tenant());
      }
      if (!client.scopes().isEmpty()) {
        entry.put("scopes", new ArrayList<>(new TreeSet<>(client.scopes())));
      }
      if (client.revoked()) {
        entry.put("revoked", true);
      }
      Map<String, Object> profiles = new LinkedHashMap<>();
      for (Profile profile : control.profiles(id)) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (profile.revoked()) {
          body.put("revoked", true);
        }
        List<Object> keys = liveKeys.getOrDefault(id, Map.of()).get(profile.name());
        if (keys != null) {
          body.put("keys", keys);
        }
        profiles.put(profile.name(), body);
      }
      if (!profiles.isEmpty()) {
        entry.put("profiles", profiles);
      }
      clients.add(entry);
    }
    if (!clients.isEmpty()) {
      root.put("clients", clients);
    }

    List<Object> rules = new ArrayList<>();
    control.rules().stream().map(Rule::definition)
        .sorted(Comparator.comparingInt(RuleDefinition::order).thenComparing(RuleDefinition::id))
        .forEach(rule -> rules.add(rule(rule)));
    Map<String, Object> policy = new LinkedHashMap<>();
    policy.put("default", "deny");
    policy.put("rules", rules);
    root.put("policy", policy);
    Map<String, Object> rate = rate(control.limits(), skipped);
    if (!rate.isEmpty()) {
      root.put("limits", Map.of("rate", rate));
    }

    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(0);
    options.setWidth(100);
    StringBuilder text = new StringBuilder();
    text.append("# mcpgate export: the control plane's state at change ")
        .append(snapshot.sequence()).append(", environment ").append(environment)
        .append(".\n# Secrets appear as references and key hashes only.\n");
    skipped.forEach(line -> text.append("# not exported: ").append(line).append('\n'));
    text.append(new Yaml(options).dump(root));
    return new Exported(text.toString(), written, skipped);
  }

  private static Map<String, Object> keyEntry(String id, String hash) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", id);
    entry.put("hash", hash);
    return entry;
  }

  private static Map<String, Object> rule(RuleDefinition rule) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("id", rule.id());
    entry.put("effect", rule.effect().name().toLowerCase(Locale.ROOT));
    if (rule.description() != null) {
      entry.put("reason", rule.description());
    }
    put(entry, "subjects", rule.subjects());
    put(entry, "agents", rule.agents());
    put(entry, "workloads", rule.workloads());
    put(entry, "clients", rule.clientIds());
    put(entry, "surfaces", rule.surfaces());
    put(entry, "tenants", rule.tenants());
    put(entry, "environments", rule.environments());
    put(entry, "authMethods", rule.authMethods());
    put(entry, "scopes", rule.scopes());
    put(entry, "allScopes", rule.allScopes());
    if (!rule.attributes().isEmpty()) {
      Map<String, Object> attributes = new LinkedHashMap<>();
      rule.attributes().forEach((name, values) -> attributes.put(name, new ArrayList<>(values)));
      entry.put("attributes", attributes);
    }
    put(entry, "tools", rule.tools());
    put(entry, "tags", rule.tags());
    put(entry, "sources", rule.sources());
    put(entry, "httpMethods", rule.httpMethods());
    Map<String, Object> annotations = new LinkedHashMap<>();
    hint(annotations, "readOnly", rule.readOnly());
    hint(annotations, "destructive", rule.destructive());
    hint(annotations, "idempotent", rule.idempotent());
    hint(annotations, "openWorld", rule.openWorld());
    if (!annotations.isEmpty()) {
      entry.put("annotations", annotations);
    }
    if (!rule.arguments().isEmpty()) {
      List<Object> conditions = new ArrayList<>();
      for (ArgumentCondition condition : rule.arguments()) {
        Map<String, Object> written = new LinkedHashMap<>();
        written.put("argument", condition.argument());
        written.put("operator", condition.operator().symbol());
        written.put("value", condition.value() instanceof List<?> values
            ? new ArrayList<>(values) : condition.value());
        conditions.add(written);
      }
      entry.put("arguments", conditions);
    }
    return entry;
  }

  private static void hint(Map<String, Object> annotations, String name,
      @Nullable Boolean value) {
    if (value != null) {
      annotations.put(name, value);
    }
  }

  /**
   * The limits that count each caller, as {@code limits.rate}: the first {@code each_caller}
   * limit as {@code perClient}, each tool's first {@code each_caller_tool} limit under {@code
   * perTool}. The file has no place for a limit shared by all callers, nor for a second one.
   */
  private static Map<String, Object> rate(List<Limit> limits, List<String> skipped) {
    Map<String, Object> rate = new LinkedHashMap<>();
    Map<String, Object> perTool = new java.util.TreeMap<>();
    limits.stream().map(Limit::definition).sorted(Comparator.comparing(LimitDefinition::id))
        .forEach(limit -> {
          Map<String, Object> quota = new LinkedHashMap<>();
          quota.put("capacity", limit.capacity());
          quota.put("period", limit.period().toString());
          String shown = "limit " + limit.id() + " (" + limit.scope().name()
              .toLowerCase(Locale.ROOT) + " " + limit.target() + ")";
          switch (limit.scope()) {
            case EACH_CALLER -> {
              if (rate.putIfAbsent("perClient", quota) != null) {
                skipped.add(shown + ": the file holds one limits.rate.perClient");
              }
            }
            case EACH_CALLER_TOOL -> {
              if (perTool.putIfAbsent(limit.target(), quota) != null) {
                skipped.add(shown + ": the file holds one limits.rate.perTool entry per tool");
              }
            }
            case CLIENT, PROFILE, TOOL -> skipped.add(shown + ": the file's limits.rate counts"
                + " each caller on its own, it has no limit shared by all callers");
          }
        });
    if (!perTool.isEmpty()) {
      rate.put("perTool", perTool);
    }
    return rate;
  }

  private static void put(Map<String, Object> entry, String key, List<String> values) {
    if (!values.isEmpty()) {
      entry.put(key, new ArrayList<>(values));
    }
  }

  /**
   * The operation ids of a selection's tool names, the revision imported with its settings (so
   * with its prefix, and only its operations when it lists some); a tool without one is reported.
   */
  private static List<String> operationIds(SourceRevision revision, byte[] bytes,
      OperationSelection selection, List<String> skipped) {
    List<String> ids = new ArrayList<>();
    for (ToolDefinition tool : ApiImporter.importContent(bytes, revision.location(),
        revision.settings().applyTo(ImportOptions.builder().sourceId(revision.sourceId()))
            .build()).tools()) {
      if (selection.tools().contains(tool.name())) {
        if (tool.operationId() == null) {
          skipped.add("source " + revision.sourceId() + ": selected tool " + tool.name()
              + " has no operation id, so the file cannot select it");
        } else {
          ids.add(tool.operationId());
        }
      }
    }
    return ids.stream().sorted().toList();
  }

  private static boolean looksLikeJson(byte[] bytes) {
    for (byte b : bytes) {
      if (!Character.isWhitespace(b)) {
        return b == '{' || b == '[';
      }
    }
    return false;
  }
}
