package dev.mcpgate.openapi.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A collection's {@code {{variables}}}: the ones with a value are substituted, the others stay
 * as they are and become tool inputs where they appear. A variable whose name looks like a
 * credential ({@code token}, {@code secret}, {@code password}, ...) is never substituted, so
 * that its value cannot reach a tool definition. Immutable and thread-safe.
 */
public final class PostmanVariables {

  /** A {@code {{name}}} reference; group 1 is the name. */
  public static final Pattern REFERENCE = Pattern.compile("\\{\\{\\s*([^{}]+?)\\s*}}");

  private static final Pattern SECRET_NAME = Pattern.compile(
      "(?i).*(token|secret|passw|pwd|api[_-]?key|apikey|credential|private|signature|session)"
          + ".*");

  /** Substitution runs at most this often, so that variables naming each other terminate. */
  private static final int MAX_PASSES = 5;

  private final Map<String, String> values;

  private PostmanVariables(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Reads a collection's {@code variable} (or older {@code variables}) array: entries of
   * {@code key} (or {@code id}) and {@code value}; disabled entries are ignored.
   *
   * @param collection the collection's root object
   * @param credentials the names of variables an auth takes credentials from: never substituted
   * @return the variables with a usable value
   */
  public static PostmanVariables of(JsonNode collection, Set<String> credentials) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String field : new String[] {"variables", "variable"}) {
      JsonNode list = collection.get(field);
      if (list == null || !list.isArray()) {
        continue;
      }
      for (JsonNode entry : list) {
        if (!entry.isObject() || entry.path("disabled").asBoolean(false)) {
          continue;
        }
        String name = PostmanJson.text(entry, "key");
        if (name == null) {
          name = PostmanJson.text(entry, "id");
        }
        JsonNode value = entry.get("value");
        if (name == null || value == null || value.isNull() || value.isContainer()) {
          continue;
        }
        String text = value.asString();
        if (!text.isEmpty() && !isSecretName(name) && !credentials.contains(name.strip())) {
          values.put(name.strip(), text);
        }
      }
    }
    return new PostmanVariables(Map.copyOf(values));
  }

  /**
   * Whether a variable's or field's name looks like it holds a credential.
   *
   * @param name the name
   * @return true for names such as {@code access_token} or {@code client_secret}
   */
  public static boolean isSecretName(String name) {
    return SECRET_NAME.matcher(name).matches();
  }

  /**
   * Substitutes every variable that has a value; unknown ones are left as {@code {{name}}}.
   *
   * @param text the text
   * @return the text with known variables substituted
   */
  public String resolve(String text) {
    String current = text;
    for (int pass = 0; pass < MAX_PASSES && current.contains("{{"); pass++) {
      Matcher matcher = REFERENCE.matcher(current);
      StringBuilder out = new StringBuilder();
      boolean changed = false;
      while (matcher.find()) {
        String value = values.get(matcher.group(1));
        if (value != null) {
          changed = true;
        }
        matcher.appendReplacement(out, Matcher.quoteReplacement(
            value != null ? value : matcher.group()));
      }
      matcher.appendTail(out);
      current = out.toString();
      if (!changed) {
        break;
      }
    }
    return current;
  }

  /**
   * The value of a variable.
   *
   * @param name the variable's name
   * @return the value, or null when it has none (or is a credential)
   */
  public @Nullable String value(String name) {
    return values.get(name);
  }

  /**
   * The name of a text that is exactly one variable reference.
   *
   * @param text the text
   * @return the variable's name, or null when the text is anything else
   */
  public static @Nullable String soleReference(String text) {
    Matcher matcher = REFERENCE.matcher(text.strip());
    return matcher.matches() ? matcher.group(1) : null;
  }

  /**
   * Whether a text still contains a variable reference.
   *
   * @param text the text
   * @return true if it contains {@code {{...}}}
   */
  public static boolean hasReference(String text) {
    return REFERENCE.matcher(text).find();
  }

  /**
   * Lower-cased, for case-insensitive comparisons of header names.
   *
   * @param text the text
   * @return the text in lower case
   */
  static String lower(String text) {
    return text.toLowerCase(Locale.ROOT);
  }
}
