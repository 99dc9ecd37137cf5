package dev.mcpgate.benchmarks;

import dev.mcpgate.api.ParameterBinding;
import dev.mcpgate.api.ToolDefinition;
import dev.mcpgate.openapi.ApiImporter;
import dev.mcpgate.openapi.CredentialRule;
import dev.mcpgate.openapi.ImportOptions;
import dev.mcpgate.openapi.ImportResult;
import dev.mcpgate.openapi.Selection;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Measures credential inference on a directory of real descriptions (issue 13): imports each
 * description twice, with inference off ("before") and on ("after"), and counts the tools whose
 * input schema still asks for a credential, the tool count per description, the descriptions
 * that fail, and the parameters hidden or kept as look-alikes, of which it prints a random
 * sample for a hand check. Run by hand, never in CI; see {@code docs/import.md}.
 *
 * <p>A tool "asks for a credential" when one of its inputs (header, query or cookie) is judged a
 * credential by {@link CredentialRule} applied to the input schema, or has a name on a strict
 * list of names that are credentials beyond doubt.
 *
 * <pre>
 * java -Xmx3g -cp mcpgate-benchmarks/target/benchmarks.jar \
 *     dev.mcpgate.benchmarks.CredentialSurvey DIR OUT [LABEL [SEED]]
 * </pre>
 */
public final class CredentialSurvey {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Names (lower case, letters and digits only) that are credentials beyond doubt. */
  static final Set<String> STRICT = Set.of("authorization", "proxyauthorization", "apikey",
      "xapikey", "apitoken", "xapitoken", "accesstoken", "oauthtoken", "authtoken", "xauthtoken",
      "xaccesstoken", "apisecret", "clientsecret", "secretkey", "password", "sessiontoken",
      "xamzsecuritytoken", "subscriptionkey", "ocpapimsubscriptionkey", "bearertoken",
      "privatekey", "accesskey");

  private CredentialSurvey() {}

  /** One parameter seen, with what became of it. */
  record Seen(String file, String tool, String location, String name, String description,
      String reason) {}

