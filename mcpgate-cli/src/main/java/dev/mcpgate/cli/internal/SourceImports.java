package dev.mcpgate.cli.internal;

import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.openapi.ApiImporter;
import dev.mcpgate.openapi.ImportException;
import dev.mcpgate.openapi.ImportOptions;
import dev.mcpgate.openapi.ImportResult;
import dev.mcpgate.openapi.ImportWarning;
import dev.mcpgate.openapi.Selection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Imports every source of a configuration, from its file or URL (with the importer's timeout
 * and size limit), and checks what only shows once imported: an operation id the description
 * lacks, two sources yielding one tool name. Problems and warnings name the source's path in the
 * file. Stateless.
 */
public final class SourceImports {

  private SourceImports() {}

  /**
   * One source and the tools it yields (those with an HTTP operation).
   *
   * @param entry the source's entry in the file
   * @param tools its tools
   */
  public record Imported(ServeConfig.SourceEntry entry, List<ToolDefinition> tools) {
    /** Copies the list. */
    public Imported {
      tools = List.copyOf(tools);
    }
  }

  /**
   * Imports every source.
   *
   * @param config the configuration
   * @param problems where problems are added
   * @param warnings where warnings are added
   * @return the sources that could be imported, in file order
   */
  public static List<Imported> importAll(
      ServeConfig config, List<String> problems, List<String> warnings) {
    List<Imported> imported = new ArrayList<>();
    Map<String, String> toolOwners = new HashMap<>();
    for (ServeConfig.SourceEntry source : config.sources()) {
      Imported result = importSource(source, problems, warnings);
      if (result == null) {
        continue;
      }
      imported.add(result);
      for (ToolDefinition tool : result.tools()) {
        String owner = toolOwners.putIfAbsent(tool.name(), source.id());
        if (owner != null) {
          problems.add(source.path() + ": tool '" + tool.name() + "' is also a tool of source '"
              + owner + "'; give one of them a toolPrefix");
        }
      }
    }
    return imported;
  }

  private static @Nullable Imported importSource(
      ServeConfig.SourceEntry entry, List<String> problems, List<String> warnings) {
    Selection.Builder selection = Selection.builder();
    if (entry.operations() != null) {
      // Listed by id: import exactly those, deprecated or not.
      selection.includeOperationIds(List.copyOf(new TreeSet<>(entry.operations())))
          .includeDeprecated(true);
    }
    ImportOptions options = ImportOptions.builder()
        .sourceId(entry.id())
        .serverUrl(entry.baseUrl())
        .namePrefix(entry.toolPrefix())
        .selection(selection.build())
        .credentialParameters(entry.credentialParameters())
        .inputParameters(entry.inputParameters())
        .build();
    ImportResult result;
    try {
      result = ApiImporter.importFrom(entry.description(), options);
    } catch (RuntimeException e) {
      // The importer's message starts with the location, which is named once, and a URL
      // without its query: a query may carry a token.
      String message = String.valueOf(e.getMessage());
      String named = e instanceof ImportException failed ? failed.location() : entry.description();
      String reason = message.startsWith(named)
          ? message.substring(named.length()) : ": " + message;
      problems.add(entry.path() + ".description: cannot import " + shown(entry.description())
          + reason);
      return null;
    }
    List<ToolDefinition> tools = result.tools().stream().filter(t -> t.http() != null).toList();
    if (entry.operations() != null) {
      Set<String> found = new LinkedHashSet<>();
      tools.forEach(t -> {
        if (t.operationId() != null) {
          found.add(t.operationId());
        }
      });
      for (String wanted : new TreeSet<>(entry.operations())) {
        if (!found.contains(wanted)) {
          problems.add(entry.path() + ".operations: no operation '" + wanted + "' in "
              + shortName(entry.description()));
        }
      }
    }
    for (ImportWarning warning : result.warnings()) {
      warnings.add(entry.path() + " (" + entry.id() + "): " + warning);
    }
    return new Imported(entry, tools);
  }

  /**
   * A description as problems show it: a file as it is, a URL without its query and fragment
   * (a query may carry a token), {@code ?...} marking that there was one.
   *
   * @param description the description's location
   * @return the text to show
   */
  static String shown(String description) {
    if (!ServeConfig.isUrl(description)) {
      return description;
    }
    int cut = description.length();
    for (char c : new char[] {'?', '#'}) {
      int at = description.indexOf(c);
      if (at >= 0 && at < cut) {
        cut = at;
      }
    }
    return cut == description.length() ? description : description.substring(0, cut) + "?...";
  }

  /** A file's name, or a URL as {@link #shown(String)} shows it. */
  private static String shortName(String description) {
    if (ServeConfig.isUrl(description)) {
      return shown(description);
    }
    Path name = Path.of(description).getFileName();
    return name == null ? description : name.toString();
  }
}
