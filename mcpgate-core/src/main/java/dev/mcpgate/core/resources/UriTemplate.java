package dev.mcpgate.core.resources;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 6570 URI template of level 1 ({@code {var}}, simple string expansion) or level 2's
 * reserved expansion ({@code {+var}}), used in reverse: to tell whether a URI is one of the
 * template's and to extract its variables.
 *
 * <p>A {@code {var}} matches one or more unreserved characters or percent-encoded octets (what
 * simple expansion produces, so never a {@code /}); a {@code {+var}} matches one or more of any
 * character, {@code /} included. Matched values are percent-decoded as UTF-8. Immutable and
 * thread-safe.
 */
public final class UriTemplate {

  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z0-9_]+");
  private static final String SIMPLE_VALUE = "((?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})++)";
  private static final String RESERVED_VALUE = "(.+?)";

  private final String template;
  private final List<String> variables;
  private final Pattern pattern;

  private UriTemplate(String template, List<String> variables, Pattern pattern) {
    this.template = template;
    this.variables = variables;
    this.pattern = pattern;
  }

  /**
   * Parses a template.
   *
   * @param template such as {@code app://orders/{id}} or {@code file:///{+path}}
   * @return the template
   * @throws IllegalArgumentException if it has no scheme, unbalanced braces, an operator other
   *     than {@code +}, a variable named twice, or a variable name other than letters, digits
   *     and {@code _}
   */
  public static UriTemplate of(String template) {
    Objects.requireNonNull(template, "template");
    if (!hasScheme(template)) {
      throw new IllegalArgumentException("a URI template needs a scheme, such as app://...");
    }
    List<String> variables = new ArrayList<>();
    StringBuilder regex = new StringBuilder();
    int at = 0;
    while (at < template.length()) {
      int open = template.indexOf('{', at);
      int stray = template.indexOf('}', at);
      if (stray >= 0 && (open < 0 || stray < open)) {
        throw new IllegalArgumentException("a '}' without '{' at index " + stray);
      }
      if (open < 0) {
        regex.append(Pattern.quote(template.substring(at)));
        break;
      }
      if (open > at) {
        regex.append(Pattern.quote(template.substring(at, open)));
      }
      int close = template.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("a '{' without '}' at index " + open);
      }
      String expression = template.substring(open + 1, close);
      boolean reserved = expression.startsWith("+");
      String name = reserved ? expression.substring(1) : expression;
      if (!VARIABLE.matcher(name).matches()) {
        throw new IllegalArgumentException("unsupported expression {" + expression
            + "}: only {name} and {+name} with names of letters, digits and _ are supported");
      }
      if (variables.contains(name)) {
        throw new IllegalArgumentException("the variable '" + name + "' appears twice");
      }
      variables.add(name);
      regex.append(reserved ? RESERVED_VALUE : SIMPLE_VALUE);
      at = close + 1;
    }
    return new UriTemplate(template, List.copyOf(variables), Pattern.compile(regex.toString()));
  }

  /**
   * Whether a URI starts with a scheme ({@code letter *( letter / digit / "+" / "-" / "." ) ":"}).
   *
   * @param uri the URI
   * @return true if it has one
   */
  public static boolean hasScheme(String uri) {
    return SCHEME.matcher(uri).matches();
  }

  /**
   * The variables of a URI, if it is one of this template's.
   *
   * @param uri a concrete URI
   * @return variable name to its percent-decoded value, in template order; empty if the URI does
   *     not match or a value is not valid percent-encoded UTF-8
   */
  public Optional<Map<String, String>> match(String uri) {
    Matcher matcher = pattern.matcher(uri);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < variables.size(); i++) {
      String decoded = decode(matcher.group(i + 1));
      if (decoded == null) {
        return Optional.empty();
      }
      values.put(variables.get(i), decoded);
    }
    return Optional.of(values);
  }

  /**
   * The variable names, in template order.
   *
   * @return the names
   */
  public List<String> variables() {
    return variables;
  }

  /**
   * The template as written.
   *
   * @return the template
   */
  @Override
  public String toString() {
    return template;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof UriTemplate that && template.equals(that.template);
  }

  @Override
  public int hashCode() {
    return template.hashCode();
  }

  private static @Nullable String decode(String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(value.length());
    int i = 0;
    while (i < value.length()) {
      char c = value.charAt(i);
      if (c == '%' && i + 2 < value.length() && hex(value.charAt(i + 1)) >= 0
          && hex(value.charAt(i + 2)) >= 0) {
        bytes.write(hex(value.charAt(i + 1)) * 16 + hex(value.charAt(i + 2)));
        i += 3;
      } else {
        int codePoint = value.codePointAt(i);
        byte[] raw = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        bytes.write(raw, 0, raw.length);
        i += Character.charCount(codePoint);
      }
    }
    try {
      // A strict decoder: an invalid sequence is a URI that names nothing, not a '?' in a value.
      return StandardCharsets.UTF_8.newDecoder()
          .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