  /**
   * Runs the survey.
   *
   * @param args the directory of descriptions, the output directory, a label, and the seed of
   *     the random samples (default 13)
   * @throws IOException if a file cannot be written
   */
  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: CredentialSurvey DIR OUT [LABEL [SEED]]");
      System.exit(2);
    }
    Path dir = Path.of(args[0]);
    Path out = Path.of(args[1]);
    String label = args.length > 2 ? args[2] : dir.getFileName().toString();
    long seed = args.length > 3 ? Long.parseLong(args[3]) : 13;
    Files.createDirectories(out);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p))
          .sorted().toList();
    }
    // Deprecated operations too: the importer judges their parameters (and warns) all the same.
    Selection all = Selection.builder().includeDeprecated(true).build();
    ImportOptions before = ImportOptions.builder().inferCredentials(false).selection(all)
        .maxDocumentBytes(60L * 1024 * 1024).build();
    ImportOptions after = ImportOptions.builder().selection(all)
        .maxDocumentBytes(60L * 1024 * 1024).build();

    Map<String, Integer> totals = new LinkedHashMap<>();
    List<Seen> hidden = new ArrayList<>();
    List<Seen> kept = new ArrayList<>();
    List<String> changedCounts = new ArrayList<>();
    List<String> newlyFailing = new ArrayList<>();
    List<String> stillAsking = new ArrayList<>();
    try (PrintWriter rows = new PrintWriter(Files.newBufferedWriter(
        out.resolve(label + "-descriptions.tsv"), StandardCharsets.UTF_8))) {
      rows.println("file\tbefore\tafter\ttoolsBefore\ttoolsAfter\taskingBefore\taskingAfter"
          + "\thidden");
      int n = 0;
      long started = System.nanoTime();
      for (Path file : files) {
        n++;
        String name = dir.relativize(file).toString();
        Outcome b = run(file, before);
        Outcome a = run(file, after);
        totals.merge("descriptions", 1, Integer::sum);
        totals.merge("failedBefore", b.result == null ? 1 : 0, Integer::sum);
        totals.merge("failedAfter", a.result == null ? 1 : 0, Integer::sum);
        if (b.result != null && a.result == null) {
          newlyFailing.add(name + ": " + a.error);
        }
        int askingBefore = 0;
        int askingAfter = 0;
        int hiddenHere = 0;
        if (b.result != null) {
          totals.merge("toolsBefore", b.result.tools().size(), Integer::sum);
          askingBefore = asking(b.result, name, null, null);
          totals.merge("askingBefore", askingBefore, Integer::sum);
        }
        if (a.result != null) {
          totals.merge("toolsAfter", a.result.tools().size(), Integer::sum);
          askingAfter = asking(a.result, name, kept, stillAsking);
          totals.merge("askingAfter", askingAfter, Integer::sum);
          hiddenHere = hiddenParameters(a.result, b.result, name, hidden);
          totals.merge("hiddenParameters", hiddenHere, Integer::sum);
          totals.merge("toolsWithInferredAuth", (int) a.result.tools().stream().filter(t ->
              t.auth().stream().anyMatch(r -> r.origin().wireName().equals("inferred")))
              .count(), Integer::sum);
        }
        if (a.result != null && b.result != null
            && a.result.tools().size() != b.result.tools().size()) {
          changedCounts.add(name + ": " + b.result.tools().size() + " -> "
              + a.result.tools().size());
        }
        rows.println(String.join("\t", name, b.result == null ? "failed" : "ok",
            a.result == null ? "failed" : "ok",
            String.valueOf(b.result == null ? 0 : b.result.tools().size()),
            String.valueOf(a.result == null ? 0 : a.result.tools().size()),
            String.valueOf(askingBefore), String.valueOf(askingAfter),
            String.valueOf(hiddenHere)));
        if (n % 100 == 0 || n == files.size()) {
          System.err.printf(Locale.ROOT, "%s: %d/%d descriptions, %d s%n", label, n,
              files.size(), (System.nanoTime() - started) / 1_000_000_000L);
          rows.flush();
        }
      }
    }
    writeSeen(out.resolve(label + "-hidden.tsv"), hidden);
    writeSeen(out.resolve(label + "-kept-lookalikes.tsv"), kept);
    writeSample(out.resolve(label + "-sample-hidden.txt"), hidden, 50, seed);
    writeSample(out.resolve(label + "-sample-kept.txt"), kept, 50, seed);
    try (PrintWriter summary = new PrintWriter(Files.newBufferedWriter(
        out.resolve(label + "-summary.txt"), StandardCharsets.UTF_8))) {
      summary.println("survey of " + dir);
      totals.forEach((key, value) -> summary.println(key + "\t" + value));
      summary.println("distinctHidden\t" + distinct(hidden).size());
      summary.println("distinctKeptLookalikes\t" + distinct(kept).size());
      summary.println("toolCountChanged\t" + changedCounts.size());
      changedCounts.forEach(line -> summary.println("  " + line));
      summary.println("newlyFailing\t" + newlyFailing.size());
      newlyFailing.forEach(line -> summary.println("  " + line));
      summary.println("stillAskingAfter (parameters)\t" + stillAsking.size());
      stillAsking.stream().limit(200).forEach(line -> summary.println("  " + line));
    }
    System.err.println(Files.readString(out.resolve(label + "-summary.txt")));
  }

  /** An import's result, or why it failed. */
  private record Outcome(@Nullable ImportResult result, @Nullable String error) {}

  private static Outcome run(Path file, ImportOptions options) {
    try {
      return new Outcome(ApiImporter.importFile(file, options), null);
    } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
      String message = String.valueOf(e.getMessage());
      return new Outcome(null, e.getClass().getSimpleName() + ": "
          + (message.length() > 200 ? message.substring(0, 200) : message));
    }
  }

  /** Counts the tools that ask for a credential; records kept look-alikes and leftovers. */
  private static int asking(ImportResult result, String file, @Nullable List<Seen> kept,
      @Nullable List<String> leftovers) {
    int count = 0;
    for (ToolDefinition tool : result.tools()) {
      boolean asks = false;
      if (tool.http() == null) {
        continue;
      }
      JsonNode properties = JSON.readTree(tool.inputSchema()).path("properties");
      for (ParameterBinding binding : tool.http().parameters()) {
        if (binding.location() == ParameterBinding.Location.BODY) {
          continue;
        }
        JsonNode property = properties.path(binding.argument());
        String description = property.path("description").asString("");
        String type = property.path("type").isString() ? property.path("type").asString() : null;
        // As the importer does: a string whose example or default is true or false is a flag.
        for (JsonNode hint : List.of(property.path("default"), property.path("examples").path(0))) {
          String value = hint.asString("");
          if ("string".equals(type) && (value.equals("true") || value.equals("false"))) {
            type = "boolean";
          }
        }
        String wire = binding.wireName() == null ? binding.argument() : binding.wireName();
        CredentialRule.Verdict verdict =
            CredentialRule.judge(binding.location(), wire, description, type,
                tool.http().pathTemplate());
        boolean strict = binding.location() != ParameterBinding.Location.PATH
            && STRICT.contains(normalize(wire));
        if (verdict instanceof CredentialRule.Verdict.Credential || strict) {
          asks = true;
          if (leftovers != null) {
            leftovers.add(file + " " + tool.name() + " "
                + binding.location().name().toLowerCase(Locale.ROOT) + " " + wire
                + (strict ? " (strict list)" : " (rule)"));
          }
        } else if (verdict instanceof CredentialRule.Verdict.LookAlike lookAlike
            && kept != null) {
          kept.add(new Seen(file, tool.name(), binding.location().name().toLowerCase(Locale.ROOT),
              wire, description, lookAlike.reason()));
        }
      }
      if (asks) {
        count++;
      }
    }
    return count;
  }

  /** The parameters the "after" import hid, read from its warnings, with their descriptions. */
  private static int hiddenParameters(ImportResult after, @Nullable ImportResult before,
      String file, List<Seen> hidden) {
    Map<String, ToolDefinition> beforeTools = new HashMap<>();
    if (before != null) {
      before.tools().forEach(t -> {
        if (t.http() != null) {
          beforeTools.putIfAbsent(t.http().method() + " " + t.http().pathTemplate(), t);
        }
        // Postman warnings name a request by its folders and name.
        List<String> parts = new ArrayList<>(t.tags());
        parts.add(t.title() == null ? "(unnamed)" : t.title());
        beforeTools.putIfAbsent(String.join("/", parts), t);
      });
    }
    int count = 0;
    for (var warning : after.warnings()) {
      String message = warning.message();
      int marker = message.indexOf(" parameter '");
      int hiddenAt = message.indexOf("' hidden as a credential: ");
      if (marker < 0 || hiddenAt < marker) {
        continue;
      }
      count++;
      String location = message.substring(0, marker);
      String name = message.substring(marker + " parameter '".length(), hiddenAt);
      String reason = message.substring(hiddenAt + "' hidden as a credential: ".length());
      String description = "";
      ToolDefinition tool = warning.operation() == null ? null
          : beforeTools.get(warning.operation());
      if (tool != null) {
        JsonNode properties = JSON.readTree(tool.inputSchema()).path("properties");
        for (ParameterBinding binding : tool.http().parameters()) {
          if (name.equals(binding.wireName())
              && binding.location().name().equalsIgnoreCase(location)) {
            description = properties.path(binding.argument()).path("description").asString("");
          }
        }
      }
      hidden.add(new Seen(file, String.valueOf(warning.operation()), location, name,
          description, reason));
    }
    return count;
  }

  private static void writeSeen(Path path, List<Seen> seen) {
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(path,
        StandardCharsets.UTF_8))) {
      out.println("file\ttool\tlocation\tname\tdescription\treason");
      for (Seen s : seen) {
        out.println(String.join("\t", s.file(), s.tool(), s.location(), s.name(),
            oneLine(s.description(), 300), oneLine(s.reason(), 300)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Distinct (location, name, description): the unit of the hand check. */
  private static List<Seen> distinct(List<Seen> seen) {
    Map<String, Seen> unique = new LinkedHashMap<>();
    for (Seen s : seen) {
      unique.putIfAbsent(s.location() + "|" + s.name().toLowerCase(Locale.ROOT) + "|"
          + oneLine(s.description(), 300), s);
    }
    return new ArrayList<>(unique.values());
  }

  private static void writeSample(Path path, List<Seen> seen, int size, long seed) {
    List<Seen> pool = distinct(seen);
    Collections.shuffle(pool, new Random(seed));
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(path,
        StandardCharsets.UTF_8))) {
      out.printf(Locale.ROOT, "%d of %d distinct (location, name, description)%n%n",
          Math.min(size, pool.size()), pool.size());
      int i = 0;
      for (Seen s : pool.subList(0, Math.min(size, pool.size()))) {
        out.printf(Locale.ROOT, "%2d. %s %s '%s' [%s]%n    description: %s%n    reason: %s%n",
            ++i, s.file(), s.location(), s.name(), s.tool(), oneLine(s.description(), 240),
            oneLine(s.reason(), 240));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String oneLine(String text, int max) {
    String line = text.replaceAll("\\s+", " ").strip();
    return line.length() > max ? line.substring(0, max - 3) + "..." : line;
  }

  private static String normalize(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
  }
}
