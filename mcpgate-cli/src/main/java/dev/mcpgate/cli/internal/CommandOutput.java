package dev.mcpgate.cli.internal;

import dev.mcpgate.control.Outcome;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a control-plane command prints: lines of text for a person, or one JSON document for a
 * script ({@code --output json}). The JSON of a result is its record, field by field; an
 * outcome's JSON also carries the change event it recorded, or the refusal.
 */
public final class CommandOutput {

  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .build();

  private final PrintWriter out;
  private final PrintWriter err;
  private final boolean json;

  /**
   * Prints to a command's streams.
   *
   * @param out normal output
   * @param err refusals and errors (text mode)
   * @param json whether to print JSON
   */
  public CommandOutput(PrintWriter out, PrintWriter err, boolean json) {
    this.out = out;
    this.err = err;
    this.json = json;
  }

  /**
   * Prints something read from the store.
   *
   * @param value the value, printed as JSON in JSON mode
   * @param text its lines in text mode
   * @param <T> its type
   * @return exit code 0
   */
  public <T> int show(T value, Function<T, List<String>> text) {
    if (json) {
      out.println(JSON.writeValueAsString(value));
    } else {
      text.apply(value).forEach(out::println);
    }
    out.flush();
    return 0;
  }

  /**
   * Prints what became of a command: its result and change, or why it was refused.
   *
   * @param outcome the outcome
   * @param text the result's lines in text mode
   * @param <T> the result's type
   * @return exit code 0 when applied, 1 when refused
   */
  public <T> int outcome(Outcome<T> outcome, Function<T, List<String>> text) {
    if (outcome instanceof Outcome.Applied<T> applied) {
      if (json) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("result", applied.result());
        document.put("change", applied.change());
        out.println(JSON.writeValueAsString(document));
      } else {
        text.apply(applied.result()).forEach(out::println);
        out.println("change " + applied.change().sequence() + ": " + applied.change().summary());
      }
      out.flush();
      return 0;
    }
    if (outcome instanceof Outcome.Refused<T> refused) {
      if (json) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("refused", refused.reason());
        document.put("message", refused.message());
        out.println(JSON.writeValueAsString(document));
        out.flush();
      } else {
        err.println("mcpgate: refused (" + refused.reason() + "): " + refused.message());
        err.flush();
      }
      return 1;
    }
    throw new IllegalStateException("a command was applied, not previewed");
  }
}
