package dev.mcpgate.control.internal;

import dev.mcpgate.api.AuthRequirement;
import dev.mcpgate.api.HttpOperation;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.control.Evidence;
import dev.mcpgate.control.OperationEvidence;
import dev.mcpgate.control.RevisionDiff;
import dev.mcpgate.control.Risk;
import dev.mcpgate.openapi.ImportResult;
import dev.mcpgate.openapi.ImportWarning;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Builds a revision's review evidence from its import, and its diff against a base. */
final class Evidences {

  private Evidences() {}

  static Evidence of(ImportResult result, int baseNumber, @Nullable Evidence base) {
    List<OperationEvidence> operations = new ArrayList<>();
    TreeSet<String> auth = new TreeSet<>();
    TreeSet<String> hosts = new TreeSet<>();
    for (ToolDefinition tool : result.tools()) {
      HttpOperation http = tool.http();
      if (http == null) {
        continue;
      }
      TreeSet<String> kinds = new TreeSet<>();
      for (AuthRequirement requirement : tool.auth()) {
        kinds.add(requirement.kind().wireName());
        auth.add(describe(requirement));
      }
      hosts.add(hostOf(http.serverUrl()));
      operations.add(new OperationEvidence(tool.name(), http.method(), http.pathTemplate(),
          summaryOf(tool), Risk.of(http.method(), tool.annotations()), List.copyOf(kinds),
          Hashes.sha256Hex(tool.inputSchema().getBytes(StandardCharsets.UTF_8))));
    }
    List<String> warnings = result.warnings().stream().map(ImportWarning::toString).toList();
    List<String> authList = List.copyOf(auth);
    List<String> hostList = List.copyOf(hosts);
    return new Evidence(operations, authList, hostList, warnings,
        diff(baseNumber, base, operations, authList, hostList));
  }

  private static RevisionDiff diff(int baseNumber, @Nullable Evidence base,
      List<OperationEvidence> operations, List<String> auth, List<String> hosts) {
    Map<String, OperationEvidence> before = new LinkedHashMap<>();
    if (base != null) {
      base.operations().forEach(operation -> before.put(operation.key(), operation));
    }
    Map<String, OperationEvidence> after = new LinkedHashMap<>();
    operations.forEach(operation -> after.put(operation.key(), operation));
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    List<String> redescribed = new ArrayList<>();
    boolean writes = false;
    for (OperationEvidence now : after.values()) {
      OperationEvidence then = before.get(now.key());
      if (then == null) {
        added.add(now.key());
        writes |= now.risk() != Risk.READ;
      } else if (now.differsInBehaviour(then)) {
        changed.add(now.key());
        writes |= now.risk() != Risk.READ || then.risk() != Risk.READ;
      } else if (!Objects.equals(now.summary(), then.summary())) {
        redescribed.add(now.key());
      }
    }
    List<String> removed = new ArrayList<>();
    for (OperationEvidence then : before.values()) {
      if (!after.containsKey(then.key())) {
        removed.add(then.key());
        writes |= then.risk() != Risk.READ;
      }
    }
    List<String> baseAuth = base == null ? List.of() : base.auth();
    List<String> baseHosts = base == null ? List.of() : base.hosts();
    return new RevisionDiff(base == null ? 0 : baseNumber, added, removed, changed, redescribed,
        writes, minus(auth, baseAuth), minus(baseAuth, auth), minus(hosts, baseHosts),
        minus(baseHosts, hosts));
  }

  private static List<String> minus(List<String> from, List<String> taken) {
    return from.stream().filter(value -> !taken.contains(value)).toList();
  }

  private static @Nullable String summaryOf(ToolDefinition tool) {
    String text = tool.title() != null ? tool.title() : tool.description();
    if (text == null || text.isBlank()) {
      return null;
    }
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > 200 ? line.substring(0, 200) : line;
  }

  private static String hostOf(String serverUrl) {
    try {
      URI uri = URI.create(serverUrl);
      if (uri.getHost() == null) {
        return serverUrl;
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT)
          + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    } catch (IllegalArgumentException e) {
      return serverUrl;
    }
  }

  /** One line per scheme, precise enough to notice a change (a renamed header, a new URL). */
  static String describe(AuthRequirement requirement) {
    if (requirement instanceof AuthRequirement.ApiKey key) {
      return "apiKey " + key.location().name().toLowerCase(Locale.ROOT) + " " + key.name();
    }
    if (requirement instanceof AuthRequirement.Bearer bearer) {
      return bearer.bearerFormat() == null ? "bearer" : "bearer " + bearer.bearerFormat();
    }
    if (requirement instanceof AuthRequirement.OAuth2 oauth) {
      return "oauth2 " + String.join(",", oauth.flows())
          + (oauth.tokenUrl() == null ? "" : " " + oauth.tokenUrl())
          + (oauth.scopes().isEmpty() ? "" : " scopes " + String.join(",", oauth.scopes()));
    }
    if (requirement instanceof AuthRequirement.OpenIdConnect oidc) {
      return "openIdConnect " + oidc.discoveryUrl();
    }
    if (requirement instanceof AuthRequirement.HttpScheme http) {
      return "http " + http.scheme();
    }
    if (requirement instanceof AuthRequirement.Unknown unknown) {
      return "unknown " + unknown.detail();
    }
    return requirement.kind().wireName();
  }
}
