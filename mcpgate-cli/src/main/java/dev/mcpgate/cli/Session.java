package dev.mcpgate.cli;

import dev.mcpgate.cli.internal.AdminAnswer;
import dev.mcpgate.cli.internal.AdminBackend;
import dev.mcpgate.cli.internal.AdminRequest;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * One command's run: its back end, and how it prints. Reads return the API's JSON; a change is
 * sent with the command's {@code --dry-run} and {@code --if-match} and printed with the change
 * event it recorded. A problem stops the command ({@link Failed}) and is printed once, the same
 * way whichever back end answered. Not thread-safe.
 */
final class Session {

  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  /** A problem that ends the command. */
  static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient AdminAnswer.Problem problem;

    Failed(AdminAnswer.Problem problem) {
      super(problem.detail(), null, false, false);
      this.problem = problem;
    }

    AdminAnswer.Problem problem() {
      return problem;
    }
  }

  private final AdminBackend backend;
  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;
  private final boolean dryRun;
  private final @Nullable Long ifMatch;

  Session(AdminBackend backend, PrintWriter out, PrintWriter err, boolean json, boolean dryRun,
      @Nullable Long ifMatch) {
    this.backend = backend;
    this.out = out;
    this.err = err;
    this.json = json;
    this.dryRun = dryRun;
    this.ifMatch = ifMatch;
  }

  /** Whether the command prints JSON. */
  boolean json() {
    return json;
  }

  /** Whether the command only previews. */
  boolean dryRun() {
    return dryRun;
  }

  // ---- reading -----------------------------------------------------------------------------

  /** Sends a read and returns the body, or fails. */
  JsonNode read(AdminRequest request) {
    JsonNode body = done(request).body();
    return body == null ? JsonNodeFactory.instance.nullNode() : body;
  }

  /** Sends a request and returns the answer, or fails. */
  AdminAnswer.Done done(AdminRequest request) {
    AdminAnswer answer = backend.send(request);
    if (answer instanceof AdminAnswer.Problem problem) {
      throw new Failed(problem);
    }
    return (AdminAnswer.Done) answer;
  }

  /** Every item of a list, page after page. */
  List<JsonNode> all(AdminRequest request) {
    List<JsonNode> items = new ArrayList<>();
    String cursor = null;
    do {
      Map<String, @Nullable String> query = new LinkedHashMap<>();
      query.put("limit", "1000");
      query.put("cursor", cursor);
      JsonNode page = done(request.withQuery(query)).body();
      if (page == null) {
        break;
      }
      page.path("items").forEach(items::add);
      cursor = page.path("nextCursor").isString() ? page.path("nextCursor").asString() : null;
    } while (cursor != null);
    return items;
  }

  /** The revision an update expects: {@code --if-match}, else the object's as read now. */
  long expect(AdminRequest read) {
    return ifMatch != null ? ifMatch : done(read).revision();
  }

  /**
   * The revision a create-or-replace expects: {@code --if-match}, else the object's as read
   * now, else none (the object is new).
   */
  @Nullable Long expectIfExists(AdminRequest read) {
    if (ifMatch != null) {
      return ifMatch;
    }
    AdminAnswer answer = backend.send(read);
    if (answer instanceof AdminAnswer.Done done) {
      return done.revision();
    }
    AdminAnswer.Problem problem = (AdminAnswer.Problem) answer;
    if (problem.status() == 404) {
      return null;
    }
    throw new Failed(problem);
  }

  // ---- printing ----------------------------------------------------------------------------

  /** Prints a value read: its JSON, or its lines. */
  int show(JsonNode value, Function<JsonNode, List<String>> text) {
    if (json) {
      out.println(JSON.writeValueAsString(value));
    } else {
      text.apply(value).forEach(out::println);
    }
    out.flush();
    return 0;
  }

  /** Prints a list: a JSON array, or a line per item ({@code empty} when there is none). */
  int showAll(List<JsonNode> items, Function<JsonNode, String> line, String empty) {
    if (json) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      items.forEach(array::add);
      out.println(JSON.writeValueAsString(array));
    } else if (items.isEmpty()) {
      out.println(empty);
    } else {
      items.forEach(item -> out.println(line.apply(item)));
    }
    out.flush();
    return 0;
  }

  /**
   * Sends a change with the command's dry-run flag and the revision given, and prints what
   * became of it: in JSON, {@code {"result": ..., "change": ...}} (or the API's dry-run body);
   * as a table, the result's lines and the change's sequence and summary.
   */
  int change(AdminRequest request, @Nullable Long expected,
      Function<JsonNode, List<String>> text) {
    AdminAnswer.Done done = done(request.expecting(expected, dryRun));
    JsonNode body = done.body() == null ? JsonNodeFactory.instance.nullNode() : done.body();
    if (dryRun) {
      if (json) {
        out.println(JSON.writeValueAsString(body));
      } else {
        out.println("dry run: nothing changed; the change would be:");
        body.path("changes").forEach(change -> out.println("  " + changeLine(change)));
      }
      out.flush();
      return 0;
    }
    if (json) {
      ObjectNode document = JsonNodeFactory.instance.objectNode();
      document.set("result", body);
      document.set("change", done.change() == null ? JsonNodeFactory.instance.nullNode()
          : done.change());
      out.println(JSON.writeValueAsString(document));
    } else {
      if (!body.isNull()) {
        text.apply(body).forEach(out::println);
      }
      JsonNode change = done.change();
      if (change != null) {
        out.println("change " + change.path("sequence").asLong() + ": "
            + change.path("summary").asString());
      }
    }
    out.flush();
    return 0;
  }

  /** Prints a problem once and returns its exit code: 2 for an invalid request, else 1. */
  static int report(AdminAnswer.Problem problem, PrintWriter out, PrintWriter err, boolean json,
      String hint) {
    if (json) {
      ObjectNode document = JsonNodeFactory.instance.objectNode();
      document.put("refused", reason(problem));
      document.put("status", problem.status());
      document.put("detail", problem.detail());
      if (problem.field() != null) {
        document.put("field", problem.field());
      }
      out.println(JSON.writeValueAsString(document));
      out.flush();
    } else {
      err.println("mcpgate: refused (" + reason(problem) + "): " + problem.detail() + hint);
      err.flush();
    }
    return problem.usage() ? 2 : 1;
  }

  /**
   * The problem's type as the refusal's name, such as {@code STALE_REVISION} for {@code
   * stale-revision}: the same whichever back end refused.
   */
  static String reason(AdminAnswer.Problem problem) {
    return problem.type().toUpperCase(Locale.ROOT).replace('-', '_');
  }

  /** A change event on one line. */
  static String changeLine(JsonNode change) {
    return String.format(Locale.ROOT, "%6d %s %-5s %-16s %-9s %-28s %d->%d %s",
        change.path("sequence").asLong(), change.path("time").asString(),
        change.path("surface").asString().toLowerCase(Locale.ROOT),
        change.path("actor").asString(), change.path("kind").asString().toLowerCase(Locale.ROOT),
        change.path("objectId").asString(), change.path("revisionBefore").asLong(),
        change.path("revisionAfter").asLong(), change.path("summary").asString());
  }

  /** Prints a note on stderr, such as where the next page starts. */
  void note(String line) {
    err.println(line);
    err.flush();
  }
}
